"""AWQ calibration (Keras 3.15's variant): per Dense layer, the largest
absolute input of each feature over the calibration data; a grid of
`num_grid_points + 1` exponents `r` in [0, 1] gives per-feature scales
`s = max(x_max ** r, 1e-4)` (normalized by `sqrt(max(s) * min(s))`), the
kernel times `s` is quantized to 4 bits and the `s` whose reconstruction
has the smallest `mean((w - dequant / s) ** 2 * x_max ** 2)` is kept
(`awq_scales`, by which the dequantized kernel is divided).

>>> import numpy as np
>>> w = np.array([[0.3, -0.2, 0.1, 0.4]], "float32")
>>> q, scale, zero, awq_scales, g_idx = awq_quantize_matrix(
...     w, np.ones(4, "float32"), num_grid_points=2)
>>> np.asarray(q).tolist(), np.asarray(awq_scales).tolist()
([[12.0, 0.0, 8.0, 15.0]], [1.0, 1.0, 1.0, 1.0])
"""

from __future__ import annotations

import jax.numpy as jnp

from kerax.quantizers import zero_point


def _quantize_4bit(weights, group_size):
    """Codes, scale, zero and g_idx of `weights` `(out, in)` in 4 bits."""
    columns = weights.shape[1]
    scale, zero, maxq = zero_point.compute_quantization_parameters(
        weights, bits=4, per_channel=True, group_size=group_size)
    if group_size == -1:
        codes = zero_point.quantize_with_zero_point(weights, scale, zero,
                                                    maxq)
        g_idx = jnp.zeros((columns,), "int32")
    else:
        g_idx = jnp.arange(columns) // group_size
        codes = zero_point.quantize_with_groups(weights, scale, zero, g_idx,
                                                maxq)
    return codes, scale, zero, g_idx


def awq_search_scales(weights, magnitudes, *, num_grid_points: int = 20,
                      group_size: int = -1):
    """The per-input-feature scales of the grid search (module docs)."""
    weights = jnp.asarray(weights, "float32")
    x_max = jnp.asarray(magnitudes, "float32")
    x_max = jnp.where(x_max < 1e-8, 1.0, x_max)
    best_loss, best = None, None
    for i in range(num_grid_points + 1):
        ratio = i / num_grid_points
        scales = jnp.ones_like(x_max) if ratio == 0 else jnp.power(x_max,
                                                                   ratio)
        scales = jnp.maximum(scales, 1e-4)
        scales = scales / jnp.maximum(
            jnp.sqrt(jnp.max(scales) * jnp.min(scales)), 1e-8)
        scaled = weights * scales
        codes, scale, zero, g_idx = _quantize_4bit(scaled, group_size)
        restored = zero_point.dequantize_with_groups(codes, scale, zero,
                                                     g_idx) / scales
        loss = jnp.mean(jnp.square(weights - restored) * jnp.square(x_max))
        if best_loss is None or bool(loss < best_loss):
            best_loss, best = loss, scales
    return best


def awq_quantize_matrix(weights, magnitudes, *, num_grid_points: int = 20,
                        group_size: int = -1):
    """AWQ of `weights` `(out, in)`: float codes `(out, in)`, `scale` and
    uint8 `zero` `(out, groups)`, `awq_scales` `(in,)`, float `g_idx`."""
    weights = jnp.asarray(weights, "float32")
    awq_scales = awq_search_scales(weights, magnitudes,
                                   num_grid_points=num_grid_points,
                                   group_size=group_size)
    codes, scale, zero, g_idx = _quantize_4bit(weights * awq_scales,
                                               group_size)
    return codes, scale, zero, awq_scales, g_idx.astype("float32")
