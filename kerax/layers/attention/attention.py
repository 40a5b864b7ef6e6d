"""`Attention`: dot-product (Luong-style) attention.

>>> import numpy as np
>>> layer = Attention()
>>> query, value = np.ones((2, 3, 4)), np.ones((2, 5, 4))
>>> layer([query, value]).shape
(2, 3, 4)
"""

from kerax import ops, random
from kerax.core.keras_tensor import KerasTensor
from kerax.layers.layer import Layer
from kerax.random.seed_generator import SeedGenerator


class Attention(Layer):
    """Dot-product attention layer, a.k.a. Luong-style attention.

    For `query` `(batch, Tq, dim)`, `value` `(batch, Tv, dim)` and `key`
    `(batch, Tv, dim)` (default: `value`):

    1. scores `(batch, Tq, Tv)`: `query @ key^T` (`score_mode="dot"`,
       times the learned scalar `scale` when `use_scale`), or
       `concat_score_weight * sum(tanh(scale * (query + key)), -1)`
       (`score_mode="concat"`);
    2. masked positions get `-1e9` and `softmax` over `Tv` gives the
       attention distribution (with dropout in training);
    3. output: `distribution @ value`, zeroed where the query is masked.

    Args:
        use_scale: learn a scalar `scale` for the scores (default False).
        score_mode: `"dot"` (default) or `"concat"`.
        dropout: float in `[0, 1)`, the dropout rate of the attention
            distribution (default 0.0).
        seed: optional int seed of the dropout.

    Call arguments:
        inputs: `[query, value]` or `[query, value, key]`.
        mask: optional `[query_mask, value_mask]` boolean masks,
            `(batch, Tq)` and `(batch, Tv)`.
        training: apply dropout when true.
        return_attention_scores: also return the distribution
            `(batch, Tq, Tv)`.
        use_causal_mask: forbid attending to later positions
            (`j > i`), for decoder self-attention.

    Output: `(batch, Tq, dim)` (and the scores when asked). The output
    mask is the query mask.
    """

    def __init__(
        self,
        use_scale=False,
        score_mode="dot",
        dropout=0.0,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if score_mode not in ("dot", "concat"):
            raise ValueError(
                "Invalid value for argument score_mode. Expected one of "
                f"{{'dot', 'concat'}}. Received: score_mode={score_mode}"
            )
        _check_dropout(dropout)
        self.use_scale = use_scale
        self.score_mode = score_mode
        self.dropout = dropout
        self.seed = seed
        if dropout > 0:
            self.seed_generator = SeedGenerator(seed)

    def build(self, input_shape):
        self._validate_inputs(input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(
                name="scale", shape=(), initializer="ones", trainable=True
            )
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(
                name="concat_score_weight",
                shape=(),
                initializer="ones",
                trainable=True,
            )
        self.built = True

    def _calculate_scores(self, query, key):
        """`(batch, Tq, Tv)` scores of `query` against `key`."""
        if self.score_mode == "dot":
            scores = ops.matmul(query, ops.swapaxes(key, -2, -1))
            if self.scale is not None:
                scores = scores * self.scale.value
            return scores
        pairs = ops.expand_dims(query, -2) + ops.expand_dims(key, -3)
        if self.scale is not None:
            pairs = self.scale.value * pairs
        return self.concat_score_weight.value * ops.sum(
            ops.tanh(pairs), axis=-1
        )

    def _apply_scores(self, scores, value, scores_mask=None, training=False):
        """Masked softmax of `scores`, dropout, then `@ value`."""
        if scores_mask is not None:
            if len(scores_mask.shape) == 2:
                scores_mask = ops.expand_dims(scores_mask, -2)
            big = 65504.0 if scores.dtype == "float16" else 1.0e9
            scores = ops.where(scores_mask, scores, scores - big)
        weights = ops.softmax(scores, axis=-1)
        if training and self.dropout > 0:
            weights = random.dropout(
                weights, self.dropout, seed=self.seed_generator
            )
        return ops.matmul(weights, value), weights

    def _score_mask(self, scores, value_mask, use_causal_mask):
        if not use_causal_mask:
            return value_mask
        t, s = scores.shape[-2], scores.shape[-1]
        rows = ops.reshape(ops.arange(t, dtype="int32"), (1, t, 1))
        cols = ops.reshape(ops.arange(s, dtype="int32"), (1, 1, s))
        causal = ops.greater_equal(rows, cols)
        if value_mask is None:
            return causal
        return ops.logical_and(ops.expand_dims(value_mask, -2), causal)

    def call(
        self,
        inputs,
        mask=None,
        training=False,
        return_attention_scores=False,
        use_causal_mask=False,
    ):
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        query_mask = _as_bool(mask[0]) if mask else None
        value_mask = _as_bool(mask[1]) if mask else None
        scores = self._calculate_scores(query, key)
        scores_mask = self._score_mask(scores, value_mask, use_causal_mask)
        outputs, weights = self._apply_scores(
            scores, value, scores_mask, training=training
        )
        if query_mask is not None:
            outputs = ops.where(
                ops.expand_dims(query_mask, -1),
                outputs,
                ops.zeros_like(outputs),
            )
        if return_attention_scores:
            return outputs, weights
        return outputs

    def compute_mask(self, inputs, mask=None):
        self._validate_inputs(inputs, mask)
        if mask is None or mask[0] is None:
            return None
        return (
            mask[0]
            if isinstance(mask[0], KerasTensor)
            else (ops.convert_to_tensor(mask[0]))
        )

    def compute_output_shape(self, input_shape):
        query_shape, value_shape = input_shape[0], input_shape[1]
        return tuple(query_shape[:-1]) + (value_shape[-1],)

    def compute_output_spec(
        self,
        inputs,
        mask=None,
        training=None,
        return_attention_scores=False,
        use_causal_mask=False,
    ):
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        dtype = self.compute_dtype
        output = KerasTensor(
            tuple(query.shape[:-1]) + (value.shape[-1],), dtype
        )
        if return_attention_scores:
            scores = KerasTensor(
                tuple(query.shape[:-1]) + (key.shape[-2],), dtype
            )
            return output, scores
        return output

    def _validate_inputs(self, inputs, mask=None):
        name = type(self).__name__
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"{name} layer must be called on a list of inputs, namely "
                f"[query, value] or [query, value, key]. Received: "
                f"inputs={inputs}."
            )
        if not 2 <= len(inputs) <= 3:
            raise ValueError(
                f"{name} layer accepts inputs list of length 2 or 3, namely "
                "[query, value] or [query, value, key]. Received length: "
                f"{len(inputs)}."
            )
        if mask is not None:
            if not isinstance(mask, (list, tuple)):
                raise ValueError(
                    f"{name} layer mask must be a list, namely "
                    f"[query_mask, value_mask]. Received: mask={mask}."
                )
            if not 2 <= len(mask) <= 3:
                raise ValueError(
                    f"{name} layer accepts mask list of length 2 or 3. "
                    f"Received: inputs={inputs}, mask={mask}."
                )

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "use_scale": self.use_scale,
                "score_mode": self.score_mode,
                "dropout": self.dropout,
                "seed": self.seed,
            }
        )
        return config


def _as_bool(mask):
    return None if mask is None else ops.cast(mask, "bool")


def _check_dropout(dropout):
    if (
        isinstance(dropout, bool)
        or not isinstance(dropout, (int, float))
        or not 0 <= dropout < 1
    ):
        raise ValueError(
            "Invalid value received for argument `dropout`. Expected a "
            f"float value in [0, 1). Received: dropout={dropout}"
        )
