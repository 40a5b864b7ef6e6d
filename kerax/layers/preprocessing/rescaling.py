"""`Rescaling`: `inputs * scale + offset`.

>>> import numpy as np
>>> Rescaling(1 / 255.0)(np.array([0.0, 255.0])).tolist()
[0.0, 1.0]
"""

import numpy as np

from kerax import config, ops
from kerax.core.object_codec import (
    deserialize_keras_object,
    serialize_keras_object,
)
from kerax.layers.layer import Layer


class Rescaling(Layer):
    """Multiplies the inputs by `scale` and adds `offset`.

    Typical uses: `Rescaling(1 / 255)` maps `[0, 255]` pixels to `[0, 1]`,
    `Rescaling(1 / 127.5, offset=-1)` maps them to `[-1, 1]`. Integer
    inputs are cast to the compute dtype first.

    Args:
        scale: a float, or an array broadcast against the inputs (with
            `image_data_format() == "channels_first"`, a per-channel vector
            is reshaped to `(channels, 1, 1)`).
        offset: a float or array added after scaling (default 0.0).

    Input shape: any. Output: same shape, compute dtype.
    """

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale = scale
        self.offset = offset
        self.supports_masking = True

    def call(self, inputs):
        dtype = self.compute_dtype
        scale = ops.cast(np.asarray(self.scale), dtype)
        offset = ops.cast(np.asarray(self.offset), dtype)
        if scale.ndim > 0 and config.image_data_format() == "channels_first":
            scale = ops.reshape(scale, scale.shape + (1,) * (3 - scale.ndim))
        return ops.add(ops.multiply(ops.cast(inputs, dtype), scale), offset)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config_ = super().get_config()
        config_.update(
            {
                "scale": serialize_keras_object(self.scale),
                "offset": serialize_keras_object(self.offset),
            }
        )
        return config_

    @classmethod
    def from_config(cls, config_):
        config_ = dict(config_)
        for key in ("scale", "offset"):
            if isinstance(config_.get(key), dict):
                config_[key] = deserialize_keras_object(config_[key])
        return super().from_config(config_)
