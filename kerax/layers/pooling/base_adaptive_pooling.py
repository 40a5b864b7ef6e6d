"""`BaseAdaptivePooling`: pools to a fixed output size, whatever the input
size (PyTorch's adaptive windows).

>>> import numpy as np
>>> from kerax.layers.pooling.adaptive_average_pooling2d import (
...     AdaptiveAveragePooling2D)
>>> AdaptiveAveragePooling2D((2, 3))(np.ones((1, 7, 8, 4))).shape
(1, 2, 3, 4)
"""

from kerax import ops
from kerax.layers.argument_validation import (
    standardize_data_format,
    standardize_tuple,
)
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer


class BaseAdaptivePooling(Layer):
    """Splits each spatial axis of length `L` into `out` windows (window
    `i` spans `[floor(i * L / out), ceil((i + 1) * L / out))`) and reduces
    each with `pool_mode` (`"max"` or `"average"`).

    Args:
        output_size: int or tuple of `pool_dimensions` positive ints.
        pool_dimensions: number of spatial dimensions.
        data_format: `"channels_last"` (default) or `"channels_first"`.
    """

    pool_mode = "average"

    def __init__(self, output_size, pool_dimensions, data_format=None,
                 **kwargs):
        super().__init__(**kwargs)
        self.output_size = standardize_tuple(
            output_size, pool_dimensions, "output_size", layer=self
        )
        self.data_format = standardize_data_format(data_format, layer=self)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self.built = True

    def call(self, inputs):
        pool = ops.adaptive_max_pool if self.pool_mode == "max" else (
            ops.adaptive_average_pool
        )
        return pool(inputs, output_size=self.output_size,
                    data_format=self.data_format)

    def compute_output_shape(self, input_shape):
        if self.data_format == "channels_last":
            return (input_shape[0], *self.output_size, input_shape[-1])
        return (input_shape[0], input_shape[1], *self.output_size)

    def get_config(self):
        config = super().get_config()
        config.update(
            {"output_size": self.output_size, "data_format": self.data_format}
        )
        return config
