"""`MultiHeadAttention`: scaled dot-product attention over several heads.

>>> import numpy as np
>>> layer = MultiHeadAttention(num_heads=2, key_dim=3)
>>> query, value = np.ones((1, 4, 5)), np.ones((1, 6, 5))
>>> layer(query, value).shape
(1, 4, 5)
>>> [w.path for w in layer.weights][:2]
['multi_head_attention/query/kernel', 'multi_head_attention/query/bias']
"""

import math

from kerax import config, constraints, initializers, ops, regularizers
from kerax.layers.activations.softmax import Softmax
from kerax.layers.attention.attention_utils import (
    attention_equations,
    build_sublayer,
    merge_attention_mask,
    projection_equation,
    resolve_call_masks,
)
from kerax.layers.core.einsum_dense import EinsumDense
from kerax.layers.layer import Layer
from kerax.layers.regularization.dropout import Dropout


class MultiHeadAttention(Layer):
    """Multi-head attention (Vaswani et al., 2017).

    `query`, `key` and `value` are projected by `EinsumDense` sublayers
    (`query`, `key`, `value`) to `(batch, ..., num_heads, key_dim)` (value:
    `value_dim`); each head computes `softmax(q k^T / sqrt(key_dim))`
    over `attention_axes` (masked positions excluded), applies it to its
    values, and the `attention_output` projection maps the heads back to
    the query's last dimension (or `output_shape`).

    Args:
        num_heads: positive int, the number of heads.
        key_dim: positive int, the size of each query/key head.
        value_dim: size of each value head (default `key_dim`).
        dropout: float in `[0, 1)`, dropout of the attention weights.
        use_bias: whether the projections have biases (default True).
        output_shape: int or tuple, the output's trailing shape (default:
            the query's last dimension).
        attention_axes: int or tuple of axes attention runs over (default:
            all axes but batch, heads and features).
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

    Call arguments:
        query: `(batch, T, dim)` (or more axes).
        value: `(batch, S, dim)`.
        key: optional `(batch, S, dim)` (default: `value`).
        query_mask / value_mask / key_mask: optional boolean masks
            `(batch, T)` / `(batch, S)` / `(batch, S)`.
        attention_mask: optional boolean mask `(batch, T, S)` (True =
            may attend); broadcast for other ranks.
        return_attention_scores: also return the attention weights
            `(batch, num_heads, T, S)`.
        training: apply dropout when true.
        use_causal_mask: forbid attending to later positions.

    Output: `(batch, T, dim)` (or `output_shape`); its mask is the query's.
    """

    def __init__(
        self,
        num_heads,
        key_dim,
        value_dim=None,
        dropout=0.0,
        use_bias=True,
        output_shape=None,
        attention_axes=None,
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
        _check_positive_int("num_heads", num_heads)
        _check_positive_int("key_dim", key_dim)
        if value_dim is not None:
            _check_positive_int("value_dim", value_dim, "or `None`")
        if sliding_window is not None:
            _check_positive_int("sliding_window", sliding_window, "or `None`")
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
                "MultiHeadAttention: flash attention cannot apply dropout. "
                f"Received: flash_attention={flash_attention} with "
                f"dropout={dropout} (set dropout=0.0)."
            )
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.supports_masking = True
        self._num_heads = num_heads
        self._key_dim = key_dim
        self._value_dim = value_dim or key_dim
        self._dropout = dropout
        self._use_bias = use_bias
        self._use_gate = use_gate
        self._output_shape = _standardize_output_shape(output_shape)
        self._attention_axes = _standardize_axes(attention_axes)
        self._sliding_window = sliding_window
        self._flash_attention = (
            flash_attention or config.is_flash_attention_enabled())
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        self.seed = seed
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(float(key_dim))

    num_heads = property(lambda self: self._num_heads)
    key_dim = property(lambda self: self._key_dim)
    value_dim = property(lambda self: self._value_dim)
    dropout = property(lambda self: self._dropout)
    use_bias = property(lambda self: self._use_bias)
    attention_axes = property(lambda self: self._attention_axes)

    # --------------------------------------------------------------- build
    def _sublayer_kwargs(self):
        return {
            "kernel_initializer": initializers.get(
                initializers.serialize(self._kernel_initializer)
            ),
            "bias_initializer": initializers.get(
                initializers.serialize(self._bias_initializer)
            ),
            "kernel_regularizer": self._kernel_regularizer,
            "bias_regularizer": self._bias_regularizer,
            "activity_regularizer": self._activity_regularizer,
            "kernel_constraint": self._kernel_constraint,
            "bias_constraint": self._bias_constraint,
            "dtype": self.dtype_policy,
        }

    def _projection(self, rank, heads, size, name, activation=None):
        equation, bias_axes, output_rank = projection_equation(
            rank - 1, bound_dims=1, output_dims=2
        )
        return EinsumDense(
            equation,
            output_shape=[None] * (output_rank - 3) + [heads, size],
            bias_axes=bias_axes if self._use_bias else None,
            activation=activation,
            name=name,
            **self._sublayer_kwargs(),
        )

    def build(self, query_shape, value_shape, key_shape=None):
        key_shape = value_shape if key_shape is None else key_shape
        if tuple(value_shape[1:-1]) != tuple(key_shape[1:-1]):
            raise ValueError(
                "All dimensions of `value` and `key`, except the last one, "
                f"must be equal. Received: value_shape={value_shape} and "
                f"key_shape={key_shape}"
            )
        n, kd, vd = self._num_heads, self._key_dim, self._value_dim
        # Assignment order fixes the weight order (Keras's).
        self._query_dense = self._projection(len(query_shape), n, kd, "query")
        build_sublayer(self._query_dense, query_shape)
        self._key_dense = self._projection(len(key_shape), n, kd, "key")
        build_sublayer(self._key_dense, key_shape)
        if self._use_gate:
            self._gate_dense = self._projection(
                len(query_shape), n, vd, "gate", activation="sigmoid"
            )
            build_sublayer(self._gate_dense, query_shape)
        self._value_dense = self._projection(len(value_shape), n, vd, "value")
        build_sublayer(self._value_dense, value_shape)
        rank = len(query_shape) + 1
        self._build_attention(rank)
        output_shape = self._output_shape or (query_shape[-1],)
        equation, bias_axes, output_rank = projection_equation(
            len(query_shape) - 1, bound_dims=2, output_dims=len(output_shape)
        )
        self._output_dense = EinsumDense(
            equation,
            output_shape=[None] * (output_rank - 1 - len(output_shape))
            + list(output_shape),
            bias_axes=bias_axes if self._use_bias else None,
            name="attention_output",
            **self._sublayer_kwargs(),
        )
        heads_shape = list(
            self._query_dense.compute_output_shape(tuple(query_shape))
        )
        heads_shape[-1] = vd
        build_sublayer(self._output_dense, tuple(heads_shape))
        self.built = True

    def _build_attention(self, rank):
        if self._attention_axes is None:
            self._attention_axes = tuple(range(1, rank - 2))
        else:
            axes = tuple(
                a if a >= 0 else (rank - 1) + a for a in self._attention_axes
            )
            if any(not 1 <= a < rank - 2 for a in axes):
                raise ValueError(
                    f"Layer '{self.name}': `attention_axes` must be axes of "
                    f"the query other than the batch and last axes (query "
                    f"rank {rank - 1}). Received: attention_axes="
                    f"{self._attention_axes}"
                )
            self._attention_axes = axes
        (self._dot_product_equation, self._combine_equation, scores_rank) = (
            attention_equations(rank, self._attention_axes)
        )
        norm_axes = tuple(
            range(scores_rank - len(self._attention_axes), scores_rank)
        )
        self._softmax = Softmax(axis=norm_axes, dtype=self.dtype_policy)
        self._dropout_layer = Dropout(
            rate=self._dropout, dtype=self.dtype_policy, seed=self.seed
        )

    # ---------------------------------------------------------------- call
    def _expand_mask(self, mask, scores_rank):
        axis = -len(self._attention_axes) * 2 - 1
        for _ in range(scores_rank - len(mask.shape)):
            mask = ops.expand_dims(mask, axis)
        return mask

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
        """Attention over projected `(B, T, N, H)` heads; returns
        `(output, weights or None)`."""
        if self._flash_attention and return_attention_scores:
            raise ValueError(
                "MultiHeadAttention: flash attention does not compute the "
                "attention scores; create the layer with "
                "flash_attention=False to get them."
            )
        fused = not (
            self._dropout > 0.0
            or return_attention_scores
            or len(query.shape) != 4
        )
        if fused:
            if attention_mask is not None:
                attention_mask = ops.cast(
                    self._expand_mask(attention_mask, 4), "bool"
                )
            output = ops.dot_product_attention(
                query,
                key,
                value,
                mask=attention_mask,
                scale=self._inverse_sqrt_key_dim,
                is_causal=use_causal_mask,
                flash_attention=self._flash_attention,
            )
            return output, None
        if use_causal_mask:
            attention_mask = merge_attention_mask(
                query,
                value,
                attention_mask=attention_mask,
                use_causal_mask=True,
            )
        query = ops.multiply(
            query, ops.cast(self._inverse_sqrt_key_dim, query.dtype)
        )
        scores = ops.einsum(self._dot_product_equation, key, query)
        if attention_mask is not None:
            attention_mask = self._expand_mask(
                attention_mask, len(scores.shape)
            )
        scores = self._softmax(scores, mask=attention_mask)
        dropped = scores
        if self._dropout > 0.0:
            dropped = self._dropout_layer(scores, training=training)
        output = ops.einsum(self._combine_equation, dropped, value)
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
            use_causal_mask, self._sliding_window,
        )
        gate = self._gate_dense(query) if self._use_gate else None
        query = self._query_dense(query)
        key = self._key_dense(key)
        value = self._value_dense(value)
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
        query_shape = tuple(query_shape)
        if (
            value_shape is not None
            and key_shape is not None
            and tuple(value_shape[1:-1]) != tuple(key_shape[1:-1])
        ):
            raise ValueError(
                "All dimensions of `value` and `key`, except the last one, "
                f"must be equal. Received: value_shape={value_shape} and "
                f"key_shape={key_shape}"
            )
        if self._output_shape:
            return query_shape[:-1] + self._output_shape
        return query_shape

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "num_heads": self._num_heads,
                "key_dim": self._key_dim,
                "value_dim": self._value_dim,
                "dropout": self._dropout,
                "use_bias": self._use_bias,
                "use_gate": self._use_gate,
                "output_shape": self._output_shape,
                "attention_axes": self._attention_axes,
                "sliding_window": self._sliding_window,
                "kernel_initializer": initializers.serialize(
                    self._kernel_initializer
                ),
                "bias_initializer": initializers.serialize(
                    self._bias_initializer
                ),
                "kernel_regularizer": regularizers.serialize(
                    self._kernel_regularizer
                ),
                "bias_regularizer": regularizers.serialize(
                    self._bias_regularizer
                ),
                "activity_regularizer": regularizers.serialize(
                    self._activity_regularizer
                ),
                "kernel_constraint": constraints.serialize(
                    self._kernel_constraint
                ),
                "bias_constraint": constraints.serialize(self._bias_constraint),
                "seed": self.seed,
            }
        )
        return config


def _check_positive_int(name, value, extra=""):
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(
            f"Received an invalid value for argument `{name}`, expected a "
            f"positive integer{' ' + extra if extra else ''}. "
            f"Received: {name}={value}"
        )


def _standardize_output_shape(output_shape):
    if not output_shape:
        return None
    shape = output_shape
    if isinstance(shape, int) and not isinstance(shape, bool):
        shape = (shape,)
    try:
        shape = tuple(shape)
    except TypeError:
        shape = None
    if shape is None or not all(
        isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in shape
    ):
        raise ValueError(
            "Invalid `output_shape`: when specified, it must be an int or a "
            f"tuple/list of positive ints. Received: output_shape="
            f"{output_shape}"
        )
    return shape


def _standardize_axes(attention_axes):
    if attention_axes is None:
        return None
    if isinstance(attention_axes, int) and not isinstance(attention_axes, bool):
        return (attention_axes,)
    if isinstance(attention_axes, (list, tuple)) and all(
        isinstance(a, int) and not isinstance(a, bool) for a in attention_axes
    ):
        return tuple(attention_axes)
    raise ValueError(
        "`attention_axes` must be an int, list, or tuple. "
        f"Received: attention_axes={attention_axes}"
    )
