"""`GRUCell`: one step of a Gated Recurrent Unit.

>>> import numpy as np
>>> cell = GRUCell(4)
>>> output, states = cell(np.ones((2, 3), "float32"),
...                       [np.zeros((2, 4), "float32")])
>>> output.shape
(2, 4)
"""

from __future__ import annotations

from kerax import ops
from kerax.layers.layer import Layer
from kerax.layers.rnn.cell_args import cell_config, gate_matmul, set_cell_args
from kerax.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from kerax.layers.rnn.gru_scan import gru_sequence

CELL_KEYS = (
    "units", "activation", "recurrent_activation", "use_bias",
    "kernel_initializer", "recurrent_initializer", "bias_initializer",
    "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
    "kernel_constraint", "recurrent_constraint", "bias_constraint",
    "dropout", "recurrent_dropout", "reset_after", "seed",
)


class GRUCell(Layer, DropoutRNNCell):
    """Cell of `GRU`, gates `z` (update), `r` (reset), `h` (candidate) in
    that order along the last axis of the weights:

        z = sig(x W_z + h_{t-1} U_z + b_z)
        r = sig(x W_r + h_{t-1} U_r + b_r)
        hh = act(x W_h + r * (h_{t-1} U_h + b'_h))     # reset_after=True
        hh = act(x W_h + (r * h_{t-1}) U_h + b_h)      # reset_after=False
        h_t = z * h_{t-1} + (1 - z) * hh

    With `reset_after=True` (Keras 3 default, cuDNN-compatible) the bias
    has shape `(2, 3 * units)`: row 0 for the inputs, row 1 for the
    recurrent product; with False (Keras 2's default) `(3 * units,)`.

    Args:
        units, activation (`"tanh"`), recurrent_activation (`"sigmoid"`),
            use_bias (True), kernel_initializer (`"glorot_uniform"`),
            recurrent_initializer (`"orthogonal"`), bias_initializer
            (`"zeros"`), regularizers and constraints (None), dropout (0),
            recurrent_dropout (0), reset_after (True), seed (None).
        implementation: 1 (one dropout mask per gate) or 2 (default);
            `recurrent_dropout > 0` forces 1, as in Keras.
    """

    # The output is `states[0]` (lets RNN skip carrying it).
    _output_is_first_state = True

    def __init__(
        self,
        units,
        activation="tanh",
        recurrent_activation="sigmoid",
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
        reset_after=True,
        seed=None,
        **kwargs,
    ):
        implementation = kwargs.pop("implementation", 2)
        super().__init__(**kwargs)
        set_cell_args(
            self, units, activation=activation,
            recurrent_activation=recurrent_activation, use_bias=use_bias,
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
            reset_after=reset_after,
        )
        self.implementation = implementation
        if self.recurrent_dropout != 0.0:
            self.implementation = 1
        if self.implementation == 1:
            self.dropout_mask_count = 3
        self.state_size = self.units
        self.output_size = self.units

    def build(self, input_shape):
        units = self.units
        self.kernel = self.add_weight(
            shape=(input_shape[-1], units * 3), name="kernel",
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=(units, units * 3), name="recurrent_kernel",
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                shape=self._bias_shape(), name="bias",
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self.built = True

    def _bias_shape(self):
        if self.reset_after:
            return (2, 3 * self.units)
        return (3 * self.units,)

    def _biases(self):
        """`(input_bias, recurrent_bias)`; either may be None."""
        if self.bias is None:
            return None, None
        if not self.reset_after:
            return self.bias, None
        return self.bias[0], self.bias[1]

    def _project_inputs(self, inputs, training=False):
        """`inputs @ kernel + input_bias` (gates z, r, h), any leading
        axes."""
        masks = None
        if training and 0.0 < self.dropout < 1.0:
            masks = self.get_dropout_mask(inputs)
        if masks is not None and not isinstance(masks, list):
            inputs, masks = inputs * masks, None
        projected = gate_matmul(inputs, self.kernel, masks)
        input_bias, _ = self._biases()
        if input_bias is not None:
            projected = projected + input_bias
        return projected

    def _recurrent_step(self, projected, states, training=False):
        is_list = isinstance(states, (list, tuple))
        h_prev = states[0] if is_list else states
        masks = None
        if training and 0.0 < self.recurrent_dropout < 1.0:
            masks = self.get_recurrent_dropout_mask(h_prev)
        if masks is None:
            masks = [1.0, 1.0, 1.0]
        elif not isinstance(masks, list):
            masks = [masks] * 3
        units = self.units
        x_z, x_r, x_h = ops.split(projected, 3, axis=-1)
        _, recurrent_bias = self._biases()
        kernel = self.recurrent_kernel
        if self.reset_after:
            inner = gate_matmul(h_prev, kernel, _maybe(masks))
            if recurrent_bias is not None:
                inner = inner + recurrent_bias
            r_z, r_r, r_h = ops.split(inner, 3, axis=-1)
        else:
            inner = gate_matmul(h_prev, kernel[:, : 2 * units],
                                _maybe(masks[:2]))
            r_z, r_r = ops.split(inner, 2, axis=-1)
        z = self.recurrent_activation(x_z + r_z)
        r = self.recurrent_activation(x_r + r_r)
        if self.reset_after:
            r_h = r * r_h
        else:
            r_h = ops.matmul(r * (h_prev * masks[2]),
                             kernel[:, 2 * units:])
        hh = self.activation(x_h + r_h)
        h = z * h_prev + (1 - z) * hh
        return h, ([h] if is_list else h)

    def _fused_loop(self, inputs, states, training=False, reverse=False,
                    return_sequences=False):
        """`(hs, [h])` of the whole recurrence over time-major `inputs`
        (`gru_scan`: one scan with a hand-written backward), or None where
        it does not apply (`reset_after=False`, other activations,
        recurrent dropout or per-gate dropout masks)."""
        if not self.reset_after:
            return None
        inputs = self.fused_loop_inputs(inputs, training)
        if inputs is None:
            return None
        h0 = states[0] if isinstance(states, (list, tuple)) else states
        hs, h = gru_sequence(
            inputs, self.kernel, self.recurrent_kernel, self._biases(), h0,
            reverse=reverse, return_sequences=return_sequences,
        )
        return hs, [h]

    def call(self, inputs, states, training=False):
        projected = self._project_inputs(inputs, training)
        return self._recurrent_step(projected, states, training)

    def get_initial_state(self, batch_size=None):
        return [ops.zeros((batch_size, self.units), dtype=self.compute_dtype)]

    def get_config(self):
        config = super().get_config()
        config.update(cell_config(self, CELL_KEYS))
        return config


def _maybe(masks):
    """None when no gate is masked (so one plain matmul is used)."""
    if all(isinstance(m, float) for m in masks):
        return None
    return masks
