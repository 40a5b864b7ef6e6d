"""`GroupedQueryAttention` (exported as `GroupQueryAttention`): attention
where groups of query heads share one key/value head.

>>> import numpy as np
>>> layer = GroupedQueryAttention(head_dim=2, num_query_heads=4,
...                               num_key_value_heads=2)
>>> layer(np.ones((1, 3, 5)), np.ones((1, 6, 5))).shape
(1, 3, 5)
>>> [tuple(w.shape) for w in layer.weights][::2]
[(5, 4, 2), (5, 2, 2), (5, 2, 2), (4, 2, 5)]
"""

import math

from kerax import config, constraints, initializers, ops, regularizers
from kerax.layers.activations.softmax import Softmax
from kerax.layers.attention.attention_utils import (
    build_sublayer,
    merge_attention_mask,
    resolve_call_masks,
)
from kerax.layers.core.einsum_dense import EinsumDense
from kerax.layers.layer import Layer
from kerax.layers.regularization.dropout import Dropout


class GroupedQueryAttention(Layer):
    """Grouped-query attention (Ainslie et al., 2023).

    Like `MultiHeadAttention` on `(batch, T, dim)` inputs, with
    `num_query_heads` query heads and `num_key_value_heads` key/value
    heads (each shared by `num_query_heads // num_key_value_heads`
    query heads), all of size `head_dim`. `num_key_value_heads=1` is
    multi-query attention; equal counts give multi-head attention.

    Args:
        head_dim: positive int, the size of each head.
        num_query_heads: positive int, the number of query heads.
        num_key_value_heads: positive int dividing `num_query_heads`.
        dropout: float in `[0, 1)`, dropout of the attention weights.
        use_bias: whether the projections have biases (default True).
        sliding_window: optional positive int: positions attend only to
            those fewer than `sliding_window` steps away.
        flash_attention: None (use cuDNN's flash kernel where it applies,
            unless `kerax.config.disable_flash_attention()`), True
            (require it: GPU, float16/bfloat16) or False.
        kernel_initializer, bias_initializer: defaults `"glorot_uniform"`,
            `"zeros"`.
        kernel_regularizer, bias_regularizer, activity_regularizer,
            kernel_constraint, bias_constraint: for the projections.
        use_gate: multiply the attention output by a sigmoid gate
            computed from the query (a `gate` projection).
        seed: optional int seed of the dropout.

    Call arguments: as for `MultiHeadAttention` (`query`, `value`, `key`,
    `query_mask`, `value_mask`, `key_mask`, `attention_mask`,
    `return_attention_scores`, `training`, `use_causal_mask`).

    Output: `(batch, T, dim)`; scores `(batch, num_query_heads, T, S)`.
    """

    def __init__(
        self,
        head_dim,
        num_query_heads,
        num_key_value_heads,
        dropout=0.0,
        use_bias=True,
        sliding_window=None,
        flash_attention=None,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        use_gate=False,
        seed=None,
        **kwargs,
    ):
        for name, value in (
            ("head_dim", head_dim),
            ("num_query_heads", num_query_heads),
            ("num_key_value_heads", num_key_value_heads),
        ):
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or (value <= 0)
            ):
                raise ValueError(
                    f"Received an invalid value for argument `{name}`, "
                    f"expected a positive integer. Received: {name}={value}"
                )
        if num_query_heads % num_key_value_heads != 0:
            raise ValueError(
                "`num_query_heads` must be divisible by "
                "`num_key_value_heads`. Received: num_query_heads="
                f"{num_query_heads}, num_key_value_heads="
                f"{num_key_value_heads}"
            )
        if sliding_window is not None and (
            isinstance(sliding_window, bool)
            or not isinstance(sliding_window, int)
            or sliding_window <= 0
        ):
            raise ValueError(
                "`sliding_window` must be `None` or a positive integer. "
                f"Received: sliding_window={sliding_window}"
            )
        if (
            isinstance(dropout, bool)
            or not isinstance(dropout, (int, float))
            or not 0 <= dropout < 1
        ):
            raise ValueError(
                "Invalid value received for argument `dropout`. Expected a "
                f"float value in [0, 1). Received: dropout={dropout}"
            )
        if flash_attention and dropout > 0.0:
            raise ValueError(
                "GroupQueryAttention: flash attention cannot apply dropout. "
                f"Received: flash_attention={flash_attention} with "
                f"dropout={dropout} (set dropout=0.0)."
            )
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.supports_masking = True
        self.head_dim = head_dim
        self.num_query_heads = num_query_heads
        self.num_key_value_heads = num_key_value_heads
        self.num_repeats = num_query_heads // num_key_value_heads
        self.dropout = dropout
        self.use_bias = use_bias
        self.use_gate = use_gate
        self.sliding_window = sliding_window
        self._flash_attention = (
            flash_attention or config.is_flash_attention_enabled())
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.seed = seed
        self._inverse_sqrt_head_dim = 1.0 / math.sqrt(float(head_dim))

    def _dense(self, equation, output_shape, bias_axes, name, activation=None):
        return EinsumDense(
            equation,
            output_shape=output_shape,
            bias_axes=bias_axes if self.use_bias else None,
            activation=activation,
            name=name,
            kernel_initializer=initializers.get(
                initializers.serialize(self.kernel_initializer)
            ),
            bias_initializer=initializers.get(
                initializers.serialize(self.bias_initializer)
            ),
            kernel_regularizer=self.kernel_regularizer,
            bias_regularizer=self.bias_regularizer,
            activity_regularizer=self._activity_regularizer,
            kernel_constraint=self.kernel_constraint,
            bias_constraint=self.bias_constraint,
            dtype=self.dtype_policy,
        )

    def build(self, query_shape, value_shape, key_shape=None):
        key_shape = value_shape if key_shape is None else key_shape
        self.feature_dim = query_shape[-1]
        q_heads, kv_heads = self.num_query_heads, self.num_key_value_heads
        # Assignment order fixes the weight order (Keras's).
        self._query_dense = self._dense(
            "bqm,muh->bquh", (None, q_heads, self.head_dim), "uh", "query"
        )
        build_sublayer(self._query_dense, query_shape)
        self._key_dense = self._dense(
            "bkm,mvh->bkvh", (None, kv_heads, self.head_dim), "vh", "key"
        )
        build_sublayer(self._key_dense, key_shape)
        if self.use_gate:
            self._gate_dense = self._dense(
                "bqm,muh->bquh",
                (None, q_heads, self.head_dim),
                "uh",
                "gate",
                activation="sigmoid",
            )
            build_sublayer(self._gate_dense, query_shape)
        self._value_dense = self._dense(
            "bkm,mvh->bkvh", (None, kv_heads, self.head_dim), "vh", "value"
        )
        build_sublayer(self._value_dense, value_shape)
        self._softmax = Softmax(axis=-1, dtype=self.dtype_policy)
        self._dropout_layer = Dropout(
            rate=self.dropout, dtype=self.dtype_policy, seed=self.seed
        )
        self._output_dense = self._dense(
            "bquh,uhm->bqm",
            (None, self.feature_dim),
            "m",
            "attention_output",
        )
        build_sublayer(self._output_dense, (None, None, q_heads, self.head_dim))
        self.built = True

    def _compute_attention(
        self,
        query,
        key,
        value,
        attention_mask=None,
        training=None,
        return_attention_scores=False,
        use_causal_mask=False,
    ):
        """Attention over `(B, T, heads, head_dim)` tensors (key and value
        already repeated to the query's heads)."""
        if self._flash_attention and return_attention_scores:
            raise ValueError(
                "GroupQueryAttention: flash attention does not compute the "
                "attention scores; create the layer with "
                "flash_attention=False to get them."
            )
        if attention_mask is not None:
            for _ in range(4 - len(attention_mask.shape)):
                attention_mask = ops.expand_dims(attention_mask, -3)
            attention_mask = ops.cast(attention_mask, "bool")
        if not (self.dropout > 0.0 or return_attention_scores):
            output = ops.dot_product_attention(
                query,
                key,
                value,
                mask=attention_mask,
                scale=self._inverse_sqrt_head_dim,
                is_causal=use_causal_mask,
                flash_attention=self._flash_attention,
            )
            return output, None
        if use_causal_mask:
            attention_mask = merge_attention_mask(
                query, value, use_causal_mask=True
            )[:, None]
        query = ops.multiply(
            query, ops.cast(self._inverse_sqrt_head_dim, query.dtype)
        )
        scores = ops.einsum("bquh,bkuh->buqk", query, key)
        scores = self._softmax(scores, mask=attention_mask)
        dropped = scores
        if self.dropout > 0.0:
            dropped = self._dropout_layer(scores, training=training)
        output = ops.einsum("buqk,bkuh->bquh", dropped, value)
        return output, scores

    def call(
        self,
        query,
        value,
        key=None,
        query_mask=None,
        value_mask=None,
        key_mask=None,
        attention_mask=None,
        return_attention_scores=False,
        training=None,
        use_causal_mask=False,
    ):
        if key is None:
            key = value
        attention_mask, causal_only = resolve_call_masks(
            query, value, query_mask, value_mask, key_mask, attention_mask,
            use_causal_mask, self.sliding_window,
        )
        gate = self._gate_dense(query) if self.use_gate else None
        query = self._query_dense(query)
        key = ops.repeat(self._key_dense(key), self.num_repeats, axis=2)
        value = ops.repeat(self._value_dense(value), self.num_repeats, axis=2)
        output, scores = self._compute_attention(
            query,
            key,
            value,
            attention_mask,
            training,
            return_attention_scores,
            use_causal_mask=causal_only,
        )
        if gate is not None:
            output = ops.multiply(output, gate)
        output = self._output_dense(output)
        if return_attention_scores:
            return output, scores
        return output

    def compute_output_shape(
        self, query_shape, value_shape=None, key_shape=None
    ):
        if value_shape is not None:
            if query_shape[-1] != value_shape[-1]:
                raise ValueError(
                    "The last dimension of `query_shape` and `value_shape` "
                    f"must be equal, but are {query_shape[-1]}, "
                    f"{value_shape[-1]}. Received: query_shape="
                    f"{query_shape}, value_shape={value_shape}"
                )
            key_shape = value_shape if key_shape is None else key_shape
            if tuple(value_shape[1:-1]) != tuple(key_shape[1:-1]):
                raise ValueError(
                    "All dimensions of `value` and `key`, except the last "
                    f"one, must be equal. Received: value_shape="
                    f"{value_shape} and key_shape={key_shape}"
                )
        return tuple(query_shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "head_dim": self.head_dim,
                "num_query_heads": self.num_query_heads,
                "num_key_value_heads": self.num_key_value_heads,
                "use_bias": self.use_bias,
                "use_gate": self.use_gate,
                "sliding_window": self.sliding_window,
                "dropout": self.dropout,
                "kernel_initializer": initializers.serialize(
                    self.kernel_initializer
                ),
                "bias_initializer": initializers.serialize(
                    self.bias_initializer
                ),
                "kernel_regularizer": regularizers.serialize(
                    self.kernel_regularizer
                ),
                "bias_regularizer": regularizers.serialize(
                    self.bias_regularizer
                ),
                "activity_regularizer": regularizers.serialize(
                    self._activity_regularizer
                ),
                "kernel_constraint": constraints.serialize(
                    self.kernel_constraint
                ),
                "bias_constraint": constraints.serialize(self.bias_constraint),
                "seed": self.seed,
            }
        )
        return config
