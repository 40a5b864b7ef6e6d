"""EinsumDense in int8, int4 and float8 (Keras's variables, formulas and
saved layout).

- int8: `kernel` int8 with `kernel_scale` reduced over the contracted
  kernel axes and laid out to broadcast against the output
  (`einsum_axes`); inputs quantized over their contracted axes unless the
  config's activation quantizer is None.
- int4: the kernel reshaped to `(rows, columns)` (rows: the contracted
  axes' sizes multiplied), packed two per byte along the columns; scales
  per column, or per group of `block_size` rows with zero points.
- float8: the float kernel plus the six scaling variables of Dense's.
- gptq / awq (built by `Model.quantize("gptq"/"awq", config=...)`'s
  calibration or from their dtype policies): the kernel's 2-D view
  (`calibrated_layout`) quantized as Dense's, restored to the kernel's
  shape for the einsum.
"""

from __future__ import annotations

import math

import jax
import jax.numpy as jnp
import numpy as np

from kerax import ops, quantizers
from kerax.layers.quantization import calibrated_layout, kernels
from kerax.layers.quantization.block_size import get_block_size_for_layer
from kerax.layers.quantization.dense_quantization import (
    _SPEC,
    DenseQuantization,
    add_float8_variables,
    add_int4_scales,
    add_int8_variables,
    calibrated_policy,
)
from kerax.layers.quantization.einsum_axes import quantization_axes
from kerax.layers.quantization.mixin import QuantizationMixin
from kerax.quantizers.quantization_config import QuantizationConfig
from kerax.quantizers.quantizers import dequantize_with_sz_map


class EinsumDenseQuantization(QuantizationMixin):
    """Quantized build, call, `quantize` and saving of `EinsumDense`."""

    _supported_modes = ("int8", "int4", "float8")
    _loadable_modes = ("gptq", "awq")

    @property
    def variable_serialization_spec(self):
        return _SPEC

    def _axes(self):
        if getattr(self, "_quantization_axes", None) is None:
            self._quantization_axes = quantization_axes(
                self.equation, self._input_rank)
        return self._quantization_axes

    # --------------------------------------------------- scale layouts
    def _scale_shape(self, kernel_shape):
        info = self._axes()
        shape = np.array(kernel_shape)
        shape[info.kernel_reduced] = 1
        shape = shape[info.kernel_transpose].tolist()
        for axis in sorted(info.kernel_expand):
            shape.insert(axis, 1)
        for axis in sorted(info.kernel_squeeze, reverse=True):
            shape.pop(axis)
        return tuple(shape)

    def _layout_for_output(self, scale, kind="kernel"):
        """A reduced (keepdims) scale laid out against the output."""
        info = self._axes()
        transpose, expand, squeeze = (
            (info.kernel_transpose, info.kernel_expand, info.kernel_squeeze)
            if kind == "kernel" else
            (info.input_transpose, info.input_expand, info.input_squeeze))
        if transpose:
            scale = jnp.transpose(scale, transpose)
        if expand:
            scale = jnp.expand_dims(scale, tuple(expand))
        if squeeze:
            scale = jnp.squeeze(scale, tuple(squeeze))
        return scale

    def _layout_for_kernel(self, scale):
        """The stored kernel scale back in the kernel's axis order."""
        info = self._axes()
        scale = jnp.asarray(scale)
        if info.kernel_squeeze:
            scale = jnp.expand_dims(scale, tuple(info.kernel_squeeze))
        if info.kernel_expand:
            scale = jnp.squeeze(scale, tuple(info.kernel_expand))
        if info.kernel_transpose:
            scale = jnp.transpose(scale, np.argsort(info.kernel_transpose))
        return scale

    # ------------------------------------------------------------ build
    def _lora_base_shape(self):
        if self.quantization_mode == "int4":
            return self.original_kernel_shape
        return self._kernel.shape

    def _quantized_build(self, kernel_shape, mode, config=None):
        self._prepare_quantized_build(mode)
        if mode == "float8":
            add_float8_variables(self)
            return
        if mode == "int4":
            self._int4_build(kernel_shape, config)
            return
        if mode in ("gptq", "awq"):
            bits, group_size = calibrated_policy(self)
            calibrated_layout.build_calibrated_variables(
                self, kernel_shape, mode, bits, group_size)
            return
        add_int8_variables(self, kernel_shape,
                           self._scale_shape(kernel_shape), config)

    def _flat_size(self, kernel_shape):
        """`(rows, columns)`: contracted and kept kernel sizes."""
        reduced = self._axes().kernel_reduced
        rows = math.prod(d for i, d in enumerate(kernel_shape)
                         if i in reduced)
        return rows, math.prod(kernel_shape) // rows

    def _int4_build(self, kernel_shape, config):
        self.inputs_quantizer = (
            QuantizationConfig.activation_quantizer_or_default(config, None))
        self.original_kernel_shape = tuple(kernel_shape)
        rows, columns = self._flat_size(kernel_shape)
        block_size = get_block_size_for_layer(self, config)
        grouped = block_size is not None and block_size != -1
        self._int4_block_size = block_size if grouped else None
        self._int4_unpacked_column_size = columns
        self._kernel = self.add_weight(
            name="kernel", shape=(rows, (columns + 1) // 2),
            initializer="zeros", dtype="int8", trainable=False)
        add_int4_scales(self, rows, columns, block_size, grouped)

    def _int4_values(self, float_kernel, block_size):
        """Packed kernel, scale and zero (None per channel) of a float
        kernel, flattened as Keras does (a plain reshape)."""
        flat = jnp.reshape(jnp.asarray(float_kernel),
                           self._flat_size(float_kernel.shape))
        if block_size in (None, -1):
            q, scale = quantizers.abs_max_quantize(
                flat, axis=0, value_range=(-8, 7), to_numpy=True)
            scale, zero = jnp.squeeze(scale, axis=0), None
        else:
            q, scale, zero = (
                quantizers.abs_max_quantize_grouped_with_zero_point(
                    flat, block_size=block_size, to_numpy=True))
        return quantizers.pack_int4(q, axis=-1)[0], scale, zero

    def _int4_float_kernel(self):
        unpacked = quantizers.unpack_int4(
            self._kernel, self._int4_unpacked_column_size, axis=-1)
        if self._int4_block_size is None:
            kernel = unpacked.astype(self.compute_dtype) / jnp.asarray(
                self.kernel_scale.value)
        else:
            kernel = dequantize_with_sz_map(
                unpacked, self.kernel_scale, self.kernel_zero, self.g_idx,
                group_axis=0).astype(self.compute_dtype)
        return jnp.reshape(kernel, self.original_kernel_shape)

    def _quantize(self, mode, config):
        self._input_rank = self.input_spec.ndim
        kernel_shape = tuple(self._kernel.shape)
        if mode == "float8":
            self._quantized_build(kernel_shape, mode, config)
            return
        if mode == "int4":
            block_size = get_block_size_for_layer(self, config)
            packed, scale, zero = self._int4_values(self._kernel.value,
                                                    block_size)
            self._drop_weight(self._kernel)
            del self._kernel
            self._quantized_build(kernel_shape, mode, config)
            self._kernel.assign(packed)
            self.kernel_scale.assign(scale)
            if zero is not None:
                self.kernel_zero.assign(zero)
            return
        quantizer = QuantizationConfig.weight_quantizer_or_default(
            config, quantizers.AbsMaxQuantizer(
                axis=tuple(self._axes().kernel_reduced)))
        q, scale = quantizer(self._kernel.value, to_numpy=True)
        self._drop_weight(self._kernel)
        del self._kernel
        self._quantized_build(kernel_shape, mode, config)
        self._kernel.assign(q)
        self.kernel_scale.assign(self._layout_for_output(scale))

    # ------------------------------------------------------------- call
    def _quantized_call(self, inputs, training=None):
        if self.quantization_mode == "float8":
            return self._finish(kernels.float8_product(
                self, inputs, training,
                lambda x, k: jnp.einsum(self.equation, x, k)), float8=True)
        if self.quantization_mode in ("gptq", "awq"):
            kernel = calibrated_layout.calibrated_float_kernel(
                self, calibrated_policy(self)[0])
            return self._finish(ops.einsum(self.equation, inputs, kernel))
        info = self._axes()
        if self.quantization_mode == "int4":
            x = self._int4_einsum(inputs)
        else:
            x = kernels.int_matmul(
                inputs, self._kernel, self.kernel_scale,
                self.inputs_quantizer, self.compute_dtype,
                contract=self._contract,
                transpose_grad=lambda g, k: jnp.einsum(
                    info.gradient_equation, g, k),
                input_axis=tuple(info.input_reduced),
                input_scale_layout=lambda s: self._layout_for_output(
                    s, "input"),
                dequant_scale=self._layout_for_kernel)
        if self.lora_enabled:
            x = self._add_lora_output(x, ops.einsum(
                self.equation, inputs, self.lora_kernel_a))
        return self._finish(x)

    def _int4_einsum(self, inputs):
        kernel = jax.lax.stop_gradient(self._int4_float_kernel())
        if not self.inputs_quantizer:
            return jnp.einsum(self.equation, inputs, kernel)
        info = self._axes()

        @jax.custom_vjp
        def product(x, k):
            q, scale = self.inputs_quantizer(x, axis=tuple(info.input_reduced))
            y = jnp.einsum(self.equation, q, k).astype(self.compute_dtype)
            return y / self._layout_for_output(scale, "input")

        product.defvjp(
            lambda x, k: (product(x, k), k),
            lambda k, g: (jnp.einsum(info.gradient_equation, g, k), None))
        return product(inputs, kernel)

    def _contract(self, x, kernel):
        if x.dtype == jnp.int8 and kernel.dtype == jnp.int8:
            return jnp.einsum(self.equation, x, kernel,
                              preferred_element_type=jnp.int32)
        return jnp.einsum(self.equation, x, kernel)

    # Bias (rounded through bfloat16 in float8 mode) and activation, the
    # LoRA update of the output, and what is saved per mode: the same as
    # Dense's.
    _finish = DenseQuantization._finish
    _add_lora_output = DenseQuantization._add_lora_output
    _saved_values = DenseQuantization._saved_values

    # ----------------------------------------------------------- saving
    def _merged_lora_values(self):
        """The int8/int4 kernel merged with its LoRA update, re-quantized
        in the einsum's layout."""
        if self.quantization_mode == "int4":
            merged = ops.add(self._int4_float_kernel(), self._lora_delta())
            packed, scale, zero = self._int4_values(merged,
                                                    self._int4_block_size)
            values = {"kernel": packed, "kernel_scale": scale}
            if zero is not None:
                values["kernel_zero"] = zero
            return values
        float_kernel = ops.divide(
            ops.cast(self._kernel.value, self.compute_dtype),
            self._layout_for_kernel(self.kernel_scale.value))
        merged = ops.add(float_kernel, self._lora_delta())
        q, scale = quantizers.abs_max_quantize(
            merged, axis=tuple(self._axes().kernel_reduced), to_numpy=True)
        return {"kernel": q, "kernel_scale": self._layout_for_output(scale)}
