"""`ReversibleEmbedding`: an `Embedding` that also projects back from
`output_dim` to `input_dim` (Keras 3's `keras.layers.ReversibleEmbedding`,
for language models' tied input/output embeddings).

>>> import numpy as np
>>> layer = ReversibleEmbedding(10, 4)
>>> hidden = layer(np.array([[1, 2, 3]]))
>>> hidden.shape
(1, 3, 4)
>>> layer(hidden, reverse=True).shape
(1, 3, 10)
"""

from __future__ import annotations

from kerax import ops
from kerax.core.dtypes import standardize_dtype
from kerax.layers.core.embedding import Embedding
from kerax.layers.core.reversible_quantization import ReversibleQuantization


class ReversibleEmbedding(ReversibleQuantization, Embedding):
    """Embedding lookup, and with `reverse=True` the linear projection
    `inputs @ embeddings.T` (weights tied) or `inputs @ reverse_embeddings`
    (a separate `(output_dim, input_dim)` weight when `tie_weights=False`).
    No bias.

    Args:
        input_dim: vocabulary size.
        output_dim: embedding size.
        tie_weights: reuse the embedding table for the reverse projection
            (default True).
        embeddings_initializer, embeddings_regularizer,
        embeddings_constraint, mask_zero: as `Embedding`'s (the untied
            reverse weight uses the same initializer).
        reverse_dtype: dtype of the reverse matmul (inputs and kernel are
            cast to it); default: no cast.
        logit_soft_cap: if set, reverse logits become
            `tanh(logits / logit_soft_cap) * logit_soft_cap`.
        **kwargs: other `Embedding` / base layer arguments (`lora_rank`,
            `quantization_config`, `name`, ...).

    `quantize("int8" | "int4")` quantizes both directions as Keras does
    (see `kerax.layers.core.reversible_quantization`).

    Call arguments:
        inputs: ids (forward) or `(..., output_dim)` vectors (reverse).
        reverse: bool, project back to `input_dim` (default False).
    """

    def __init__(
        self,
        input_dim,
        output_dim,
        tie_weights=True,
        embeddings_initializer="uniform",
        embeddings_regularizer=None,
        embeddings_constraint=None,
        mask_zero=False,
        reverse_dtype=None,
        logit_soft_cap=None,
        **kwargs,
    ):
        # Set first: `Embedding.__init__` builds when `weights=` is given.
        self.tie_weights = bool(tie_weights)
        self.reverse_dtype = (
            None if reverse_dtype is None else standardize_dtype(
                reverse_dtype))
        if logit_soft_cap is not None and not logit_soft_cap > 0:
            raise ValueError(
                "ReversibleEmbedding: `logit_soft_cap` must be a positive "
                f"number or None. Received: logit_soft_cap={logit_soft_cap}")
        self.logit_soft_cap = logit_soft_cap
        super().__init__(
            input_dim,
            output_dim,
            embeddings_initializer=embeddings_initializer,
            embeddings_regularizer=embeddings_regularizer,
            embeddings_constraint=embeddings_constraint,
            mask_zero=mask_zero,
            **kwargs,
        )

    def build(self, input_shape=None):
        super().build(input_shape)
        if not self.tie_weights and "reverse_embeddings" not in self.__dict__:
            self.reverse_embeddings = self.add_weight(
                name="reverse_embeddings",
                shape=(self.output_dim, self.input_dim),
                initializer=self.embeddings_initializer,
                trainable=True,
            )

    def __call__(self, *args, **kwargs):
        # `compute_mask` has no `reverse` argument: it reads the call's.
        reverse = kwargs.get("reverse", args[1] if len(args) > 1 else False)
        previous = self.__dict__.get("_reverse_call", False)
        self.__dict__["_reverse_call"] = bool(reverse)
        try:
            return super().__call__(*args, **kwargs)
        finally:
            self.__dict__["_reverse_call"] = previous

    def call(self, inputs, reverse=False):
        if not reverse:
            return super().call(inputs)
        if self.quantization_mode:
            return self._soft_cap(self._quantized_reverse_call(inputs))
        if self.tie_weights:
            kernel = ops.transpose(self.embeddings)
        else:
            kernel = self.reverse_embeddings
        if self.reverse_dtype is not None:
            inputs = ops.cast(inputs, self.reverse_dtype)
            kernel = ops.cast(kernel, self.reverse_dtype)
        return self._soft_cap(ops.matmul(inputs, kernel))

    def _soft_cap(self, logits):
        if self.logit_soft_cap is None:
            return logits
        cap = self.logit_soft_cap
        return ops.multiply(ops.tanh(ops.divide(logits, cap)), cap)

    def compute_mask(self, inputs, mask=None):
        if self.__dict__.get("_reverse_call", False):
            return None
        return super().compute_mask(inputs, mask)

    def compute_output_shape(self, input_shape, reverse=False):
        if not reverse:
            return super().compute_output_shape(input_shape)
        return tuple(input_shape)[:-1] + (self.input_dim,)

    def get_config(self):
        config = super().get_config()
        config.update({
            "tie_weights": self.tie_weights,
            "reverse_dtype": self.reverse_dtype,
            "logit_soft_cap": self.logit_soft_cap,
        })
        return config
