"""`RandomContrast`: scales each image's contrast by a random factor.

>>> import numpy as np
>>> RandomContrast(0.5, seed=1)(np.ones((2, 4, 4, 3))).shape
(2, 4, 4, 3)
"""

import jax.numpy as jnp

from kerax import random
from kerax.layers.preprocessing.image_layer import BaseImageLayer


class RandomContrast(BaseImageLayer):
    """Randomly adjusts contrast: `(x - mean) * c + mean`, clipped.

    `mean` is the per-image, per-channel mean over height and width; `c`
    is drawn per image in `[1 - lower, 1 + upper]`, and the result is
    clipped to `value_range`. As in Keras, a single number `f` gives
    `(lower, upper) = (0, f)` (factors are bounded to [0, 1]). Active only
    with `training=True` (the default when called directly).

    Args:
        factor: a float or a pair `(lower, upper)` within [0, 1].
        value_range: the `(min, max)` of the pixel values (default
            `(0, 255)`).
        seed: int seed of the layer's `SeedGenerator`.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape: rank 3 or 4 images. Output: same shape, compute dtype.
    """

    def __init__(self, factor, value_range=(0, 255), seed=None,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self.parse_factor(factor, (0, 1))
        self.value_range = value_range
        self._init_seed(seed)

    def call(self, inputs, training=True):
        images = self._to_compute(inputs)
        if not training:
            return images
        self._check_rank(images, "RandomContrast")
        shape = (1, 1, 1) if images.ndim == 3 else (images.shape[0], 1, 1, 1)
        factor = random.uniform(
            shape, minval=1.0 - self.factor[0], maxval=1.0 + self.factor[1],
            seed=self.generator, dtype=self.compute_dtype,
        )
        h_axis, w_axis = self._hw_axes(images.ndim)
        mean = jnp.mean(images, axis=(h_axis, w_axis), keepdims=True)
        out = (images - mean) * factor + mean
        return jnp.clip(out, self.value_range[0], self.value_range[1])

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "factor": self.factor,
                "value_range": self.value_range,
                "seed": self.seed,
            }
        )
        return config
