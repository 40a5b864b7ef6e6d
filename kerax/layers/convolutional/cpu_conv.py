"""`conv`: `kerax.ops.conv` with a fast kernel gradient on XLA CPU.

On CPU, XLA lowers the kernel ("backward filter") gradient of a
convolution to a slow generic loop: for a (128, 26, 26, 32) -> 64 3x3 conv
it took 4-6x the forward pass. Here the forward pass and the input
gradient stay `ops.conv` (fast Eigen paths), and the kernel gradient is
computed as one matmul per kernel offset: for offset `k`,
`dK[k] = patches_k(x)^T @ g`, where `patches_k(x)` is the strided slice of
the padded input that meets kernel tap `k`. Same numbers, 2-4x faster
(see docs/conv_cpu.md and bench/bench_conv2d.py).

It applies to ungrouped float convolutions on the CPU backend; anything
else (GPU/TPU, groups > 1, integer inputs) is plain `ops.conv`. Forward-mode
differentiation (`jax.jvp`) is not available through the CPU path.

>>> import jax.numpy as jnp
>>> conv(jnp.ones((1, 4, 4, 1)), jnp.ones((3, 3, 1, 2)), (1, 1), "valid",
...      "channels_last", (1, 1)).shape
(1, 2, 2, 2)
"""

from __future__ import annotations

import functools
import itertools

import jax
import jax.numpy as jnp
from jax import lax

from kerax import ops
from kerax.ops.conv_padding import axis_pads


def conv(inputs, kernel, strides, padding, data_format, dilation_rate):
    """`ops.conv(...)`, with the CPU kernel gradient when it applies."""
    inputs = ops.convert_to_tensor(inputs)
    kernel = ops.convert_to_tensor(kernel)
    channels = inputs.shape[-1 if data_format == "channels_last" else 1]
    if (
        jax.default_backend() != "cpu"
        or kernel.shape[-2] != channels
        or not jnp.issubdtype(inputs.dtype, jnp.floating)
        or inputs.dtype != kernel.dtype
    ):
        return ops.conv(
            inputs, kernel, strides=strides, padding=padding,
            data_format=data_format, dilation_rate=dilation_rate,
        )
    return _conv(inputs, kernel, tuple(strides), padding, data_format,
                 tuple(dilation_rate))


def _plain(inputs, kernel, strides, padding, data_format, dilation):
    return ops.conv(
        inputs, kernel, strides=strides, padding=padding,
        data_format=data_format, dilation_rate=dilation,
    )


@functools.partial(jax.custom_vjp, nondiff_argnums=(2, 3, 4, 5))
def _conv(inputs, kernel, strides, padding, data_format, dilation):
    return _plain(inputs, kernel, strides, padding, data_format, dilation)


def _conv_fwd(inputs, kernel, strides, padding, data_format, dilation):
    out = _plain(inputs, kernel, strides, padding, data_format, dilation)
    return out, (inputs, kernel)


def _conv_bwd(strides, padding, data_format, dilation, residuals, grad):
    inputs, kernel = residuals
    _, input_vjp = jax.vjp(
        lambda x: _plain(x, kernel, strides, padding, data_format,
                         dilation),
        inputs,
    )
    (grad_inputs,) = input_vjp(grad)
    if data_format == "channels_first":
        inputs = jnp.moveaxis(inputs, 1, -1)
        grad = jnp.moveaxis(grad, 1, -1)
    grad_kernel = _kernel_grad(
        inputs, grad, kernel.shape, strides, padding, dilation
    )
    return grad_inputs, grad_kernel.astype(kernel.dtype)


_conv.defvjp(_conv_fwd, _conv_bwd)


def _kernel_grad(inputs, grad, kernel_shape, strides, padding, dilation):
    """dL/dkernel for channels-last `inputs` and output gradient `grad`."""
    spatial = kernel_shape[:-2]
    pads = [
        axis_pads(n, k, s, d, padding)
        for n, k, s, d in zip(inputs.shape[1:-1], spatial, strides, dilation)
    ]
    padded = jnp.pad(inputs, [(0, 0), *pads, (0, 0)])
    out_sizes = grad.shape[1:-1]
    channels, filters = kernel_shape[-2], kernel_shape[-1]
    flat_grad = grad.reshape(-1, filters)
    taps = []
    for offset in itertools.product(*(range(k) for k in spatial)):
        start = (0,) + tuple(o * d for o, d in zip(offset, dilation)) + (0,)
        limit = (padded.shape[0],) + tuple(
            st + (n - 1) * s + 1
            for st, n, s in zip(start[1:-1], out_sizes, strides)
        ) + (channels,)
        patch = lax.slice(padded, start, limit, (1,) + strides + (1,))
        patch = patch.reshape(-1, channels)
        taps.append(jnp.matmul(patch.T, flat_grad))
    return jnp.stack(taps).reshape(tuple(spatial) + (channels, filters))
