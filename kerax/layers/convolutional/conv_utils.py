"""Output-shape arithmetic of convolutions and pooling (Keras's rules).

Shapes are tuples whose unknown dimensions are `None`. Each function raises
a ValueError naming the layer when a window does not fit the input.

>>> conv_output_shape((None, 28, 28, 1), 32, (3, 3), (1, 1), "valid",
...                   "channels_last", (1, 1))
(None, 26, 26, 32)
>>> transpose_output_length(4, 3, 2, "same", None, 1)
8
"""

from __future__ import annotations


def spatial_dims(input_shape, data_format):
    """The spatial part of `input_shape`."""
    shape = tuple(input_shape)
    return shape[1:-1] if data_format == "channels_last" else shape[2:]


def with_channels(batch, spatial, channels, data_format):
    """Reassembles `(batch, *spatial, channels)` in `data_format` order."""
    if data_format == "channels_last":
        return (batch,) + tuple(spatial) + (channels,)
    return (batch, channels) + tuple(spatial)


def channel_axis(data_format):
    return -1 if data_format == "channels_last" else 1


def window_output_length(length, window, stride, padding, dilation=1):
    """One axis of a convolution/pooling output (None stays None)."""
    if length is None:
        return None
    if padding in ("same", "causal"):
        return (length - 1) // stride + 1
    extent = dilation * (window - 1) + 1
    return (length - extent) // stride + 1


def conv_output_shape(input_shape, filters, kernel_size, strides, padding,
                      data_format, dilation_rate, layer=None):
    """Output shape of a (depthwise/separable) convolution."""
    spatial = spatial_dims(input_shape, data_format)
    out = tuple(
        window_output_length(n, k, s, padding, d)
        for n, k, s, d in zip(spatial, kernel_size, strides, dilation_rate)
    )
    for size in out:
        if size is not None and size <= 0:
            _raise_too_big(layer, input_shape, "kernel_size", kernel_size,
                           strides, dilation_rate, padding)
    return with_channels(input_shape[0], out, filters, data_format)


def pooling_output_shape(input_shape, pool_size, strides, padding,
                         data_format, layer=None):
    """Output shape of max/average pooling."""
    spatial = spatial_dims(input_shape, data_format)
    out = tuple(
        window_output_length(n, p, s, padding)
        for n, p, s in zip(spatial, pool_size, strides)
    )
    for size in out:
        if size is not None and size <= 0:
            _raise_too_big(layer, input_shape, "pool_size", pool_size,
                           strides, None, padding)
    channels = input_shape[-1] if data_format == "channels_last" else (
        input_shape[1]
    )
    return with_channels(input_shape[0], out, channels, data_format)


def _raise_too_big(layer, input_shape, what, window, strides, dilation,
                   padding):
    owner = "" if layer is None else (
        f" of layer {type(layer).__name__} '{layer.name}'"
    )
    extra = "" if dilation is None else f", dilation_rate={dilation}"
    raise ValueError(
        f"The `{what}`{owner} does not fit in the input: the computed "
        "output size would be zero or negative. Received: "
        f"input_shape={tuple(input_shape)}, {what}={tuple(window)}, "
        f"strides={tuple(strides)}{extra}, padding={padding}"
    )


def transpose_output_length(length, kernel, stride, padding, output_padding,
                            dilation):
    """One axis of a transposed convolution's output (Keras/TF rule)."""
    if length is None:
        return None
    extent = (kernel - 1) * dilation + 1
    if padding == "valid":
        if output_padding is None:
            output_padding = max(extent, stride) - extent
        return (length - 1) * stride + extent + output_padding
    if output_padding is None:
        return length * stride
    return (length - 1) * stride + extent % 2 + output_padding


def conv_transpose_output_shape(input_shape, filters, kernel_size, strides,
                                padding, output_padding, data_format,
                                dilation_rate):
    """Output shape of a transposed convolution."""
    spatial = spatial_dims(input_shape, data_format)
    paddings = output_padding or (None,) * len(spatial)
    out = tuple(
        transpose_output_length(n, k, s, padding, p, d)
        for n, k, s, p, d in zip(
            spatial, kernel_size, strides, paddings, dilation_rate
        )
    )
    return with_channels(input_shape[0], out, filters, data_format)
