"""`BasePooling`: windowed max/average pooling behind `MaxPooling*D` and
`AveragePooling*D`.

>>> import numpy as np
>>> from kerax.layers.pooling.max_pooling2d import MaxPooling2D
>>> MaxPooling2D()(np.ones((1, 4, 4, 3))).shape
(1, 2, 2, 3)
"""

from kerax import ops
from kerax.layers.argument_validation import (
    standardize_data_format,
    standardize_padding,
    standardize_tuple,
)
from kerax.layers.convolutional.conv_utils import pooling_output_shape
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer


class BasePooling(Layer):
    """Max or average over windows of `pool_size`, `strides` apart.

    Args:
        pool_size: int or tuple of `pool_dimensions` ints.
        strides: int, tuple, or None (default: `pool_size`).
        pool_dimensions: number of spatial dimensions.
        pool_mode: `"max"` or `"average"`.
        padding: `"valid"` (default) or `"same"`; average pooling with
            `"same"` does not count the padded positions.
        data_format: `"channels_last"` (default) or `"channels_first"`.
    """

    def __init__(
        self,
        pool_size,
        strides,
        pool_dimensions,
        pool_mode="max",
        padding="valid",
        data_format=None,
        name=None,
        **kwargs,
    ):
        super().__init__(name=name, **kwargs)
        self.pool_size = standardize_tuple(
            pool_size, pool_dimensions, "pool_size", layer=self
        )
        strides = pool_size if strides is None else strides
        self.strides = standardize_tuple(
            strides, pool_dimensions, "strides", layer=self
        )
        if pool_mode not in ("max", "average"):
            raise ValueError(
                "`pool_mode` must be either 'max' or 'average'. "
                f"Received: pool_mode={pool_mode}"
            )
        self.pool_mode = pool_mode
        self.padding = standardize_padding(padding, layer=self)
        self.data_format = standardize_data_format(data_format, layer=self)
        self.input_spec = InputSpec(ndim=pool_dimensions + 2)
        self.built = True

    def call(self, inputs):
        # Raises a ValueError naming the layer when a window does not fit.
        self.compute_output_shape(inputs.shape)
        pool = ops.max_pool if self.pool_mode == "max" else ops.average_pool
        return pool(
            inputs,
            pool_size=self.pool_size,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
        )

    def compute_output_shape(self, input_shape):
        return pooling_output_shape(
            input_shape, self.pool_size, self.strides, self.padding,
            self.data_format, layer=self,
        )

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "pool_size": self.pool_size,
                "padding": self.padding,
                "strides": self.strides,
                "data_format": self.data_format,
            }
        )
        return config
