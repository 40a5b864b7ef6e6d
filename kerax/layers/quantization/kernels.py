"""The quantized products: int matmul with de-scaling, float8
quantize-dequantize with delayed scaling, and re-quantization of a
weight merged with its LoRA update.
"""

from __future__ import annotations

from collections.abc import Callable

import jax
import jax.numpy as jnp
import ml_dtypes

from kerax import quantizers


def _raw(x):
    return x.value if hasattr(x, "value") and hasattr(x, "assign") else x


def int_matmul(inputs, kernel, kernel_scale, inputs_quantizer,
               compute_dtype: str, contract: Callable | None = None,
               transpose_grad: Callable | None = None,
               input_axis=-1, input_scale_layout: Callable | None = None,
               dequant_scale=None):
    """`contract(inputs, kernel) / (kernel_scale * inputs_scale)`.

    `kernel` holds integers (`kernel_scale` per output column); inputs are
    quantized by `inputs_quantizer` along `input_axis` when given (their
    scale laid out by `input_scale_layout`). The gradient reaching
    `inputs` is that of the dequantized kernel (`kernel / dequant_scale`,
    default `kernel_scale`); the integer arguments get none.
    """
    contract = contract or _matmul
    transpose_grad = transpose_grad or (
        lambda g, k: jnp.matmul(g, jnp.swapaxes(k, -1, -2)))
    kernel = jnp.asarray(_raw(kernel))
    kernel_scale = jnp.asarray(_raw(kernel_scale))

    def forward(x, k, s):
        scale = s
        if inputs_quantizer:
            x, x_scale = inputs_quantizer(x, axis=input_axis)
            if input_scale_layout is not None:
                x_scale = input_scale_layout(x_scale)
            scale = x_scale * scale
        y = contract(x, k).astype(compute_dtype)
        return y / scale

    @jax.custom_vjp
    def product(x, k, s):
        return forward(x, k, s)

    def product_fwd(x, k, s):
        return forward(x, k, s), (k, s)

    def product_bwd(saved, upstream):
        k, s = saved
        if dequant_scale is not None:
            s = dequant_scale(s)
        float_kernel = k.astype(compute_dtype) / s
        return transpose_grad(upstream, float_kernel), None, None

    product.defvjp(product_fwd, product_bwd)
    return product(inputs, kernel, kernel_scale)


def _matmul(x, k):
    if x.dtype == jnp.int8 and k.dtype == jnp.int8:
        return jnp.matmul(x, k, preferred_element_type=jnp.int32)
    return jnp.matmul(x, k)


E4M3_MAX = float(ml_dtypes.finfo("float8_e4m3fn").max)
E5M2_MAX = float(ml_dtypes.finfo("float8_e5m2").max)


def qdq_forward(x, scale, amax_history, training, compute_dtype: str):
    """Quantize-dequantize `x` in float8_e4m3fn with `scale`. While
    training, the "gradients" of `scale` and `amax_history` are their next
    values (the variables overwrite themselves with their gradient)."""

    @jax.custom_vjp
    def qdq(x, scale, history):
        return quantizers.quantize_and_dequantize(
            x, scale, "float8_e4m3fn", compute_dtype)

    def qdq_fwd(x, scale, history):
        return qdq(x, scale, history), (x, scale, history)

    def qdq_bwd(saved, upstream):
        x, scale, history = saved
        if training:
            new_scale = quantizers.compute_float8_scale(
                jnp.max(history, axis=0), scale, E4M3_MAX)
            new_history = quantizers.compute_float8_amax_history(x, history)
        else:  # Unchanged when overwritten.
            new_scale, new_history = scale, history
        return upstream, new_scale, new_history

    qdq.defvjp(qdq_fwd, qdq_bwd)
    return qdq(x, jnp.asarray(_raw(scale)), jnp.asarray(_raw(amax_history)))


def qdq_output_grad(y, scale, amax_history, compute_dtype: str):
    """Identity on `y`; its incoming gradient is quantize-dequantized in
    float8_e5m2 and the scale/history "gradients" are their next values."""

    @jax.custom_vjp
    def identity(y, scale, history):
        return y

    def identity_fwd(y, scale, history):
        return y, (scale, history)

    def identity_bwd(saved, upstream):
        scale, history = saved
        new_scale = quantizers.compute_float8_scale(
            jnp.max(history, axis=0), scale, E5M2_MAX)
        grad = quantizers.quantize_and_dequantize(
            upstream, scale, "float8_e5m2", compute_dtype)
        new_history = quantizers.compute_float8_amax_history(upstream,
                                                             history)
        return grad, new_scale, new_history

    identity.defvjp(identity_fwd, identity_bwd)
    return identity(y, jnp.asarray(_raw(scale)),
                    jnp.asarray(_raw(amax_history)))


def float8_product(layer, inputs, training, contract: Callable):
    """`contract(inputs, kernel)` of a float8 layer (Dense, EinsumDense):
    inputs and kernel quantize-dequantized with their delayed scales, the
    output's incoming gradient in float8_e5m2."""
    dtype = layer.compute_dtype
    x = qdq_forward(inputs, layer.inputs_scale, layer.inputs_amax_history,
                    training, dtype)
    k = qdq_forward(layer._kernel.value, layer.kernel_scale,
                    layer.kernel_amax_history, training, dtype)
    return qdq_output_grad(contract(x, k), layer.outputs_grad_scale,
                           layer.outputs_grad_amax_history, dtype)


def requantize(float_weight, mode: str, axis, block_size=None,
               grouped_transposed: bool = False):
    """`(quantized, scale, zero)` of a float weight, as `quantize` writes
    them (int4 packed along the last axis; `zero` only when grouped)."""
    if mode == "int4" and block_size not in (None, -1):
        weight = jnp.swapaxes(float_weight, 0, 1) if grouped_transposed \
            else float_weight
        q, scale, zero = quantizers.abs_max_quantize_grouped_with_zero_point(
            weight, block_size=block_size, to_numpy=True)
        if grouped_transposed:
            q, scale, zero = q.T, scale.T, zero.T
    else:
        value_range = (-8, 7) if mode == "int4" else (-127, 127)
        q, scale = quantizers.abs_max_quantize(
            float_weight, axis=axis, value_range=value_range, dtype="int8",
            to_numpy=True)
        scale = jnp.squeeze(scale, axis=axis)
        zero = None
    if mode == "int4":
        q = quantizers.pack_int4(q, axis=-1)[0]
    return q, scale, zero
