"""`RandomRotation`: rotates images by a random angle.

>>> import numpy as np
>>> RandomRotation(0.1, seed=1)(np.ones((1, 4, 4, 1))).shape
(1, 4, 4, 1)
"""

from kerax import random
from kerax.layers.preprocessing.geometric_layer import (
    GeometricImageLayer,
    boxes_through_matrix,
)
from kerax.layers.preprocessing.image_layer import (
    FILL_MODES,
    INTERPOLATIONS,
    rotation_matrices,
)


class RandomRotation(GeometricImageLayer):
    """Rotates each image about its centre by a random angle.

    The angle is drawn uniformly in `[lower, upper] * 360` degrees
    (counter-clockwise for positive values), points falling outside the
    input are filled according to `fill_mode`. Active only with
    `training=True` (the default when called directly). Also takes
    `{"images", "bounding_boxes", "labels", "segmentation_masks"}` dicts
    (boxes are replaced by the boxes enclosing their rotated corners;
    see `GeometricImageLayer`).

    Args:
        factor: a float `f` (angles in `[-f, f]` of a full turn) or a pair
            `(lower, upper)`, within [-1, 1].
        fill_mode: `"reflect"` (default), `"wrap"`, `"constant"` or
            `"nearest"`.
        interpolation: `"bilinear"` (default) or `"nearest"`.
        seed: int seed of the layer's `SeedGenerator`.
        fill_value: the value outside the image with `"constant"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        bounding_box_format: format of the boxes of dict inputs.

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

    def get_random_transformation(self, images_shape, training=True):
        if not training:
            return None
        height, width = self._hw(images_shape)
        angles = random.uniform(
            (images_shape[0],), minval=self.factor[0] * 360.0,
            maxval=self.factor[1] * 360.0, seed=self.generator,
        )
        return {
            "angle": angles,
            "rotation_matrix": rotation_matrices(angles, height, width),
            "image_height": height,
            "image_width": width,
            "batch_size": images_shape[0],
            "input_shape": tuple(images_shape),
        }

    def _warp(self, images, transformation, interpolation):
        return self._affine(images, transformation["rotation_matrix"],
                            interpolation, self.fill_mode, self.fill_value)

    def _transform_xyxy(self, boxes, transformation, height, width):
        return boxes_through_matrix(boxes, transformation["rotation_matrix"])

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
