"""GPTQ calibration (Keras 3.15's variant): per Dense layer, a Hessian
`2/N * sum(x^T x)` of its calibration inputs, damped by `hessian_damping`
times its mean diagonal and inverted; the kernel's columns (input
features) are then quantized one by one, each one's error spread over
the columns not yet quantized through the inverse Hessian (within blocks
of 128 columns, and block by block).

>>> import numpy as np
>>> w = np.array([[0.3, -0.2], [0.1, 0.4]], "float32")
>>> q, scale, zero, g_idx = gptq_quantize_matrix(
...     w, np.eye(2, dtype="float32"), bits=4)
>>> np.asarray(q).tolist(), np.asarray(g_idx).tolist()
([[15, 0], [5, 15]], [0.0, 0.5])
"""

from __future__ import annotations

import jax.numpy as jnp

from kerax.quantizers import zero_point


def gptq_quantize_matrix(weights, inv_hessian, *, bits: int = 4,
                         group_size: int = -1, symmetric: bool = False,
                         per_channel: bool = True,
                         activation_order: bool = False, order_metric=None,
                         blocksize: int = 128):
    """Quantizes `weights` `(out, in)` column by column with error
    feedback. Returns int32 codes `(out, in)`, `scale` and uint8 `zero`
    `(out, groups)` and float `g_idx` `(in,)` (column / group size)."""
    weights = jnp.asarray(weights, "float32")
    inv_hessian = jnp.asarray(inv_hessian, "float32")
    columns = weights.shape[1]

    def params(matrix):
        return zero_point.compute_quantization_parameters(
            matrix, bits=bits, symmetric=symmetric, per_channel=per_channel,
            group_size=group_size)

    inverse_order = None
    if activation_order:
        if order_metric is None:
            metric = 1.0 / (jnp.diagonal(inv_hessian) + 1e-12)
        else:
            metric = jnp.asarray(order_metric, "float32")
            metric = jnp.where(jnp.isfinite(metric), metric, 0.0)
        # Descending; ties broken by index (Keras's tiny jitter).
        jitter = (jnp.arange(columns, dtype="float32")
                  / jnp.float32(columns)) * 1e-12
        order = jnp.argsort(-(metric + jitter))
        inverse_order = jnp.argsort(order)
        weights = jnp.take(weights, order, axis=1)
        inv_hessian = jnp.take(jnp.take(inv_hessian, order, axis=0), order,
                               axis=1)
    group = columns if group_size == -1 else group_size
    buffer = weights
    codes = jnp.zeros(weights.shape, "int32")
    scales, zeros = [], []
    for start in range(0, columns, blocksize):
        end = min(start + blocksize, columns)
        block = buffer[:, start:end]
        errors = jnp.zeros_like(block)
        block_inv = inv_hessian[start:end, start:end]
        current = None
        for j in range(end - start):
            column = start + j
            group_start = (column // group) * group
            if current is None or current[0] != group_start:
                source = (buffer[:, group_start:min(group_start + group,
                                                    columns)]
                          if group != columns else buffer)
                current = (group_start, *params(source))
                scales.append(current[1])
                zeros.append(current[2])
            _, scale, zero, maxq = current
            w = block[:, j]
            q = zero_point.quantize_with_zero_point(w[:, None], scale, zero,
                                                    maxq)
            codes = codes.at[:, column].set(q[:, 0].astype("int32"))
            restored = zero_point.dequantize_with_zero_point(q, scale,
                                                             zero)[:, 0]
            error = (w - restored) / block_inv[j, j]
            errors = errors.at[:, j].set(error)
            if j < end - start - 1:
                update = jnp.matmul(error[:, None], block_inv[j, j + 1:][None])
                block = block.at[:, j + 1:].set(block[:, j + 1:] - update)
        if end < columns:
            update = jnp.matmul(errors, inv_hessian[start:end, end:])
            buffer = jnp.concatenate(
                [buffer[:, :end], buffer[:, end:] - update], axis=1)
    g_idx = (jnp.arange(columns, dtype="int32") / group).astype("float32")
    if inverse_order is not None:
        g_idx = jnp.take(g_idx, inverse_order)
        codes = jnp.take(codes, inverse_order, axis=1)
    return (codes, jnp.concatenate(scales, axis=1),
            jnp.concatenate(zeros, axis=1), g_idx)
