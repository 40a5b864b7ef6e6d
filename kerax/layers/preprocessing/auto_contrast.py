"""`AutoContrast`: stretches each channel to the full value range.

>>> import numpy as np
>>> out = AutoContrast()(np.array([[[[50.0]], [[100.0]]]]))
>>> np.asarray(out)[0, :, 0, 0].round(3).tolist()
[0.0, 255.0]
"""

import jax.numpy as jnp

from kerax.layers.preprocessing.augmentation_layer import (
    AugmentationLayer,
    check_value_range,
    rescale,
)


class AutoContrast(AugmentationLayer):
    """Maps each image channel's minimum to `value_range[0]` and maximum to
    `value_range[1]` linearly (constant channels are left unchanged).

    Deterministic and, as in Keras, applied at inference too.

    Args:
        value_range: the `(min, max)` of the pixel values.
        data_format: `"channels_last"` (default) or `"channels_first"`.
    """

    _RANDOM = False
    _ACTIVE_AT_INFERENCE = True

    def __init__(self, value_range=(0, 255), data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = check_value_range(value_range, "AutoContrast")

    def _transform(self, images, transformation):
        x = rescale(images, self.value_range, (0, 255))
        low = jnp.min(x, axis=(1, 2), keepdims=True)
        high = jnp.max(x, axis=(1, 2), keepdims=True)
        scale = 255.0 / (high - low)
        x = jnp.clip(x * scale - low * scale, 0.0, 255.0)
        x = rescale(x, (0, 255), self.value_range)
        return jnp.where(jnp.isnan(x), images, x).astype(images.dtype)

    def get_config(self):
        config = super().get_config()
        config.update({"value_range": self.value_range})
        return config
