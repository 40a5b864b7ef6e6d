"""`Embedding`: maps integer ids to dense vectors.

>>> import numpy as np
>>> layer = Embedding(input_dim=10, output_dim=4, mask_zero=True)
>>> ids = np.array([[1, 2, 0]])
>>> layer(ids).shape
(1, 3, 4)
>>> layer.compute_mask(ids).tolist()
[[True, True, False]]
"""

import warnings

from kerax import constraints, initializers, ops, quantizers, regularizers
from kerax.layers.core.lora import LoRAMixin
from kerax.layers.layer import Layer
from kerax.layers.quantization.embedding_quantization import (
    EmbeddingQuantization,
)


class Embedding(EmbeddingQuantization, LoRAMixin, Layer):
    """Looks up row `i` of an `(input_dim, output_dim)` table for each id
    `i` of the input: `outputs[..., :] = embeddings[inputs[...]]`.

    Args:
        input_dim: positive int, the vocabulary size (max id + 1).
        output_dim: positive int, the vector size.
        embeddings_initializer: default `"uniform"` (U[-0.05, 0.05]).
        embeddings_regularizer, activity_regularizer: optional regularizers.
        embeddings_constraint: optional constraint.
        mask_zero: if True, id 0 is padding: `compute_mask` returns
            `inputs != 0` (so `input_dim` should be vocabulary size + 1).
        weights: optional initial table (an array or a one-element list).
        input_length: Keras 2 argument, the (fixed) sequence length; only
            fixes the output shape of symbolic calls. Deprecated.
        lora_rank, lora_alpha: LoRA of that rank (update scaled by
            `lora_alpha / lora_rank`) enabled when built; see
            `enable_lora`.
        quantization_config: a `kerax.quantizers.QuantizationConfig` used
            with a quantized dtype policy or by `quantize("int8"/"int4")`.

    Input shape: `(batch, ...)` integers. Output: `(batch, ..., output_dim)`.
    """

    def __init__(
        self,
        input_dim,
        output_dim,
        embeddings_initializer="uniform",
        embeddings_regularizer=None,
        embeddings_constraint=None,
        mask_zero=False,
        weights=None,
        lora_rank=None,
        lora_alpha=None,
        quantization_config=None,
        **kwargs,
    ):
        for arg_name, value in (
            ("input_dim", input_dim), ("output_dim", output_dim)
        ):
            if not isinstance(value, int) or isinstance(value, bool) or (
                value <= 0
            ):
                raise ValueError(
                    f"`{arg_name}` must be a positive integer. Received: "
                    f"{arg_name}={value} (of type {type(value).__name__})."
                )
        input_length = kwargs.pop("input_length", None)
        if input_length is not None:
            warnings.warn(
                "Argument `input_length` is deprecated. Just remove it.",
                stacklevel=2,
            )
        super().__init__(**kwargs)
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = mask_zero
        self.input_length = input_length
        self._init_lora(lora_rank, lora_alpha)
        self._init_quantization_config(quantization_config)
        self.supports_masking = mask_zero
        self.autocast = False
        if weights is not None:
            self.build()
            if not (isinstance(weights, list) and len(weights) == 1):
                weights = [weights]
            self.set_weights(weights)

    def build(self, input_shape=None):
        if self.built:
            return
        shape = (self.input_dim, self.output_dim)
        mode = self.quantization_mode
        if mode:
            self._quantized_build(shape, mode, self.quantization_config)
        else:
            self._embeddings = self.add_weight(
                name="embeddings",
                shape=shape,
                initializer=self.embeddings_initializer,
                regularizer=self.embeddings_regularizer,
                constraint=self.embeddings_constraint,
                trainable=True,
            )
        self.built = True
        if self.lora_rank:
            self.enable_lora(self.lora_rank, self.lora_alpha)

    def call(self, inputs):
        if self.quantization_mode:
            return self._quantized_call(inputs)
        if ops.dtype(inputs) not in ("int32", "int64"):
            inputs = ops.cast(inputs, "int32")
        outputs = ops.take(self.embeddings, inputs, axis=0)
        return ops.cast(outputs, self.compute_dtype)

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return ops.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape):
        input_shape = tuple(input_shape)
        if self.input_length is not None and len(input_shape) == 2:
            input_shape = (input_shape[0], input_shape[1] or self.input_length)
        return input_shape + (self.output_dim,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "input_dim": self.input_dim,
                "output_dim": self.output_dim,
                "embeddings_initializer": initializers.serialize(
                    self.embeddings_initializer
                ),
                "embeddings_regularizer": regularizers.serialize(
                    self.embeddings_regularizer
                ),
                "activity_regularizer": regularizers.serialize(
                    self._activity_regularizer
                ),
                "embeddings_constraint": constraints.serialize(
                    self.embeddings_constraint
                ),
                "mask_zero": self.mask_zero,
                "quantization_config": quantizers.serialize(
                    self.quantization_config),
                **self._lora_config(),
            }
        )
        if self.input_length is not None:
            config["input_length"] = self.input_length
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config["quantization_config"] = quantizers.deserialize(
            config.get("quantization_config"))
        return super().from_config(config)
