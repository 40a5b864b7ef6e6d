"""Keras 2 backend convolutions and pooling (`data_format=None`: the
global image data format; kernels in Keras's `(spatial..., in, out)`
layout).

>>> conv2d(jnp.ones((1, 4, 4, 1)), jnp.ones((3, 3, 1, 2))).shape
(1, 2, 2, 2)
"""

import jax
import jax.numpy as jnp

from kerax.backend.common import check_data_format, float_tensor, k_op

_PADDINGS = ("valid", "same")


def _tuple(value, rank, name):
    if isinstance(value, int):
        return (value,) * rank
    value = tuple(int(v) for v in value)
    if len(value) != rank:
        raise ValueError(
            f"`{name}` must be an int or a tuple of {rank} ints. "
            f"Received: {name}={value}"
        )
    return value


def _check_padding(padding, allowed=_PADDINGS):
    if padding not in allowed:
        raise ValueError(
            f"`padding` must be one of {allowed}. Received: padding={padding}"
        )
    return padding.upper()


def _to_last(x, data_format):
    if data_format == "channels_first":
        return jnp.moveaxis(x, 1, -1)
    return x


def _from_last(x, data_format):
    if data_format == "channels_first":
        return jnp.moveaxis(x, -1, 1)
    return x


def _numbers(rank):
    spatial = "DHW"[-rank:] if rank <= 3 else None
    return ("N" + spatial + "C", spatial + "IO", "N" + spatial + "C")


def _conv(x, kernel, strides, padding, dilation, groups=1):
    """Channels-last convolution of rank `kernel.ndim - 2`."""
    rank = kernel.ndim - 2
    return jax.lax.conv_general_dilated(
        x, kernel.astype(x.dtype), window_strides=strides, padding=padding,
        rhs_dilation=dilation, feature_group_count=groups,
        dimension_numbers=_numbers(rank),
    )


def _conv_nd(x, kernel, strides, padding, data_format, dilation_rate, rank):
    x, kernel = float_tensor(x), float_tensor(kernel)
    data_format = check_data_format(data_format)
    if x.ndim != rank + 2 or kernel.ndim != rank + 2:
        raise ValueError(
            f"conv{rank}d expects a rank-{rank + 2} input and kernel. "
            f"Received: x.shape={x.shape}, kernel.shape={kernel.shape}"
        )
    strides = _tuple(strides, rank, "strides")
    dilation = _tuple(dilation_rate, rank, "dilation_rate")
    x = _to_last(x, data_format)
    if rank == 1 and padding == "causal":
        left = dilation[0] * (kernel.shape[0] - 1)
        x = jnp.pad(x, ((0, 0), (left, 0), (0, 0)))
        padding = "valid"
    out = _conv(x, kernel, strides, _check_padding(padding), dilation)
    return _from_last(out, data_format)


@k_op
def conv1d(x, kernel, strides=1, padding="valid", data_format=None,
           dilation_rate=1):
    """1D convolution; `padding` also accepts `"causal"`."""
    return _conv_nd(x, kernel, strides, padding, data_format,
                    dilation_rate, 1)


@k_op
def conv2d(x, kernel, strides=(1, 1), padding="valid", data_format=None,
           dilation_rate=(1, 1)):
    """2D convolution."""
    return _conv_nd(x, kernel, strides, padding, data_format,
                    dilation_rate, 2)


@k_op
def conv3d(x, kernel, strides=(1, 1, 1), padding="valid", data_format=None,
           dilation_rate=(1, 1, 1)):
    """3D convolution."""
    return _conv_nd(x, kernel, strides, padding, data_format,
                    dilation_rate, 3)


def _conv_transpose(x, kernel, output_shape, strides, padding, data_format,
                    dilation_rate, rank):
    """The gradient of the forward convolution (`output_shape` ->
    `x`) with respect to its input, as TensorFlow defines it."""
    x, kernel = float_tensor(x), float_tensor(kernel)
    data_format = check_data_format(data_format)
    strides = _tuple(strides, rank, "strides")
    dilation = _tuple(dilation_rate, rank, "dilation_rate")
    padding = _check_padding(padding)
    output_shape = tuple(output_shape)
    if len(output_shape) != rank + 2:
        raise ValueError(
            f"conv{rank}d_transpose: `output_shape` must have {rank + 2} "
            f"entries. Received: output_shape={output_shape}"
        )
    out = [int(d) for d in output_shape[1:]]
    if data_format == "channels_first":
        out = out[1:] + out[:1]
    x = _to_last(x, data_format)
    target = jnp.zeros((x.shape[0],) + tuple(out), x.dtype)

    def forward(z):
        return _conv(z, kernel, strides, padding, dilation)

    produced, pullback = jax.vjp(forward, target)
    if produced.shape != x.shape:
        raise ValueError(
            f"conv{rank}d_transpose: `output_shape`={output_shape} is not "
            f"compatible with the input shape {x.shape}, the strides "
            f"{strides} and padding '{padding.lower()}'."
        )
    return _from_last(pullback(x)[0], data_format)


@k_op
def conv2d_transpose(x, kernel, output_shape, strides=(1, 1),
                     padding="valid", data_format=None,
                     dilation_rate=(1, 1)):
    """Transposed 2D convolution; `kernel` is `(h, w, out, in)`."""
    return _conv_transpose(x, kernel, output_shape, strides, padding,
                           data_format, dilation_rate, 2)


@k_op
def conv3d_transpose(x, kernel, output_shape, strides=(1, 1, 1),
                     padding="valid", data_format=None):
    """Transposed 3D convolution; `kernel` is `(d, h, w, out, in)`."""
    return _conv_transpose(x, kernel, output_shape, strides, padding,
                           data_format, 1, 3)


def _depthwise(x, kernel, strides, padding, dilation):
    channels, multiplier = kernel.shape[-2], kernel.shape[-1]
    kernel = kernel.reshape(kernel.shape[:-2] + (1, channels * multiplier))
    return _conv(x, kernel, strides, padding, dilation, groups=channels)


def _depthwise_nd(x, kernel, pointwise, strides, padding, data_format,
                  dilation_rate, rank):
    x, kernel = float_tensor(x), float_tensor(kernel)
    data_format = check_data_format(data_format)
    strides = _tuple(strides, rank, "strides")
    dilation = _tuple(dilation_rate, rank, "dilation_rate")
    x = _to_last(x, data_format)
    out = _depthwise(x, kernel, strides, _check_padding(padding), dilation)
    if pointwise is not None:
        pointwise = float_tensor(pointwise)
        out = _conv(out, pointwise, (1,) * rank, "VALID", (1,) * rank)
    return _from_last(out, data_format)


@k_op
def depthwise_conv2d(x, depthwise_kernel, strides=(1, 1), padding="valid",
                     data_format=None, dilation_rate=(1, 1)):
    """Per-channel 2D convolution; kernel `(h, w, in, multiplier)`."""
    return _depthwise_nd(x, depthwise_kernel, None, strides, padding,
                         data_format, dilation_rate, 2)


@k_op
def separable_conv1d(x, depthwise_kernel, pointwise_kernel, strides=1,
                     padding="valid", data_format=None, dilation_rate=1):
    """Depthwise 1D convolution followed by a pointwise (size-1) one."""
    return _depthwise_nd(x, depthwise_kernel, pointwise_kernel, strides,
                         padding, data_format, dilation_rate, 1)


@k_op
def separable_conv2d(x, depthwise_kernel, pointwise_kernel, strides=(1, 1),
                     padding="valid", data_format=None,
                     dilation_rate=(1, 1)):
    """Depthwise 2D convolution followed by a pointwise (1x1) one."""
    return _depthwise_nd(x, depthwise_kernel, pointwise_kernel, strides,
                         padding, data_format, dilation_rate, 2)


def _pool(x, pool_size, strides, padding, data_format, pool_mode, rank):
    x = float_tensor(x)
    data_format = check_data_format(data_format)
    window = (1,) + _tuple(pool_size, rank, "pool_size") + (1,)
    steps = (1,) + _tuple(strides, rank, "strides") + (1,)
    padding = _check_padding(padding)
    x = _to_last(x, data_format)
    if pool_mode == "max":
        out = jax.lax.reduce_window(x, -jnp.inf, jax.lax.max, window,
                                    steps, padding)
    elif pool_mode == "avg":
        total = jax.lax.reduce_window(x, 0.0, jax.lax.add, window, steps,
                                      padding)
        count = jax.lax.reduce_window(jnp.ones_like(x), 0.0, jax.lax.add,
                                      window, steps, padding)
        out = total / count
    else:
        raise ValueError(
            "`pool_mode` must be 'max' or 'avg'. Received: "
            f"pool_mode={pool_mode}"
        )
    return _from_last(out, data_format)


@k_op
def pool2d(x, pool_size, strides=(1, 1), padding="valid", data_format=None,
           pool_mode="max"):
    """2D max or average (`pool_mode="avg"`) pooling; averages ignore
    `"same"` padding."""
    return _pool(x, pool_size, strides, padding, data_format, pool_mode, 2)


@k_op
def pool3d(x, pool_size, strides=(1, 1, 1), padding="valid",
           data_format=None, pool_mode="max"):
    """3D max or average pooling."""
    return _pool(x, pool_size, strides, padding, data_format, pool_mode, 3)
