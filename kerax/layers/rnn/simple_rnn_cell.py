"""`SimpleRNNCell`: one step of a fully-connected RNN.

>>> import numpy as np
>>> cell = SimpleRNNCell(4)
>>> output, states = cell(np.ones((2, 3), "float32"),
...                       [np.zeros((2, 4), "float32")])
>>> output.shape, states[0].shape
((2, 4), (2, 4))
"""

from __future__ import annotations

from kerax import ops
from kerax.layers.layer import Layer
from kerax.layers.rnn.cell_args import cell_config, set_cell_args
from kerax.layers.rnn.dropout_rnn_cell import DropoutRNNCell

CELL_KEYS = (
    "units", "activation", "use_bias", "kernel_initializer",
    "recurrent_initializer", "bias_initializer", "kernel_regularizer",
    "recurrent_regularizer", "bias_regularizer", "kernel_constraint",
    "recurrent_constraint", "bias_constraint", "dropout",
    "recurrent_dropout", "seed",
)


class SimpleRNNCell(Layer, DropoutRNNCell):
    """Cell of `SimpleRNN`:
    `h_t = activation(x_t @ kernel + h_{t-1} @ recurrent_kernel + bias)`;
    the output is `h_t`.

    Args:
        units: positive int, the state/output size.
        activation: default `"tanh"` (None: linear).
        use_bias: default True.
        kernel_initializer: default `"glorot_uniform"`.
        recurrent_initializer: default `"orthogonal"`.
        bias_initializer: default `"zeros"`.
        kernel_regularizer, recurrent_regularizer, bias_regularizer,
            kernel_constraint, recurrent_constraint, bias_constraint:
            optional.
        dropout: fraction of the inputs to drop in training (one mask per
            sequence), default 0.
        recurrent_dropout: fraction of the previous state to drop in
            training, default 0.
        seed: optional int seed of the dropout masks.

    Call: `cell(inputs (batch, features), states [h], training)` returns
    `(output, [h])`.
    """

    # The output is `states[0]` (lets RNN skip carrying it).
    _output_is_first_state = True

    def __init__(
        self,
        units,
        activation="tanh",
        use_bias=True,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        set_cell_args(
            self, units, activation=activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed,
        )
        self.state_size = self.units
        self.output_size = self.units

    def build(self, input_shape):
        self.kernel = self.add_weight(
            shape=(input_shape[-1], self.units), name="kernel",
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=(self.units, self.units), name="recurrent_kernel",
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=(self.units,), name="bias",
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self.built = True

    def _project_inputs(self, inputs, training=False):
        """`inputs @ kernel + bias` for any leading axes (time included)."""
        if training:
            mask = self.get_dropout_mask(inputs)
            if mask is not None:
                inputs = inputs * mask
        projected = ops.matmul(inputs, self.kernel)
        if self.bias is not None:
            projected = projected + self.bias
        return projected

    def _recurrent_step(self, projected, states, training=False):
        is_list = isinstance(states, (list, tuple))
        h_prev = states[0] if is_list else states
        if training:
            mask = self.get_recurrent_dropout_mask(h_prev)
            if mask is not None:
                h_prev = h_prev * mask
        output = projected + ops.matmul(h_prev, self.recurrent_kernel)
        if self.activation is not None:
            output = self.activation(output)
        return output, ([output] if is_list else output)

    def call(self, sequence, states, training=False):
        projected = self._project_inputs(sequence, training)
        return self._recurrent_step(projected, states, training)

    def get_initial_state(self, batch_size=None):
        return [ops.zeros((batch_size, self.units), dtype=self.compute_dtype)]

    def get_config(self):
        config = super().get_config()
        config.update(cell_config(self, CELL_KEYS))
        return config
