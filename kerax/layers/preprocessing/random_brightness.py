"""`RandomBrightness`: adds a random brightness offset to images.

>>> import numpy as np
>>> RandomBrightness(0.2, seed=1)(np.ones((2, 4, 4, 3))).shape
(2, 4, 4, 3)
"""

import jax.numpy as jnp

from kerax import random
from kerax.layers.preprocessing.image_layer import BaseImageLayer


class RandomBrightness(BaseImageLayer):
    """Randomly shifts brightness: `x + d * (max - min)`, clipped.

    `d` is drawn per image in `[lower, upper]` (a number `f` means
    `[-f, f]`), scaled by the width of `value_range`, added to every pixel
    and channel, and the result clipped to `value_range`. Active only with
    `training=True` (the default when called directly).

    Args:
        factor: a float or a pair `(lower, upper)` within [-1, 1].
        value_range: the `(min, max)` of the pixel values (default
            `(0, 255)`), stored sorted as a list.
        seed: int seed of the layer's `SeedGenerator`.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape: rank 3 or 4 images. Output: same shape, compute dtype.
    """

    def __init__(self, factor, value_range=(0, 255), seed=None,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self.parse_factor(factor, (-1, 1))
        if not isinstance(value_range, (tuple, list)) or len(
            value_range
        ) != 2:
            raise ValueError(
                "The `value_range` argument should be a list of two numbers. "
                f"Received: value_range={value_range}"
            )
        self.value_range = sorted(value_range)
        self._init_seed(seed)

    def call(self, inputs, training=True):
        images = self._to_compute(inputs)
        if not training:
            return images
        self._check_rank(images, "RandomBrightness")
        shape = (1, 1, 1) if images.ndim == 3 else (images.shape[0], 1, 1, 1)
        delta = random.uniform(shape, minval=self.factor[0],
                               maxval=self.factor[1], seed=self.generator)
        delta = delta * (self.value_range[1] - self.value_range[0])
        out = images + delta.astype(images.dtype)
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
