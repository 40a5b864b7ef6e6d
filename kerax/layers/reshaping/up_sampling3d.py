"""`UpSampling3D`: repeats volume entries along the three spatial axes.

>>> import numpy as np
>>> UpSampling3D()(np.ones((1, 2, 2, 2, 3))).shape
(1, 4, 4, 4, 3)
"""

from kerax import ops
from kerax.layers.argument_validation import (
    standardize_data_format,
    standardize_tuple,
)
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer


class UpSampling3D(Layer):
    """Repeats entries `size[i]` times along spatial axis `i` (nearest
    neighbour upsampling of volumes).

    Args:
        size: int or tuple of 3 positive ints (default `(2, 2, 2)`).
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape: `(batch, dim1, dim2, dim3, channels)` (channels last).
    Output: `(batch, dim1 * size[0], dim2 * size[1], dim3 * size[2],
    channels)`.
    """

    def __init__(self, size=(2, 2, 2), data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format, layer=self)
        self.size = standardize_tuple(size, 3, "size", layer=self)
        self.input_spec = InputSpec(ndim=5)
        self.built = True

    def _axes(self):
        return (1, 2, 3) if self.data_format == "channels_last" else (
            2, 3, 4
        )

    def call(self, inputs):
        for axis, factor in zip(self._axes(), self.size):
            inputs = ops.repeat(inputs, factor, axis=axis)
        return inputs

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, factor in zip(self._axes(), self.size):
            if shape[axis] is not None:
                shape[axis] *= factor
        return tuple(shape)

    def get_config(self):
        config = super().get_config()
        config.update({"size": self.size, "data_format": self.data_format})
        return config
