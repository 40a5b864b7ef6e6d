"""Embedding in int8 and int4 (Keras's variables, formulas and saved
layout).

- int8: `embeddings` int8 `(input_dim, output_dim)` with
  `embeddings_scale` `(input_dim,)` (one scale per row).
- int4: `embeddings` int8 `(input_dim, ceil(output_dim / 2))`, two values
  per byte. Per row: `embeddings_scale` `(input_dim,)`. Grouped (default
  128 columns per group): `embeddings_scale` and `embeddings_zero`
  `(input_dim, groups)` and `g_idx` `(output_dim,)`.
"""

from __future__ import annotations

import math

import jax.numpy as jnp

from kerax import ops, quantizers
from kerax.layers.quantization import kernels
from kerax.layers.quantization.block_size import get_block_size_for_layer
from kerax.layers.quantization.mixin import QuantizationMixin
from kerax.quantizers.quantization_config import QuantizationConfig
from kerax.quantizers.quantizers import dequantize_with_sz_map

_SPEC = {
    None: ["embeddings"],
    "int8": ["embeddings", "embeddings_scale"],
    "int4": ["embeddings", "embeddings_scale", "embeddings_zero", "g_idx"],
}


class EmbeddingQuantization(QuantizationMixin):
    """Quantized build, call, `quantize` and saving of `Embedding`."""

    _supported_modes = ("int8", "int4")
    _lora_weight = "embeddings"

    @property
    def variable_serialization_spec(self):
        return _SPEC

    @property
    def embeddings(self):
        if not self.built:
            raise AttributeError(
                f"Layer '{self.name}': build it before reading "
                "`embeddings`.")
        embeddings = self._embeddings
        if self.quantization_mode == "int4":
            embeddings = quantizers.unpack_int4(
                embeddings, self._orig_output_dim, axis=-1)
        return self._with_lora(embeddings)

    @embeddings.setter
    def embeddings(self, value):
        self._embeddings = value

    def _lora_base_shape(self):
        return (self.input_dim, self.output_dim)

    def quantized_build(self, embeddings_shape, mode, config=None):
        """Creates the quantized table variables of `mode`."""
        self._quantized_build(embeddings_shape, mode, config)

    def _quantized_build(self, shape, mode, config=None):
        self._prepare_quantized_build(mode)
        input_dim, output_dim = shape
        if mode == "int8":
            self._embeddings = self.add_weight(
                name="embeddings", shape=shape, initializer="zeros",
                dtype="int8", trainable=False)
            self.embeddings_scale = self.add_weight(
                name="embeddings_scale", shape=(input_dim,),
                initializer="ones", trainable=False)
            return
        self._embeddings = self.add_weight(
            name="embeddings", shape=(input_dim, (output_dim + 1) // 2),
            initializer="zeros", dtype="int8", trainable=False)
        block_size = get_block_size_for_layer(self, config)
        self._int4_block_size = block_size
        grouped = block_size is not None and block_size > 0
        scale_shape = (input_dim, math.ceil(output_dim / block_size)) if (
            grouped) else (input_dim,)
        self.embeddings_scale = self.add_weight(
            name="embeddings_scale", shape=scale_shape, initializer="ones",
            trainable=False)
        if grouped:
            self.embeddings_zero = self.add_weight(
                name="embeddings_zero", shape=scale_shape,
                initializer="zeros", dtype="int8", trainable=False)
            self.g_idx = self.add_weight(
                name="g_idx", shape=(output_dim,),
                initializer=lambda shape, dtype=None: (
                    jnp.arange(output_dim, dtype="float32") // block_size),
                dtype="float32", trainable=False)
        self._orig_output_dim = output_dim

    def _quantize(self, mode, config):
        shape = (self.input_dim, self.output_dim)
        table = self._embeddings.value
        block_size = get_block_size_for_layer(self, config) if (
            mode == "int4") else None
        zero = None
        if mode == "int8" or block_size in (None, -1):
            default = quantizers.AbsMaxQuantizer(
                axis=-1, value_range=(-8, 7) if mode == "int4" else (
                    -127, 127), output_dtype="int8")
            quantizer = QuantizationConfig.weight_quantizer_or_default(
                config, default)
            q, scale = quantizer(table, to_numpy=True)
            scale = jnp.squeeze(scale, axis=-1)
        else:
            q, scale, zero = (
                quantizers.abs_max_quantize_grouped_with_zero_point(
                    table.T, block_size=block_size, to_numpy=True))
            q, scale, zero = q.T, scale.T, zero.T
        if mode == "int4":
            q = quantizers.pack_int4(q, axis=-1)[0]
        self._drop_weight(self._embeddings)
        del self._embeddings
        self._quantized_build(shape, mode, config)
        self._embeddings.assign(q)
        self.embeddings_scale.assign(scale)
        if zero is not None:
            self.embeddings_zero.assign(zero)

    def _quantized_call(self, inputs):
        if ops.dtype(inputs) not in ("int32", "int64"):
            inputs = ops.cast(inputs, "int32")
        # Keras reads float variables in the compute dtype here (its
        # mixed-precision autocast applies to every layer).
        scale = ops.cast(ops.take(self.embeddings_scale, inputs, axis=0),
                         self.compute_dtype)
        if self.quantization_mode == "int8":
            rows = ops.take(self._embeddings, inputs, axis=0)
            outputs = ops.divide(ops.cast(rows, self.compute_dtype),
                                 ops.expand_dims(scale, -1))
        else:
            table = quantizers.unpack_int4(self._embeddings,
                                           self._orig_output_dim, axis=-1)
            rows = ops.cast(ops.take(table, inputs, axis=0),
                            self.compute_dtype)
            if getattr(self, "_int4_block_size", None) in (None, -1):
                outputs = ops.divide(rows, ops.expand_dims(scale, -1))
            else:
                zero = ops.take(self.embeddings_zero, inputs, axis=0)
                outputs = dequantize_with_sz_map(rows, scale, zero,
                                                 self.g_idx, group_axis=-1)
        if self.lora_enabled:
            lora = ops.matmul(ops.take(self.lora_embeddings_a, inputs, axis=0),
                              self.lora_embeddings_b)
            outputs = ops.cast(ops.add(
                outputs, (self.lora_alpha / self.lora_rank) * lora),
                self.compute_dtype)
        return outputs

    def _float_table(self):
        """The dequantized table `(input_dim, output_dim)`."""
        if self.quantization_mode == "int8":
            rows = self._embeddings.value
        else:
            rows = quantizers.unpack_int4(self._embeddings,
                                          self._orig_output_dim, axis=-1)
        rows = ops.cast(rows, self.compute_dtype)
        if getattr(self, "_int4_block_size", None) in (None, -1) or (
            self.quantization_mode == "int8"
        ):
            return ops.divide(rows, ops.expand_dims(self.embeddings_scale,
                                                    -1))
        return dequantize_with_sz_map(rows, self.embeddings_scale,
                                      self.embeddings_zero, self.g_idx,
                                      group_axis=-1)

    def _saved_values(self):
        mode = self.quantization_mode
        if mode is None:
            return {"embeddings": self.embeddings}
        if not self.lora_enabled:
            return {"embeddings": self._embeddings}
        merged = ops.add(self._float_table(), self._lora_delta())
        block_size = getattr(self, "_int4_block_size", None)
        q, scale, zero = kernels.requantize(
            merged, mode, axis=-1, block_size=block_size,
            grouped_transposed=True)
        values = {"embeddings": q, "embeddings_scale": scale}
        if zero is not None:
            values["embeddings_zero"] = zero
        return values
