"""Convolution and pooling ops with Keras's `padding`/`data_format` rules.

Kernels use Keras's layouts: `conv` takes `(*spatial, in // groups, out)`,
`depthwise_conv` `(*spatial, in, multiplier)`, `conv_transpose`
`(*spatial, out, in)`. `padding="same"` pads like TensorFlow (the extra
pixel, if any, goes at the end); `"causal"` (1D `conv` only) pads on the
left.

>>> x = jnp.ones((1, 5, 5, 3)); k = jnp.ones((3, 3, 3, 8))
>>> conv(x, k, padding="same").shape
(1, 5, 5, 8)
"""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
import numpy as np
from jax import lax

from kerax import config
from kerax.ops import conv_lowering, conv_maxpool, depthwise_taps
from kerax.ops.conv_padding import axis_pads, spatial_entries
from kerax.ops.core import _convert
from kerax.ops.eager_jit import eager_jit
from kerax.ops.symbolic import symbolic_op

_SPATIAL = "DHW"


def _tuple(value, n, name):
    if isinstance(value, int):
        return (value,) * n
    value = tuple(int(v) for v in value)
    if len(value) == 1 and n > 1:
        value = value * n
    if len(value) != n:
        raise ValueError(
            f"`{name}` must be an int or a tuple of {n} ints. "
            f"Received: {name}={value}"
        )
    return value


def _dimension_numbers(num_spatial, data_format):
    spatial = _SPATIAL[-num_spatial:] if num_spatial <= 3 else None
    if spatial is None:
        raise ValueError(
            "Only 1D, 2D and 3D convolutions are supported. Received "
            f"inputs with {num_spatial} spatial dimensions."
        )
    if data_format == "channels_last":
        lhs = "N" + spatial + "C"
    else:
        lhs = "NC" + spatial
    return lhs, spatial + "IO", lhs


def _channels(inputs, data_format):
    return inputs.shape[-1] if data_format == "channels_last" else (
        inputs.shape[1]
    )


def _padding(padding, kernel_spatial, dilation, num_spatial):
    padding = str(padding).lower()
    if padding == "valid":
        return "VALID"
    if padding == "same":
        return "SAME"
    if padding == "causal":
        if num_spatial != 1:
            raise ValueError(
                "`padding='causal'` is only supported for 1D convolutions. "
                f"Received inputs with {num_spatial} spatial dimensions."
            )
        return [(dilation[0] * (kernel_spatial[0] - 1), 0)]
    raise ValueError(
        "`padding` must be one of 'valid', 'same' (or 'causal' for 1D). "
        f"Received: padding={padding}"
    )


def _prepare(inputs, kernel, strides, dilation_rate, data_format):
    data_format = config.standardize_data_format(data_format)
    inputs, kernel = _convert(inputs), _convert(kernel)
    num_spatial = inputs.ndim - 2
    if kernel.ndim != num_spatial + 2:
        raise ValueError(
            f"The kernel must have rank {num_spatial + 2} for inputs of rank "
            f"{inputs.ndim}. Received: kernel.shape={kernel.shape}, "
            f"inputs.shape={inputs.shape}"
        )
    strides = _tuple(strides, num_spatial, "strides")
    dilation = _tuple(dilation_rate, num_spatial, "dilation_rate")
    dtype = jnp.result_type(inputs.dtype, kernel.dtype)
    if not jnp.issubdtype(dtype, jnp.inexact):
        dtype = config.floatx()
    inputs, kernel = inputs.astype(dtype), kernel.astype(dtype)
    return inputs, kernel, strides, dilation, data_format, num_spatial


def _grouped_conv(inputs, kernel, strides, padding, dilation, data_format,
                  n, groups):
    """`lax.conv_general_dilated` with Keras's padding and layouts, the
    input channels split into `groups` (kernel `(*spatial, in/groups,
    out)`)."""
    pads = _padding(padding, kernel.shape[:-2], dilation, n)
    explicit = [
        axis_pads(size, k, s, d, str(padding).lower())
        for size, k, s, d in zip(spatial_entries(inputs.shape, data_format),
                                 kernel.shape[:-2], strides, dilation)
    ]
    if conv_lowering.use_spare_row(inputs, kernel, explicit, groups):
        return conv_lowering.conv_spare_row(
            inputs, kernel, strides, explicit, dilation,
            _dimension_numbers(n, data_format))
    numbers = lax.conv_dimension_numbers(
        inputs.shape, kernel.shape, _dimension_numbers(n, data_format)
    )
    return lax.conv_general_dilated(
        inputs,
        kernel,
        window_strides=strides,
        padding=pads,
        rhs_dilation=dilation,
        dimension_numbers=numbers,
        feature_group_count=groups,
    )


@symbolic_op
@eager_jit
def conv(
    inputs,
    kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    """N-D convolution (cross-correlation), grouped when the kernel's input
    channels divide the inputs' channels.

    >>> conv(jnp.ones((1, 4, 1)), jnp.ones((2, 1, 1))).ravel().tolist()
    [2.0, 2.0, 2.0]
    """
    inputs, kernel, strides, dilation, data_format, n = _prepare(
        inputs, kernel, strides, dilation_rate, data_format
    )
    channels = _channels(inputs, data_format)
    kernel_in = kernel.shape[-2]
    if channels % kernel_in:
        raise ValueError(
            "The number of input channels must be divisible by the kernel's "
            f"input channels (`kernel.shape[-2]`). Received: input channels="
            f"{channels}, kernel.shape={kernel.shape}"
        )
    return _grouped_conv(inputs, kernel, strides, padding, dilation,
                         data_format, n, channels // kernel_in)


@symbolic_op
@eager_jit
def depthwise_conv(
    inputs,
    kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    """Depthwise convolution: each input channel is convolved with its own
    `multiplier` filters; kernel `(*spatial, in, multiplier)`.

    >>> depthwise_conv(jnp.ones((1, 3, 2)), jnp.ones((2, 2, 1))).shape
    (1, 2, 2)
    """
    inputs, kernel, strides, dilation, data_format, n = _prepare(
        inputs, kernel, strides, dilation_rate, data_format
    )
    channels = _channels(inputs, data_format)
    if kernel.shape[-2] != channels:
        raise ValueError(
            "The depthwise kernel's `shape[-2]` must equal the number of "
            f"input channels. Received: input channels={channels}, "
            f"kernel.shape={kernel.shape}"
        )
    _padding(padding, kernel.shape[:-2], dilation, n)  # Keras's checks
    if depthwise_taps.use_taps(kernel):
        return depthwise_taps.depthwise_by_taps(
            inputs, kernel, strides, padding, dilation, data_format)
    kernel = kernel.reshape(
        kernel.shape[:-2] + (1, kernel.shape[-2] * kernel.shape[-1])
    )
    return _grouped_conv(inputs, kernel, strides, padding, dilation,
                         data_format, n, channels)


@symbolic_op
@eager_jit
def separable_conv(
    inputs,
    depthwise_kernel,
    pointwise_kernel,
    strides=1,
    padding="valid",
    data_format=None,
    dilation_rate=1,
):
    """Depthwise convolution followed by a 1x1 pointwise convolution.

    >>> separable_conv(jnp.ones((1, 3, 2)), jnp.ones((2, 2, 1)),
    ...                jnp.ones((1, 2, 4))).shape
    (1, 2, 4)
    """
    out = depthwise_conv.__wrapped_op__(
        inputs, depthwise_kernel, strides, padding, data_format, dilation_rate
    )
    return conv.__wrapped_op__(
        out, pointwise_kernel, 1, "valid", data_format, 1
    )


def _transpose_pads(kernel_size, stride, dilation, padding, output_padding):
    """Keras's (left, right) padding of the dilated input for one axis."""
    extent = (kernel_size - 1) * dilation + 1
    if padding == "valid":
        if output_padding is None:
            output_padding = max(extent, stride) - extent
        return extent - 1, extent - 1 + output_padding
    if output_padding is None:
        total = stride + extent - 2
    else:
        total = extent + extent % 2 - 2 + output_padding
    left = min(total // 2 + total % 2, extent - 1)
    return left, total - left


@symbolic_op
@eager_jit
def conv_transpose(
    inputs,
    kernel,
    strides=1,
    padding="valid",
    output_padding=None,
    data_format=None,
    dilation_rate=1,
):
    """Transposed convolution; kernel `(*spatial, out, in)`. Output size
    per axis: `"same"` -> `in * stride`, `"valid"` ->
    `(in - 1) * stride + max(kernel, stride)`, plus `output_padding`.

    >>> conv_transpose(jnp.ones((1, 2, 1)), jnp.ones((2, 3, 1)),
    ...                strides=2).shape
    (1, 4, 3)
    """
    inputs, kernel, strides, dilation, data_format, n = _prepare(
        inputs, kernel, strides, dilation_rate, data_format
    )
    padding = str(padding).lower()
    if padding not in ("valid", "same"):
        raise ValueError(
            "`padding` must be 'valid' or 'same' for `conv_transpose`. "
            f"Received: padding={padding}"
        )
    channels = _channels(inputs, data_format)
    if kernel.shape[-1] != channels:
        raise ValueError(
            "The transposed-convolution kernel's last axis must equal the "
            f"number of input channels. Received: input channels={channels}"
            f", kernel.shape={kernel.shape}"
        )
    if output_padding is None or isinstance(output_padding, int):
        output_padding = (output_padding,) * n
    pads = [
        _transpose_pads(k, s, d, padding, p)
        for k, s, d, p in zip(
            kernel.shape[:-2], strides, dilation, output_padding
        )
    ]
    return lax.conv_transpose(
        inputs,
        kernel,
        strides,
        padding=pads,
        rhs_dilation=dilation,
        dimension_numbers=_dimension_numbers(n, data_format),
        transpose_kernel=True,
    )


# ---------------------------------------------------------------- pooling
def _window(inputs, pool_size, strides, padding, data_format):
    data_format = config.standardize_data_format(data_format)
    n = inputs.ndim - 2
    pool = _tuple(pool_size, n, "pool_size")
    strides = pool if strides is None else _tuple(strides, n, "strides")
    padding = str(padding).lower()
    if padding not in ("valid", "same"):
        raise ValueError(
            "`padding` must be 'valid' or 'same' for pooling. "
            f"Received: padding={padding}"
        )
    if data_format == "channels_last":
        dims, steps = (1,) + pool + (1,), (1,) + strides + (1,)
    else:
        dims, steps = (1, 1) + pool, (1, 1) + strides
    return dims, steps, padding.upper()


@symbolic_op
@eager_jit
def max_pool(
    inputs, pool_size, strides=None, padding="valid", data_format=None
):
    """Max pooling over windows of `pool_size` (strides default to it).

    >>> max_pool(jnp.arange(4.0).reshape(1, 4, 1), 2).ravel().tolist()
    [1.0, 3.0]
    """
    inputs = _convert(inputs)
    dims, steps, pad = _window(inputs, pool_size, strides, padding,
                               data_format)
    data_format = config.standardize_data_format(data_format)
    pool = spatial_entries(dims, data_format)
    pool_steps = spatial_entries(steps, data_format)
    if conv_maxpool.use_tiled(inputs, pool, pool_steps, pad.lower(),
                              data_format):
        return conv_maxpool.max_pool_tiled(inputs, pool, data_format)
    if jnp.issubdtype(inputs.dtype, jnp.floating):
        init = -jnp.inf
    else:
        init = jnp.iinfo(inputs.dtype).min
    init = np.array(init, inputs.dtype)
    return lax.reduce_window(inputs, init, lax.max, dims, steps, pad)


@symbolic_op
@eager_jit
def average_pool(
    inputs, pool_size, strides=None, padding="valid", data_format=None
):
    """Average pooling; with `"same"` padding the padded entries are not
    counted (TensorFlow's rule).

    >>> average_pool(jnp.arange(4.0).reshape(1, 4, 1), 2).ravel().tolist()
    [0.5, 2.5]
    """
    inputs = _convert(inputs)
    if not jnp.issubdtype(inputs.dtype, jnp.inexact):
        inputs = inputs.astype(config.floatx())
    dims, steps, pad = _window(inputs, pool_size, strides, padding,
                               data_format)
    zero = np.array(0, inputs.dtype)
    total = lax.reduce_window(inputs, zero, lax.add, dims, steps, pad)
    if pad == "VALID":
        return total / math.prod(dims)
    ones_shape = [s if d != 1 else 1 for s, d in zip(inputs.shape, dims)]
    counts = lax.reduce_window(
        jnp.ones(ones_shape, inputs.dtype), zero, lax.add, dims, steps, pad
    )
    return total / counts


def _adaptive_matrix(length, out):
    """(out, length) 0/1 matrix of PyTorch-style adaptive windows."""
    rows = []
    for i in range(out):
        start = (i * length) // out
        end = -((-(i + 1) * length) // out)
        rows.append([1.0 if start <= j < end else 0.0 for j in range(length)])
    return jnp.array(rows)


def _adaptive(inputs, output_size, data_format, reduce):
    data_format = config.standardize_data_format(data_format)
    inputs = _convert(inputs)
    if not jnp.issubdtype(inputs.dtype, jnp.inexact):
        inputs = inputs.astype(config.floatx())
    n = inputs.ndim - 2
    output_size = _tuple(output_size, n, "output_size")
    first = 1 if data_format == "channels_last" else 2
    x = inputs
    for i, out in enumerate(output_size):
        axis = first + i
        matrix = _adaptive_matrix(x.shape[axis], out).astype(x.dtype)
        moved = jnp.moveaxis(x, axis, -1)
        if reduce == "mean":
            weights = matrix / matrix.sum(axis=1, keepdims=True)
            moved = jnp.einsum("...l,ol->...o", moved, weights)
        else:
            masked = jnp.where(matrix > 0, moved[..., None, :], -jnp.inf)
            moved = jnp.max(masked, axis=-1)
        x = jnp.moveaxis(moved, -1, axis)
    return x


@symbolic_op
@eager_jit
def adaptive_average_pool(inputs, output_size, data_format=None):
    """Average pooling to a fixed `output_size` (PyTorch's windows).

    >>> adaptive_average_pool(jnp.arange(4.0).reshape(1, 4, 1), 2).ravel(
    ... ).tolist()
    [0.5, 2.5]
    """
    return _adaptive(inputs, output_size, data_format, "mean")


@symbolic_op
@eager_jit
def adaptive_max_pool(inputs, output_size, data_format=None):
    """Max pooling to a fixed `output_size` (PyTorch's windows).

    >>> adaptive_max_pool(jnp.arange(4.0).reshape(1, 4, 1), 2).ravel(
    ... ).tolist()
    [1.0, 3.0]
    """
    return _adaptive(inputs, output_size, data_format, "max")


# -------------------------------------------------------- patches/blocks
def _unfold_impl(x, kernel_size, dilation, padding, stride):
    x = _convert(x)
    kernel = _tuple(kernel_size, 2, "kernel_size")
    patches = lax.conv_general_dilated_patches(
        x,
        filter_shape=kernel,
        window_strides=_tuple(stride, 2, "stride"),
        padding=[(p, p) for p in _tuple(padding, 2, "padding")],
        rhs_dilation=_tuple(dilation, 2, "dilation"),
        dimension_numbers=("NCHW", "OIHW", "NCHW"),
    )
    return patches.reshape(patches.shape[:2] + (-1,))


@symbolic_op
@eager_jit
def unfold(x, kernel_size, dilation=1, padding=0, stride=1):
    """Extracts sliding patches of a `(N, C, H, W)` tensor into
    `(N, C * kh * kw, L)` (PyTorch's `unfold`).

    >>> unfold(jnp.ones((1, 1, 3, 3)), 2).shape
    (1, 4, 4)
    """
    return _unfold_impl(x, kernel_size, dilation, padding, stride)


@symbolic_op
@eager_jit
def fold(x, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """Inverse of `unfold`: sums patches `(N, C * kh * kw, L)` back into
    `(N, C, *output_size)`.

    >>> fold(jnp.ones((1, 4, 4)), (3, 3), 2)[0, 0].tolist()
    [[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]
    """
    x = _convert(x)
    kernel = _tuple(kernel_size, 2, "kernel_size")
    channels = x.shape[1] // (kernel[0] * kernel[1])
    target = jnp.zeros(
        (x.shape[0], channels) + _tuple(output_size, 2, "output_size"),
        x.dtype,
    )
    _, pullback = jax.vjp(
        lambda t: _unfold_impl(t, kernel, dilation, padding, stride), target
    )
    return pullback(x)[0]


@symbolic_op
@eager_jit
def depth_to_space(x, block_size, data_format="channels_last"):
    """Moves channel blocks into `block_size x block_size` spatial blocks.

    >>> depth_to_space(jnp.ones((1, 1, 1, 4)), 2).shape
    (1, 2, 2, 1)
    """
    x = _convert(x)
    b = block_size
    if config.standardize_data_format(data_format) == "channels_last":
        n, h, w, c = x.shape
        x = x.reshape(n, h, w, b, b, c // (b * b))
        x = x.transpose(0, 1, 3, 2, 4, 5)
        return x.reshape(n, h * b, w * b, c // (b * b))
    n, c, h, w = x.shape
    x = x.reshape(n, c // (b * b), b, b, h, w)
    x = x.transpose(0, 1, 4, 2, 5, 3)
    return x.reshape(n, c // (b * b), h * b, w * b)


@symbolic_op
@eager_jit
def space_to_depth(x, block_size, data_format="channels_last"):
    """Moves `block_size x block_size` spatial blocks into channels.

    >>> space_to_depth(jnp.ones((1, 2, 2, 1)), 2).shape
    (1, 1, 1, 4)
    """
    x = _convert(x)
    b = block_size
    if config.standardize_data_format(data_format) == "channels_last":
        n, h, w, c = x.shape
        x = x.reshape(n, h // b, b, w // b, b, c)
        x = x.transpose(0, 1, 3, 2, 4, 5)
        return x.reshape(n, h // b, w // b, c * b * b)
    n, c, h, w = x.shape
    x = x.reshape(n, c, h // b, b, w // b, b)
    x = x.transpose(0, 1, 3, 5, 2, 4)
    return x.reshape(n, c * b * b, h // b, w // b)
