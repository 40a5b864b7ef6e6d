"""int8 / int4 quantization of `ReversibleEmbedding` (Keras 3.15's
variables, formulas and saved layout).

The forward lookup is `Embedding`'s. The reverse projection:

- tied weights: the quantized table, transposed, with its per-row scale
  (int8, int4 per channel), or dequantized per group (int4 grouped);
- untied: `reverse_embeddings` int8 `(output_dim, input_dim)` (int4: two
  rows per byte), `reverse_embeddings_scale` `(input_dim,)` (grouped:
  `(groups, input_dim)` with `reverse_embeddings_zero`).

Inputs are quantized per row by the config's activation quantizer
(default `AbsMaxQuantizer(axis=-1)`), as Keras does. Saved files list the
reverse variables after `Embedding`'s.
"""

from __future__ import annotations

import math

import jax.numpy as jnp
import numpy as np

from kerax import ops, quantizers
from kerax.layers.quantization import kernels
from kerax.layers.quantization.block_size import get_block_size_for_layer
from kerax.quantizers.quantization_config import QuantizationConfig
from kerax.quantizers.quantizers import dequantize_with_sz_map

_REVERSE_NAMES = {
    None: ("reverse_embeddings",),
    "int8": ("reverse_embeddings", "reverse_embeddings_scale"),
    "int4": ("reverse_embeddings", "reverse_embeddings_scale",
             "reverse_embeddings_zero"),
}


def _grouped(block_size) -> bool:
    return block_size is not None and block_size > 0


class ReversibleQuantization:
    """Mixed into `ReversibleEmbedding` before `Embedding`."""

    def _quantizable_class(self):
        for cls in type(self).__mro__:
            if ReversibleQuantization in cls.__bases__:
                return cls
        return type(self)

    @property
    def variable_serialization_spec(self):
        spec = {mode: list(names) for mode, names in
                super().variable_serialization_spec.items()}
        if not self.tie_weights:
            for mode, names in spec.items():
                names.extend(_REVERSE_NAMES.get(mode, ()))
        return spec

    def _quantized_build(self, shape, mode, config=None):
        super()._quantized_build(shape, mode, config)
        self.inputs_quantizer = (
            QuantizationConfig.activation_quantizer_or_default(
                config, quantizers.AbsMaxQuantizer(axis=-1)))
        if self.tie_weights:
            return
        input_dim, output_dim = shape
        rows = output_dim if mode == "int8" else (output_dim + 1) // 2
        self.reverse_embeddings = self.add_weight(
            name="reverse_embeddings", shape=(rows, input_dim),
            initializer="zeros", dtype="int8", trainable=False)
        block_size = get_block_size_for_layer(self, config) if (
            mode == "int4") else None
        scale_shape = (math.ceil(output_dim / block_size), input_dim) if (
            _grouped(block_size)) else (input_dim,)
        self.reverse_embeddings_scale = self.add_weight(
            name="reverse_embeddings_scale", shape=scale_shape,
            initializer="ones", trainable=False)
        if _grouped(block_size):
            self.reverse_embeddings_zero = self.add_weight(
                name="reverse_embeddings_zero", shape=scale_shape,
                initializer="zeros", trainable=False)

    def _quantize(self, mode, config):
        reverse = None
        if not self.tie_weights:
            reverse = self._quantized_reverse_values(mode, config)
            self._drop_weight(self.reverse_embeddings)
            del self.reverse_embeddings
        super()._quantize(mode, config)
        if reverse is not None:
            values, scale, zero = reverse
            self.reverse_embeddings.assign(values)
            self.reverse_embeddings_scale.assign(scale)
            if zero is not None:
                self.reverse_embeddings_zero.assign(zero)

    def _quantized_reverse_values(self, mode, config):
        table = np.asarray(self.reverse_embeddings.value)
        block_size = get_block_size_for_layer(self, config) if (
            mode == "int4") else None
        zero = None
        if _grouped(block_size):
            values, scale, zero = (
                quantizers.abs_max_quantize_grouped_with_zero_point(
                    table, block_size=block_size, to_numpy=True))
        else:
            default = quantizers.AbsMaxQuantizer(
                axis=0, value_range=(-8, 7) if mode == "int4" else (
                    -127, 127), output_dtype="int8")
            quantizer = QuantizationConfig.weight_quantizer_or_default(
                config, default)
            values, scale = quantizer(table, to_numpy=True)
            scale = jnp.squeeze(scale, axis=0)
        if mode == "int4":
            values = quantizers.pack_int4(values, axis=0)[0]
        return values, scale, zero

    def _quantized_reverse_call(self, inputs):
        """Logits of the reverse projection in int8 / int4."""
        mode = self.quantization_mode
        block_size = getattr(self, "_int4_block_size", None) if (
            mode == "int4") else None
        if self.tie_weights:
            kernel = self._embeddings.value
            if mode == "int4":
                kernel = quantizers.unpack_int4(kernel, self.output_dim,
                                                axis=-1)
            kernel = jnp.transpose(kernel)
            scale = self.embeddings_scale.value
            zero = getattr(self, "embeddings_zero", None)
            if _grouped(block_size):
                scale, zero = jnp.transpose(scale), jnp.transpose(zero.value)
        else:
            kernel = self.reverse_embeddings.value
            if mode == "int4":
                kernel = quantizers.unpack_int4(kernel, self.output_dim,
                                                axis=0)
            scale = self.reverse_embeddings_scale.value
            zero = getattr(self, "reverse_embeddings_zero", None)
            zero = None if zero is None else zero.value
        if not _grouped(block_size):
            return kernels.int_matmul(inputs, kernel, scale,
                                      self.inputs_quantizer,
                                      self.compute_dtype)
        table = dequantize_with_sz_map(
            kernel.astype(self.compute_dtype), scale, zero, self.g_idx,
            group_axis=0)
        inputs_scale = 1.0
        if self.inputs_quantizer:
            inputs, inputs_scale = self.inputs_quantizer(inputs, axis=-1)
        logits = ops.matmul(ops.cast(inputs, self.compute_dtype), table)
        return ops.divide(logits, inputs_scale)
