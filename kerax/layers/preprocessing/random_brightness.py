"""`RandomBrightness`: adds a random brightness offset to images.

>>> import numpy as np
>>> RandomBrightness(0.2, seed=1)(np.ones((2, 4, 4, 3))).shape
(2, 4, 4, 3)
"""

import jax.numpy as jnp

from kerax.layers.preprocessing.color_layer import ColorLayer


class RandomBrightness(ColorLayer):
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
        self._init_color(factor, value_range, seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        delta = self.draw_factor(data, seed, (1, 1, 1))
        span = self.value_range[1] - self.value_range[0]
        return {"rgb_delta": delta * span}

    def _transform(self, images, transformation):
        out = images + jnp.asarray(transformation["rgb_delta"], images.dtype)
        return jnp.clip(out, self.value_range[0], self.value_range[1])
