"""Dense in int8, int4 and float8 (Keras's variables, formulas and saved
layout).

- int8: `kernel` int8 `(in, units)` with `kernel_scale` `(units,)`; inputs
  quantized per row unless the config's activation quantizer is None.
- int4: `kernel` int8 `(in, ceil(units / 2))`, two values per byte along
  the units axis. Per channel: `kernel_scale` `(units,)`. Grouped (the
  default, 128 input rows per group): `kernel_scale` and `kernel_zero`
  `(groups, units)` and `g_idx` `(in,)`.
- float8: the float kernel plus scale and amax-history variables for
  inputs, kernel and output gradients (delayed scaling).
- gptq / awq (built by `Model.quantize("gptq"/"awq", config=...)`'s
  calibration or from their dtype policies): `quantized_kernel` uint8
  `(units, in)` (two per byte along units for 4 bits), per-group
  `kernel_scale`/`kernel_zero` `(units, groups)`, `g_idx` `(in,)`, and for
  AWQ the per-input `awq_scales` the kernel is divided by.
"""

from __future__ import annotations

import math

import jax.numpy as jnp

from kerax import ops, quantizers
from kerax.layers.quantization import calibrated_layout, kernels
from kerax.layers.quantization.block_size import get_block_size_for_layer
from kerax.layers.quantization.mixin import QuantizationMixin
from kerax.quantizers.quantization_config import QuantizationConfig

_SPEC = {
    None: ["kernel", "bias"],
    "int8": ["kernel", "bias", "kernel_scale"],
    "int4": ["kernel", "bias", "kernel_scale", "kernel_zero", "g_idx"],
    "float8": ["kernel", "bias", "inputs_scale", "inputs_amax_history",
               "kernel_scale", "kernel_amax_history", "outputs_grad_scale",
               "outputs_grad_amax_history"],
    "gptq": ["bias", "quantized_kernel", "kernel_scale", "kernel_zero",
             "g_idx"],
    "awq": ["bias", "quantized_kernel", "kernel_scale", "kernel_zero",
            "awq_scales", "g_idx"],
}


def calibrated_policy(layer):
    """`(weight_bits, group_size)` of a GPTQ/AWQ dtype policy."""
    policy = layer.dtype_policy
    if hasattr(policy, "_policy_map"):
        policy = policy[layer.path]
    return policy.weight_bits, policy.group_size


def add_float8_variables(layer):
    """The six float8 scaling variables (Keras's names and settings)."""
    length = getattr(layer.dtype_policy, "amax_history_length", 1024)
    for prefix in ("inputs", "kernel", "outputs_grad"):
        setattr(layer, f"{prefix}_scale", layer.add_weight(
            name=f"{prefix}_scale", shape=(), initializer="ones",
            dtype="float32", trainable=True, autocast=False,
            overwrite_with_gradient=True))
        setattr(layer, f"{prefix}_amax_history", layer.add_weight(
            name=f"{prefix}_amax_history", shape=(length,),
            initializer="zeros", dtype="float32", trainable=True,
            autocast=False, overwrite_with_gradient=True))


def add_int8_variables(layer, kernel_shape, scale_shape,
                       config) -> None:
    """The int8 `kernel` and its `kernel_scale` of `scale_shape`; the
    inputs' quantizer (abs-max unless the config names another or None)."""
    layer.inputs_quantizer = (
        QuantizationConfig.activation_quantizer_or_default(
            config, quantizers.AbsMaxQuantizer()))
    layer._kernel = layer.add_weight(
        name="kernel", shape=kernel_shape, initializer="zeros",
        dtype="int8", trainable=False)
    layer.kernel_scale = layer.add_weight(
        name="kernel_scale", shape=scale_shape, initializer="ones",
        trainable=False)


def add_int4_scales(layer, rows: int, columns: int, block_size,
                    grouped: bool) -> None:
    """An int4 kernel's `kernel_scale`: `(columns,)` per channel, or
    `(ceil(rows / block_size), columns)` when `grouped`, with the
    `kernel_zero` of that shape and `g_idx` `(rows,)` (each row's
    group)."""
    scale_shape = (math.ceil(rows / block_size), columns) if grouped else (
        columns,)
    layer.kernel_scale = layer.add_weight(
        name="kernel_scale", shape=scale_shape, initializer="ones",
        trainable=False)
    if grouped:
        layer.kernel_zero = layer.add_weight(
            name="kernel_zero", shape=scale_shape, initializer="zeros",
            dtype="int8", trainable=False)
        layer.g_idx = layer.add_weight(
            name="g_idx", shape=(rows,),
            initializer=lambda shape, dtype=None: (
                jnp.arange(rows, dtype="float32") // block_size),
            dtype="float32", trainable=False)


class DenseQuantization(QuantizationMixin):
    """Quantized build, call, `quantize` and saving of `Dense`."""

    _loadable_modes = ("gptq", "awq")

    @property
    def variable_serialization_spec(self):
        return _SPEC

    @property
    def kernel(self):
        if not self.built:
            raise AttributeError(
                f"Layer '{self.name}': build it before reading `kernel`.")
        if self.quantization_mode in ("gptq", "awq"):
            return self._calibrated_codes()
        kernel = self._kernel
        if self.quantization_mode == "int4":
            kernel = quantizers.unpack_int4(kernel, self._orig_output_dim,
                                            axis=-1)
        return self._with_lora(kernel)

    @kernel.setter
    def kernel(self, value):
        self._kernel = value

    def _lora_base_shape(self):
        if self.quantization_mode == "int4":
            return (self._orig_input_dim, self._orig_output_dim)
        return self._kernel.shape

    # ------------------------------------------------------------ build
    def _quantized_build(self, kernel_shape, mode, config=None):
        self._prepare_quantized_build(mode)
        if mode == "int8":
            add_int8_variables(self, kernel_shape, (self.units,), config)
        elif mode == "int4":
            self._int4_build(kernel_shape, config)
        elif mode == "float8":
            add_float8_variables(self)
        elif mode in ("gptq", "awq"):
            self._calibrated_build(kernel_shape, mode)

    def _calibrated_build(self, kernel_shape, mode):
        bits, group_size = calibrated_policy(self)
        calibrated_layout.add_calibrated_variables(
            self, kernel_shape, tuple(kernel_shape), mode, bits, group_size,
            zero_name="kernel_zero")

    def _calibrated_codes(self):
        """The integer codes `(units, in)` of a GPTQ/AWQ kernel."""
        return calibrated_layout.calibrated_codes(
            self, calibrated_policy(self)[0])

    def _calibrated_float_kernel(self):
        return calibrated_layout.calibrated_float_kernel(
            self, calibrated_policy(self)[0])

    def _int4_build(self, kernel_shape, config):
        self.inputs_quantizer = (
            QuantizationConfig.activation_quantizer_or_default(config, None))
        input_dim, output_dim = kernel_shape
        self._kernel = self.add_weight(
            name="kernel", shape=(input_dim, (output_dim + 1) // 2),
            initializer="zeros", dtype="int8", trainable=False)
        block_size = get_block_size_for_layer(self, config)
        self._int4_block_size = block_size
        grouped = block_size is not None and block_size > 0
        add_int4_scales(self, input_dim, self.units, block_size, grouped)
        self._orig_input_dim = input_dim
        self._orig_output_dim = output_dim

    # --------------------------------------------------------- quantize
    def _quantize(self, mode, config):
        kernel_shape = tuple(self._kernel.shape)
        if mode == "float8":
            self._quantized_build(kernel_shape, mode, config)
            return
        float_kernel = self._kernel.value
        block_size = get_block_size_for_layer(self, config) if (
            mode == "int4") else None
        if mode == "int8" or block_size in (None, -1):
            default = quantizers.AbsMaxQuantizer(
                axis=0, value_range=(-8, 7) if mode == "int4" else (
                    -127, 127), output_dtype="int8")
            quantizer = QuantizationConfig.weight_quantizer_or_default(
                config, default)
            q, scale = quantizer(float_kernel, to_numpy=True)
            scale, zero = jnp.squeeze(scale, axis=0), None
        else:
            q, scale, zero = (
                quantizers.abs_max_quantize_grouped_with_zero_point(
                    float_kernel, block_size=block_size, to_numpy=True))
        if mode == "int4":
            q = quantizers.pack_int4(q, axis=-1)[0]
        self._drop_weight(self._kernel)
        del self._kernel
        self._quantized_build(kernel_shape, mode, config)
        self._kernel.assign(q)
        self.kernel_scale.assign(scale)
        if zero is not None:
            self.kernel_zero.assign(zero)

    # ------------------------------------------------------------- call
    def _quantized_call(self, inputs, training=None):
        mode = self.quantization_mode
        if mode == "float8":
            return self._finish(kernels.float8_product(
                self, inputs, training, jnp.matmul), float8=True)
        if mode in ("gptq", "awq"):
            return self._finish(ops.matmul(inputs,
                                           self._calibrated_float_kernel()))
        if mode == "int8":
            x = kernels.int_matmul(inputs, self._kernel, self.kernel_scale,
                                   self.inputs_quantizer, self.compute_dtype)
        elif getattr(self, "_int4_block_size", None) in (None, -1):
            unpacked = quantizers.unpack_int4(self._kernel,
                                              self._orig_output_dim, axis=-1)
            x = kernels.int_matmul(inputs, unpacked, self.kernel_scale,
                                   self.inputs_quantizer, self.compute_dtype)
        else:
            x = ops.matmul(inputs, self._grouped_float_kernel())
        if self.lora_enabled:
            x = self._add_lora_output(x, ops.matmul(inputs,
                                                    self.lora_kernel_a))
        return self._finish(x)

    def _add_lora_output(self, x, projected):
        """`x + (lora_alpha / lora_rank) * projected @ B` (`projected`:
        the inputs contracted with `A`), in the compute dtype."""
        update = ops.matmul(projected, self.lora_kernel_b)
        return ops.cast(ops.add(x, (self.lora_alpha / self.lora_rank)
                                * update), self.compute_dtype)

    def _grouped_float_kernel(self):
        unpacked = quantizers.unpack_int4(self._kernel, self._orig_output_dim,
                                          axis=-1)
        kernel = quantizers.quantizers.dequantize_with_sz_map(
            unpacked, self.kernel_scale, self.kernel_zero, self.g_idx,
            group_axis=0)
        return ops.cast(kernel, self.compute_dtype)

    def _finish(self, x, float8=False):
        if self.bias is not None:
            bias = self.bias
            if float8 and self.compute_dtype == "float32":
                # Keras rounds the bias through bfloat16 in float8 mode.
                bias = ops.cast(ops.cast(bias, "bfloat16"), bias.dtype)
            x = ops.add(x, bias)
        return self.activation(x)

    # ----------------------------------------------------------- saving
    def _saved_values(self):
        mode = self.quantization_mode
        if mode in (None, "float8"):
            return {"kernel": self.kernel}
        if mode in ("gptq", "awq"):
            return {}
        if not self.lora_enabled:
            return {"kernel": self._kernel}
        return self._merged_lora_values()

    def _merged_lora_values(self):
        """The int8/int4 kernel merged with its LoRA update, re-quantized
        (what `_saved_values` writes while LoRA is enabled)."""
        mode = self.quantization_mode
        block_size = getattr(self, "_int4_block_size", None)
        if mode == "int4" and block_size not in (None, -1):
            float_kernel = self._grouped_float_kernel()
        else:
            unpacked = self._kernel.value if mode == "int8" else (
                quantizers.unpack_int4(self._kernel, self._orig_output_dim,
                                       axis=-1))
            float_kernel = ops.divide(ops.cast(unpacked, self.compute_dtype),
                                      self.kernel_scale)
        merged = ops.add(float_kernel, self._lora_delta())
        q, scale, zero = kernels.requantize(merged, mode, axis=0,
                                            block_size=block_size)
        values = {"kernel": q, "kernel_scale": scale}
        if zero is not None:
            values["kernel_zero"] = zero
        return values
