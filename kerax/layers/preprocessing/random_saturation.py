"""`RandomSaturation`: scales the saturation of images.

>>> import numpy as np
>>> x = np.array([[[[200.0, 100.0, 100.0]]]])
>>> RandomSaturation((0.0, 0.0), seed=1)(x)[0, 0, 0].tolist()
[200.0, 200.0, 200.0]
"""

import jax.numpy as jnp

from kerax.layers.preprocessing.color_layer import ColorLayer
from kerax.ops import image as image_ops

_EPSILON = 1e-7


class RandomSaturation(ColorLayer):
    """Multiplies the HSV saturation by `f / (1 - f)`.

    `f` is drawn per image in `[lower, upper]` (a number `f` means
    `[-f, f]`, as Keras's base factor): 0 gives grayscale, 0.5 leaves the
    image unchanged, values towards 1 saturate fully. The scaled
    saturation is clipped to `value_range`, as in Keras. Active only with
    `training=True`.

    Args:
        factor: a float or a pair `(lower, upper)` within [-1, 1] (use
            [0, 1]).
        value_range: the `(min, max)` of the pixel values.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: int seed of the layer's `SeedGenerator`.
    """

    def __init__(self, factor, value_range=(0, 255), data_format=None,
                 seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._init_color(factor, value_range, seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        factor = self.draw_factor(data, seed)
        return {"factor": factor / (1.0 - factor + _EPSILON)}

    def _transform(self, images, transformation):
        scale = jnp.asarray(transformation["factor"], images.dtype)
        hsv = image_ops.rgb_to_hsv(images)
        saturation = jnp.clip(hsv[..., 1] * scale[:, None, None],
                              *self.value_range)
        hsv = jnp.stack([hsv[..., 0], saturation, hsv[..., 2]], axis=-1)
        return image_ops.hsv_to_rgb(hsv).astype(images.dtype)
