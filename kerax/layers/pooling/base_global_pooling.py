"""`BaseGlobalPooling`: reduces every spatial axis (max or mean).

>>> import numpy as np
>>> from kerax.layers.pooling.global_max_pooling2d import GlobalMaxPooling2D
>>> GlobalMaxPooling2D(keepdims=True)(np.ones((2, 4, 4, 3))).shape
(2, 1, 1, 3)
"""

from kerax import ops
from kerax.layers.argument_validation import standardize_data_format
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer


class BaseGlobalPooling(Layer):
    """Reduces all spatial axes with `pool_mode` (`"max"` or `"average"`).

    Args:
        pool_dimensions: number of spatial dimensions.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        keepdims: keep the spatial axes with size 1 (default False).
    """

    pool_mode = "max"

    def __init__(self, pool_dimensions, data_format=None, keepdims=False,
                 **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format, layer=self)
        self.keepdims = keepdims
        self.pool_dimensions = pool_dimensions
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self.built = True

    def _spatial_axes(self):
        first = 1 if self.data_format == "channels_last" else 2
        return tuple(range(first, first + self.pool_dimensions))

    def call(self, inputs):
        reduce = ops.max if self.pool_mode == "max" else ops.mean
        return reduce(inputs, axis=self._spatial_axes(),
                      keepdims=self.keepdims)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.data_format == "channels_last":
            channels = input_shape[-1]
        else:
            channels = input_shape[1]
        if not self.keepdims:
            return (input_shape[0], channels)
        ones = (1,) * self.pool_dimensions
        if self.data_format == "channels_last":
            return (input_shape[0],) + ones + (channels,)
        return (input_shape[0], channels) + ones

    def get_config(self):
        config = super().get_config()
        config.update(
            {"data_format": self.data_format, "keepdims": self.keepdims}
        )
        return config
