"""Asymmetric (zero-point) quantization of `(out, in)` weight matrices, the
parameters GPTQ and AWQ calibration use (Keras's formulas).

>>> import numpy as np
>>> w = np.array([[-1.0, 0.0, 2.0]], "float32")
>>> scale, zero, maxq = compute_quantization_parameters(
...     w, bits=4, per_channel=True)
>>> q = quantize_with_zero_point(w, scale, zero, maxq)
>>> np.asarray(q).tolist(), float(maxq)
([[0.0, 5.0, 15.0]], 15.0)
"""

from __future__ import annotations

import jax.numpy as jnp


def compute_quantization_parameters(x, *, bits: int, symmetric: bool = False,
                                    per_channel: bool = False,
                                    group_size: int = -1):
    """`(scale, zero, maxq)` for `x` of shape `(out, in)`: per row
    (`per_channel`), per group of `group_size` columns, or per tensor;
    `scale` and `zero` (uint8) are `(out, groups)`."""
    x = jnp.asarray(x, "float32")
    if x.ndim != 2 or x.size == 0:
        raise ValueError(
            "compute_quantization_parameters: expected a non-empty 2D "
            f"matrix; got shape {x.shape}.")
    rows, cols = x.shape
    groups = -(-cols // group_size) if per_channel and group_size > 0 else 1
    if groups > 1:
        padding = groups * group_size - cols
        if padding:
            x = jnp.pad(x, [(0, 0), (0, padding)])
        grouped = x.reshape(rows, groups, group_size)
        low, high = grouped.min(axis=2), grouped.max(axis=2)
    else:
        flat = x.reshape(rows, -1) if per_channel else x.reshape(1, -1)
        low, high = flat.min(axis=1), flat.max(axis=1)
    if symmetric:
        bound = jnp.maximum(jnp.abs(low), high)
        low = jnp.where(low < 0, -bound, low)
        high = bound
    flat_range = low == high
    low = jnp.where(flat_range, low - 1, low)
    high = jnp.where(flat_range, high + 1, high)
    maxq = jnp.asarray(2.0 ** bits - 1, "float32")
    scale = (high - low) / maxq
    scale = jnp.where(scale <= 0, jnp.float32(1e-8), scale)
    if symmetric:
        zero = jnp.full_like(scale, (maxq + 1) / 2)
    else:
        zero = jnp.round(-low / scale)
    if groups == 1:
        scale = jnp.broadcast_to(scale.reshape(-1, 1), (rows, 1))
        zero = jnp.broadcast_to(zero.reshape(-1, 1), (rows, 1))
    return scale, zero.astype("uint8"), maxq


def quantize_with_zero_point(x, scale, zero, maxq):
    """Codes `clip(round(x / scale + zero), 0, maxq)` (float)."""
    scale = jnp.asarray(scale)
    safe = jnp.where(scale == 0, jnp.asarray(1e-8, scale.dtype), scale)
    codes = jnp.round(x / safe + jnp.asarray(zero).astype(scale.dtype))
    return jnp.clip(codes, 0, maxq)


def dequantize_with_zero_point(codes, scale, zero):
    """`scale * (codes - zero)`."""
    scale = jnp.asarray(scale)
    return scale * (codes - jnp.asarray(zero).astype(scale.dtype))


def quantize_with_groups(x, scale, zero, g_idx, maxq):
    """Quantizes each column `j` of `x` with the parameters of group
    `g_idx[j]` (columns of `scale`/`zero`)."""
    groups = jnp.asarray(g_idx).astype("int32")
    return quantize_with_zero_point(x, jnp.take(scale, groups, axis=-1),
                                    jnp.take(zero, groups, axis=-1), maxq)


def dequantize_with_groups(codes, scale, zero, g_idx):
    """Inverse of `quantize_with_groups`."""
    groups = jnp.asarray(g_idx).astype("int32")
    return dequantize_with_zero_point(codes, jnp.take(scale, groups, axis=-1),
                                      jnp.take(zero, groups, axis=-1))
