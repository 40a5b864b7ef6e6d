"""`RandomSharpness`: sharpens or blurs images by a random amount.

>>> import numpy as np
>>> RandomSharpness(0.5, seed=1)(np.full((2, 4, 4, 3), 9.0)).shape
(2, 4, 4, 3)
"""

import jax
import jax.numpy as jnp

from kerax.layers.preprocessing.color_layer import ColorLayer


def smooth(images):
    """Each channel filtered by the 3x3 kernel `[1 1 1; 1 5 1; 1 1 1] / 13`
    with zero padding ("same" size); `images` is NHWC."""
    channels = images.shape[-1]
    a, b = 1.0 / 13.0, 5.0 / 13.0
    kernel = jnp.array([[a, a, a], [a, b, a], [a, a, a]], images.dtype)
    kernel = jnp.tile(kernel[:, :, None, None], (1, 1, 1, channels))
    return jax.lax.conv_general_dilated(
        images, kernel, (1, 1), "SAME",
        dimension_numbers=("NHWC", "HWIO", "NHWC"),
        feature_group_count=channels,
    )


class RandomSharpness(ColorLayer):
    """`x + (1 - 2f) * (smooth(x) - x)`, clipped to `value_range`.

    `f` is drawn per image in `[lower, upper]` (a number `f` means
    `[0, f]`): 0 gives the smoothed image, 0.5 the original, 1 a
    sharpened one. Active only with `training=True`.

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
        return {"factor": self.draw_factor(data, seed)}

    def _transform(self, images, transformation):
        sharp = jnp.asarray(transformation["factor"], images.dtype) * 2
        sharp = sharp.reshape(-1, 1, 1, 1)
        out = images + (1.0 - sharp) * (smooth(images) - images)
        return jnp.clip(out, *self.value_range).astype(images.dtype)
