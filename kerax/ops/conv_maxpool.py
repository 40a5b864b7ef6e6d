"""Max pooling over non-overlapping windows as a max of strided slices.

`lax.reduce_window`'s gradient is XLA's select-and-scatter, which XLA CPU
runs through a slow generic loop: on the 2-core dev machine the MNIST
CNN's 2x2 pooling of (128, 24, 24, 64) took ~1 ms forward and ~110-150 ms
backward. When the windows tile the input (strides equal to the pool
size, no padding), window position `t` of every window is one strided
slice of the input, and the pooled value is the elementwise max of those
slices. The gradient goes, as XLA's does, to the first maximum of each
window in row-major order; it is the transpose of strided slices, i.e.
interior padding, which XLA fuses into one elementwise pass: ~11 ms above
(a reshape to (windows, pool) axes with a max over the pool axes took
~26 ms). Values and gradients equal `lax.reduce_window`'s. See
docs/conv_cpu.md.

>>> import jax.numpy as jnp
>>> max_pool_tiled(jnp.arange(8.0).reshape(1, 8, 1), (2,),
...                "channels_last").ravel().tolist()
[1.0, 3.0, 5.0, 7.0]
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import jax
import jax.numpy as jnp
from jax import lax

from kerax.ops.conv_padding import spatial_entries


def use_tiled(inputs, pool: Sequence[int], strides: Sequence[int],
              padding: str, data_format: str) -> bool:
    """Whether `max_pool_tiled` replaces `lax.reduce_window`: float inputs
    on the CPU backend, windows that tile the input (strides equal to the
    pool size; `"same"` only where it adds no padding)."""
    if jax.default_backend() != "cpu" or tuple(pool) != tuple(strides):
        return False
    if not jnp.issubdtype(inputs.dtype, jnp.floating):
        return False
    sizes = spatial_entries(inputs.shape, data_format)
    if any(size < p for size, p in zip(sizes, pool)):
        return False  # no whole window: reduce_window's empty result
    if padding == "valid":
        return True
    return all(size % p == 0 for size, p in zip(sizes, pool))


def _first_axis(data_format: str) -> int:
    return 1 if data_format == "channels_last" else 2


def _taps(x, pool, data_format):
    """One strided slice of `x` per window position, in row-major order
    over the pool; a remainder too short for a window is left out."""
    first = _first_axis(data_format)
    sizes = spatial_entries(x.shape, data_format)
    counts = [size // p for size, p in zip(sizes, pool)]
    steps = [1] * x.ndim
    steps[first:first + len(pool)] = pool
    taps = []
    for offset in itertools.product(*(range(p) for p in pool)):
        start = [0] * x.ndim
        limit = list(x.shape)
        for i, (o, count, p) in enumerate(zip(offset, counts, pool)):
            start[first + i] = o
            limit[first + i] = o + (count - 1) * p + 1
        taps.append(lax.slice(x, tuple(start), tuple(limit), tuple(steps)))
    return taps


def _max(taps):
    out = taps[0]
    for tap in taps[1:]:
        out = jnp.maximum(out, tap)
    return out


def _tiled(x, pool, data_format):
    return _max(_taps(x, pool, data_format))


def _tiled_jvp(pool, data_format, primals, tangents):
    """The tangent of each window's first maximum (row-major); a window
    holding NaN passes no tangent."""
    (x,), (t,) = primals, tangents
    taps = _taps(x, pool, data_format)
    out = _max(taps)
    taken = jnp.zeros(out.shape, bool)
    t_out = jnp.zeros(out.shape, t.dtype)
    for tap, t_tap in zip(taps, _taps(t, pool, data_format)):
        chosen = (tap == out) & ~taken
        taken = taken | chosen
        t_out = t_out + jnp.where(chosen, t_tap, jnp.zeros((), t.dtype))
    return out, t_out


_tiled_max = jax.custom_jvp(_tiled, nondiff_argnums=(1, 2))
_tiled_max.defjvp(_tiled_jvp)


def max_pool_tiled(inputs, pool: Sequence[int], data_format: str):
    """Max pooling of `inputs` over windows of `pool` with strides
    `pool` and no padding (a remainder too short for a window is
    dropped), `data_format` `"channels_last"` or `"channels_first"`."""
    return _tiled_max(inputs, tuple(pool), data_format)
