"""Max pooling over non-overlapping windows as a reshape and a max.

`lax.reduce_window`'s gradient is XLA's select-and-scatter, which XLA CPU
runs through a slow generic loop: on the 2-core dev machine the MNIST
CNN's 2x2 pooling of (128, 24, 24, 64) took ~1 ms forward and ~150 ms
backward. When the windows tile the input (strides equal to the pool size,
no padding), each spatial axis splits into (windows, pool) and the pooled
value is a max over the pool axes; the gradient goes, as XLA's does, to
the first maximum of each window in row-major order, picked by a
broadcast compare, so it is one fused elementwise pass (~15 ms above).
Values and gradients equal `lax.reduce_window`'s. See docs/conv_cpu.md.

>>> import jax.numpy as jnp
>>> max_pool_tiled(jnp.arange(8.0).reshape(1, 8, 1), (2,),
...                "channels_last").ravel().tolist()
[1.0, 3.0, 5.0, 7.0]
"""

from __future__ import annotations

from collections.abc import Sequence

import jax
import jax.numpy as jnp
from jax import lax


def use_tiled(inputs, pool: Sequence[int], strides: Sequence[int],
              padding: str, data_format: str) -> bool:
    """Whether `max_pool_tiled` replaces `lax.reduce_window`: float inputs
    on the CPU backend, windows that tile the input (strides equal to the
    pool size; `"same"` only where it adds no padding)."""
    if jax.default_backend() != "cpu" or tuple(pool) != tuple(strides):
        return False
    if not jnp.issubdtype(inputs.dtype, jnp.floating):
        return False
    if padding == "valid":
        return True
    return all(size % p == 0 for size, p in zip(
        _spatial(inputs.shape, data_format), pool))


def _spatial(shape, data_format):
    return shape[1:-1] if data_format == "channels_last" else shape[2:]


def _first_axis(data_format: str) -> int:
    return 1 if data_format == "channels_last" else 2


def _windows(x, pool, data_format):
    """`x` cropped to whole windows and reshaped so that spatial axis `i`
    becomes (windows, pool[i]); also the axes of the pool dimensions."""
    first = _first_axis(data_format)
    counts = [size // p for size, p in zip(_spatial(x.shape, data_format),
                                            pool)]
    limits = list(x.shape)
    for i, (count, p) in enumerate(zip(counts, pool)):
        limits[first + i] = count * p
    x = lax.slice(x, (0,) * x.ndim, tuple(limits))
    shape = list(x.shape[:first])
    for count, p in zip(counts, pool):
        shape += [count, p]
    shape += list(x.shape[first + len(pool):])
    pool_axes = tuple(first + 2 * i + 1 for i in range(len(pool)))
    return x.reshape(shape), pool_axes


def _first_max_mask(windows, pool_axes):
    """True at the first maximum (row-major over the pool axes) of each
    window; a window holding NaN has no True entry."""
    peak = jnp.max(windows, axis=pool_axes, keepdims=True)
    rank = jnp.zeros((), jnp.int32)
    stride = 1
    for axis in reversed(pool_axes):
        size = windows.shape[axis]
        shape = [1] * windows.ndim
        shape[axis] = size
        rank = rank + stride * lax.broadcasted_iota(jnp.int32, shape, axis)
        stride *= size
    candidates = jnp.where(windows == peak, rank, stride)
    first = jnp.min(candidates, axis=pool_axes, keepdims=True)
    return rank == first


def _tiled(x, pool, data_format):
    windows, pool_axes = _windows(x, pool, data_format)
    return jnp.max(windows, axis=pool_axes)


def _tiled_jvp(pool, data_format, primals, tangents):
    (x,), (t,) = primals, tangents
    windows, pool_axes = _windows(x, pool, data_format)
    out = jnp.max(windows, axis=pool_axes)
    mask = _first_max_mask(windows, pool_axes)
    t_windows, _ = _windows(t, pool, data_format)
    t_out = jnp.sum(jnp.where(mask, t_windows, jnp.zeros((), t.dtype)),
                    axis=pool_axes)
    return out, t_out


_tiled_max = jax.custom_jvp(_tiled, nondiff_argnums=(1, 2))
_tiled_max.defjvp(_tiled_jvp)


def max_pool_tiled(inputs, pool: Sequence[int], data_format: str):
    """Max pooling of `inputs` over windows of `pool` with strides
    `pool` and no padding (a remainder too short for a window is
    dropped), `data_format` `"channels_last"` or `"channels_first"`."""
    return _tiled_max(inputs, tuple(pool), data_format)
