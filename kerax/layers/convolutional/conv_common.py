"""Pieces shared by every convolution base class: window arguments and the
bias + activation epilogue.

>>> from kerax.layers.convolutional.conv2d import Conv2D
>>> Conv2D(4, 3).kernel_size
(3, 3)
"""

from __future__ import annotations

from kerax import ops
from kerax.layers.argument_validation import (
    standardize_data_format,
    standardize_padding,
    standardize_tuple,
)
from kerax.layers.input_spec import InputSpec


def init_window(layer, rank, kernel_size, strides, padding, data_format,
                dilation_rate, allow_causal=False):
    """Validates and stores `kernel_size`, `strides`, `padding`,
    `data_format` and `dilation_rate` on `layer`."""
    layer.rank = rank
    layer.kernel_size = standardize_tuple(
        kernel_size, rank, "kernel_size", layer=layer
    )
    layer.strides = standardize_tuple(strides, rank, "strides", layer=layer)
    layer.dilation_rate = standardize_tuple(
        dilation_rate, rank, "dilation_rate", layer=layer
    )
    layer.padding = standardize_padding(padding, allow_causal, layer=layer)
    layer.data_format = standardize_data_format(data_format, layer=layer)
    if max(layer.strides) > 1 and max(layer.dilation_rate) > 1:
        raise ValueError(
            f"Layer {type(layer).__name__} '{layer.name}': `strides > 1` is "
            "not supported in conjunction with `dilation_rate > 1`. "
            f"Received: strides={layer.strides} and "
            f"dilation_rate={layer.dilation_rate}"
        )
    layer.input_spec = InputSpec(min_ndim=rank + 2)


def check_positive(layer, name, value):
    """`value` must be a positive int (e.g. `filters`)."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(
            f"Invalid value for argument `{name}` of layer "
            f"{type(layer).__name__} '{layer.name}': expected a strictly "
            f"positive integer. Received: {name}={value}"
        )


def input_channels(layer, input_shape):
    """The channel count of `input_shape`; sets the layer's input spec."""
    axis = -1 if layer.data_format == "channels_last" else 1
    channels = input_shape[axis]
    if channels is None:
        raise ValueError(
            f"The channel dimension of the inputs to layer "
            f"{type(layer).__name__} '{layer.name}' must be defined. "
            f"Received: input_shape={tuple(input_shape)}"
        )
    layer.input_spec = InputSpec(
        min_ndim=layer.rank + 2, axes={axis: channels}
    )
    return channels


def bias_and_activation(layer, outputs):
    """Adds `layer.bias` on the channel axis, then `layer.activation`."""
    if layer.bias is not None:
        bias = layer.bias
        if layer.data_format == "channels_first":
            bias = ops.reshape(bias, (-1,) + (1,) * layer.rank)
        outputs = ops.add(outputs, bias)
    return layer.activation(outputs)
