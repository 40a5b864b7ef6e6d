"""`RandomRotation`: rotates images by a random angle.

>>> import numpy as np
>>> RandomRotation(0.1, seed=1)(np.ones((1, 4, 4, 1))).shape
(1, 4, 4, 1)
"""

from kerax import random
from kerax.layers.preprocessing.image_layer import (
    FILL_MODES,
    INTERPOLATIONS,
    BaseImageLayer,
    rotation_matrices,
)


class RandomRotation(BaseImageLayer):
    """Rotates each image about its centre by a random angle.

    The angle is drawn uniformly in `[lower, upper] * 360` degrees
    (counter-clockwise for positive values), points falling outside the
    input are filled according to `fill_mode`. Active only with
    `training=True` (the default when called directly).

    Args:
        factor: a float `f` (angles in `[-f, f]` of a full turn) or a pair
            `(lower, upper)`, within [-1, 1].
        fill_mode: `"reflect"` (default), `"wrap"`, `"constant"` or
            `"nearest"`.
        interpolation: `"bilinear"` (default) or `"nearest"`.
        seed: int seed of the layer's `SeedGenerator`.
        fill_value: the value outside the image with `"constant"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape: rank 3 or 4 images. Output: same shape, compute dtype.
    """

    def __init__(self, factor, fill_mode="reflect", interpolation="bilinear",
                 seed=None, fill_value=0.0, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self.parse_factor(factor, (-1, 1))
        self.check_choice(fill_mode, FILL_MODES, "fill_mode")
        self.check_choice(interpolation, INTERPOLATIONS, "interpolation")
        self.fill_mode = fill_mode
        self.interpolation = interpolation
        self.fill_value = fill_value
        self._init_seed(seed)

    def call(self, inputs, training=True):
        images = self._to_compute(inputs)
        if not training:
            return images
        images, unbatched = self._batched(images)
        height, width = self._hw(images.shape)
        angles = random.uniform(
            (images.shape[0],), minval=self.factor[0] * 360.0,
            maxval=self.factor[1] * 360.0, seed=self.generator,
        )
        transforms = rotation_matrices(angles, height, width)
        out = self._affine(images, transforms, self.interpolation,
                           self.fill_mode, self.fill_value)
        return out[0] if unbatched else out

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "factor": self.factor,
                "fill_mode": self.fill_mode,
                "fill_value": self.fill_value,
                "interpolation": self.interpolation,
                "seed": self.seed,
            }
        )
        return config
