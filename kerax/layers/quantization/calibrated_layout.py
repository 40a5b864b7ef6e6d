"""The 2-D view GPTQ and AWQ take of a Dense or EinsumDense kernel, and the
variables a calibrated Dense or EinsumDense holds (Keras 3.15's rule and
names).

A 2-D kernel is used as it is, `(rows, columns)` = `(in, out)`. A 3-D
EinsumDense kernel is plainly reshaped: when its largest dimension comes
first (a query/key/value projection, `(model, heads, head_dim)`) the rows
are that dimension and the columns the other two; otherwise (an attention
output, `(heads, head_dim, model)`) the rows are the first two and the
columns the last.

>>> calibration_shape((16, 2, 4)), calibration_shape((2, 4, 16))
((16, 8), (8, 16))
"""

from __future__ import annotations

import math

import jax.numpy as jnp

from kerax import quantizers


def calibration_shape(kernel_shape) -> tuple | None:
    """`(rows, columns)` of the 2-D view, or None for a kernel of another
    rank (GPTQ/AWQ do not calibrate it)."""
    shape = tuple(int(d) for d in kernel_shape)
    if len(shape) == 2:
        return shape
    if len(shape) != 3:
        return None
    if shape.index(max(shape)) == 0:
        return shape[0], shape[1] * shape[2]
    return shape[0] * shape[1], shape[2]


def calibration_matrix(layer):
    """The layer's float kernel in its 2-D `(rows, columns)` view."""
    kernel = jnp.asarray(layer._kernel.value)
    return jnp.reshape(kernel, calibration_shape(kernel.shape))


def build_calibrated_variables(layer, kernel_shape, mode: str, bits: int,
                               group_size: int):
    """Adds a GPTQ/AWQ EinsumDense's variables to `layer` (Keras's names,
    shapes and order): `quantized_kernel` (named "kernel") uint8
    `(columns, rows)`, two codes per byte along the columns for 4 bits;
    `kernel_scale` and `kernel_zero` (named "zero_point") `(columns,
    groups)`; AWQ's `awq_scales` `(rows,)`; `g_idx` `(rows,)`."""
    flat = calibration_shape(kernel_shape)
    if flat is None:
        raise ValueError(
            f"Layer '{layer.name}': {mode.upper()} needs a 2-D or 3-D "
            f"kernel; got shape {tuple(kernel_shape)}.")
    add_calibrated_variables(layer, kernel_shape, flat, mode, bits,
                             group_size, zero_name="zero_point")


def add_calibrated_variables(layer, kernel_shape, flat: tuple, mode: str,
                             bits: int, group_size: int,
                             zero_name: str) -> None:
    """The calibrated variables of a kernel of `kernel_shape` seen as
    `flat` = `(rows, columns)` (Dense: its own shape), with the zero
    points named `zero_name` (Keras: "kernel_zero" in Dense, "zero_point"
    in EinsumDense); `calibrated_codes` and `calibrated_float_kernel` read
    them."""
    rows, columns = flat
    layer.original_kernel_shape = tuple(kernel_shape)
    layer.calibrated_column_size = columns
    groups = 1 if group_size == -1 else math.ceil(rows / group_size)
    packed = (columns + 1) // 2 if bits == 4 else columns
    layer.quantized_kernel = layer.add_weight(
        name="kernel", shape=(packed, rows), initializer="zeros",
        dtype="uint8", trainable=False)
    layer.kernel_scale = layer.add_weight(
        name="kernel_scale", shape=(columns, groups), initializer="ones",
        trainable=False)
    layer.kernel_zero = layer.add_weight(
        name=zero_name, shape=(columns, groups), initializer="zeros",
        dtype="uint8", trainable=False)
    if mode == "awq":
        layer.awq_scales = layer.add_weight(
            name="awq_scales", shape=(rows,), initializer="ones",
            trainable=False)
    layer.g_idx = layer.add_weight(
        name="g_idx", shape=(rows,), initializer="zeros", dtype="float32",
        trainable=False)


def calibrated_codes(layer, bits: int):
    """The integer codes `(columns, rows)` of a calibrated kernel."""
    if bits == 4:
        return quantizers.unpack_int4(layer.quantized_kernel,
                                      layer.calibrated_column_size, axis=0,
                                      dtype="uint8")
    return layer.quantized_kernel.value


def calibrated_float_kernel(layer, bits: int):
    """The dequantized kernel in the layer's original shape (AWQ's scales
    divided out)."""
    kernel = jnp.transpose(quantizers.quantizers.dequantize_with_sz_map(
        calibrated_codes(layer, bits), layer.kernel_scale, layer.kernel_zero,
        layer.g_idx))
    if layer.quantization_mode == "awq":
        kernel = kernel / jnp.expand_dims(
            jnp.asarray(layer.awq_scales.value), -1)
    return jnp.reshape(kernel, layer.original_kernel_shape)
