"""`RandomHue`: rotates the hue of images by a random amount.

>>> import numpy as np
>>> RandomHue(0.5, seed=1)(np.full((2, 4, 4, 3), 100.0)).shape
(2, 4, 4, 3)
"""

import jax
import jax.numpy as jnp

from kerax.layers.preprocessing.augmentation_layer import rescale
from kerax.layers.preprocessing.color_layer import ColorLayer
from kerax.ops import image as image_ops


class RandomHue(ColorLayer):
    """Shifts the hue of each image by `±f / 2` of a full turn.

    `f` is drawn per image in `[lower, upper]` (a number `f` means
    `[0, f]`), the sign at random. The image is mapped from `value_range`
    to [0, 1], converted to HSV, its hue shifted (wrapping around) and
    converted back. Active only with `training=True`.

    Args:
        factor: a float or a pair `(lower, upper)` within [0, 1].
        value_range: the `(min, max)` of the pixel values.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: int seed of the layer's `SeedGenerator`.
    """

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), data_format=None,
                 seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._init_color(factor, value_range, seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        # One draw for the signs and the amounts (one random-bits pass).
        unit = jax.random.uniform(self._keys(seed)(),
                                  (2, self._batch_size(data)))
        sign = jnp.where(unit[0] > 0.5, -1.0, 1.0)
        lower, upper = self.factor
        factor = lower + unit[1] * (upper - lower)
        return {"factor": sign * factor * 0.5}

    def _transform(self, images, transformation):
        dtype = images.dtype
        x = rescale(images, self.value_range, (0, 1))
        shift = jnp.asarray(transformation["factor"], dtype)[:, None, None]
        hsv = image_ops.rgb_to_hsv(x)
        hue = hsv[..., 0] + shift
        hue = jnp.where(hue > 1.0, hue - 1.0, hue)
        hue = jnp.where(hue < 0.0, hue + 1.0, hue)
        hsv = jnp.stack([hue, hsv[..., 1], hsv[..., 2]], axis=-1)
        x = jnp.clip(image_ops.hsv_to_rgb(hsv), 0.0, 1.0)
        return rescale(x, (0, 1), self.value_range).astype(dtype)
