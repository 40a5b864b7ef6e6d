"""`LSTMCell`: one step of a Long Short-Term Memory layer.

>>> import numpy as np
>>> cell = LSTMCell(4)
>>> h0 = c0 = np.zeros((2, 4), "float32")
>>> output, (h, c) = cell(np.ones((2, 3), "float32"), [h0, c0])
>>> output.shape, c.shape
((2, 4), (2, 4))
"""

from __future__ import annotations

from kerax import ops
from kerax.layers.layer import Layer
from kerax.layers.rnn.cell_args import (
    cell_config,
    forget_bias_initializer,
    gate_matmul,
    set_cell_args,
)
from kerax.layers.rnn.dropout_rnn_cell import DropoutRNNCell
from kerax.layers.rnn.lstm_scan import lstm_sequence

CELL_KEYS = (
    "units", "activation", "recurrent_activation", "use_bias",
    "unit_forget_bias", "kernel_initializer", "recurrent_initializer",
    "bias_initializer", "kernel_regularizer", "recurrent_regularizer",
    "bias_regularizer", "kernel_constraint", "recurrent_constraint",
    "bias_constraint", "dropout", "recurrent_dropout", "seed",
)


class LSTMCell(Layer, DropoutRNNCell):
    """Cell of `LSTM`. With `z = x_t @ kernel + h_{t-1} @ recurrent_kernel
    + bias` split into the gates `i, f, c, o` (in that order):

        c_t = sig(f) * c_{t-1} + sig(i) * act(c)
        h_t = sig(o) * act(c_t)

    where `sig` is `recurrent_activation` and `act` is `activation`. The
    output is `h_t`; the states are `[h_t, c_t]`.

    Args:
        units: positive int, the state/output size.
        activation: default `"tanh"`. recurrent_activation: default
            `"sigmoid"`.
        use_bias: default True.
        kernel_initializer (`"glorot_uniform"`), recurrent_initializer
            (`"orthogonal"`), bias_initializer (`"zeros"`).
        unit_forget_bias: add 1 to the forget gate's bias at
            initialization (default True).
        kernel_regularizer, recurrent_regularizer, bias_regularizer,
            kernel_constraint, recurrent_constraint, bias_constraint:
            optional.
        dropout, recurrent_dropout: fractions of the inputs / previous
            state to drop in training (default 0).
        seed: optional int seed of the dropout masks.
        implementation: 1 (one dropout mask per gate) or 2 (default);
            `recurrent_dropout > 0` forces 1, as in Keras.

    Weights: `kernel (input_dim, 4 * units)`, `recurrent_kernel
    (units, 4 * units)`, `bias (4 * units,)`.
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
        unit_forget_bias=True,
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
        implementation = kwargs.pop("implementation", 2)
        super().__init__(**kwargs)
        set_cell_args(
            self, units, activation=activation,
            recurrent_activation=recurrent_activation, use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint, dropout=dropout,
            recurrent_dropout=recurrent_dropout, seed=seed,
        )
        self.implementation = implementation
        if self.recurrent_dropout != 0.0:
            self.implementation = 1
        if self.implementation == 1:
            self.dropout_mask_count = 4
        self.state_size = [self.units, self.units]
        self.output_size = self.units

    def build(self, input_shape):
        units = self.units
        self.kernel = self.add_weight(
            shape=(input_shape[-1], units * 4), name="kernel",
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.recurrent_kernel = self.add_weight(
            shape=(units, units * 4), name="recurrent_kernel",
            initializer=self.recurrent_initializer,
            regularizer=self.recurrent_regularizer,
            constraint=self.recurrent_constraint,
        )
        self.bias = None
        if self.use_bias:
            initializer = self.bias_initializer
            if self.unit_forget_bias:
                initializer = forget_bias_initializer(initializer, units)
            self.bias = self.add_weight(
                shape=self._bias_shape(), name="bias",
                initializer=initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self.built = True

    def _bias_shape(self):
        return (self.units * 4,)

    def _total_bias(self):
        return self.bias

    def _project_inputs(self, inputs, training=False):
        """`inputs @ kernel + bias` (gates i, f, c, o) for any leading
        axes, so a whole sequence is projected by one matmul."""
        masks = None
        if training and 0.0 < self.dropout < 1.0:
            masks = self.get_dropout_mask(inputs)
        if masks is not None and not isinstance(masks, list):
            inputs, masks = inputs * masks, None
        projected = gate_matmul(inputs, self.kernel, masks)
        if self.bias is not None:
            projected = projected + self._total_bias()
        return projected

    def _recurrent_step(self, projected, states, training=False):
        h_prev, c_prev = states[0], states[1]
        masks = None
        if training and 0.0 < self.recurrent_dropout < 1.0:
            masks = self.get_recurrent_dropout_mask(h_prev)
        if masks is not None and not isinstance(masks, list):
            h_prev, masks = h_prev * masks, None
        z = projected + gate_matmul(h_prev, self.recurrent_kernel, masks)
        return self._gates(z, c_prev)

    def _gates(self, z, c_prev):
        i, f, c, o = ops.split(z, 4, axis=-1)
        act, rec_act = self.activation, self.recurrent_activation
        c = rec_act(f) * c_prev + rec_act(i) * act(c)
        h = rec_act(o) * act(c)
        return h, [h, c]

    def _make_loop_step(self, training=False):
        """The step `RNN` runs in its loop, or None for the plain `call`.

        `[x_t, h] @ [kernel; recurrent_kernel]`: one matmul per timestep
        (and two in the backward pass instead of four), with the stacked
        kernel built once before the loop; ~20% faster on CPU. Per-gate
        dropout masks (`implementation=1`) need the plain call.
        """
        in_mask, rec_mask = self.cached_dropout_masks(training)
        if isinstance(in_mask, list) or isinstance(rec_mask, list):
            return None
        kernel = ops.concatenate([self.kernel, self.recurrent_kernel], axis=0)
        bias = self._total_bias() if self.bias is not None else None

        def step(x_t, states):
            h_prev, c_prev = states[0], states[1]
            if in_mask is not None:
                x_t = x_t * in_mask
            if rec_mask is not None:
                h_prev = h_prev * rec_mask
            z = ops.matmul(ops.concatenate([x_t, h_prev], axis=-1), kernel)
            if bias is not None:
                z = z + bias
            return self._gates(z, c_prev)

        return step

    def _fused_loop(self, inputs, states, training=False, reverse=False,
                    return_sequences=False):
        """`(hs, [h, c])` of the whole recurrence over time-major
        `inputs` (`lstm_scan`: one scan with a hand-written backward), or
        None where it does not apply (other activations, recurrent dropout
        or per-gate dropout masks); `RNN` then runs the step loop."""
        inputs = self.fused_loop_inputs(inputs, training)
        if inputs is None:
            return None
        bias = self._total_bias() if self.bias is not None else None
        hs, h, c = lstm_sequence(
            inputs, self.kernel, self.recurrent_kernel, bias,
            states[0], states[1], reverse=reverse,
            return_sequences=return_sequences,
        )
        return hs, [h, c]

    def call(self, inputs, states, training=False):
        projected = self._project_inputs(inputs, training)
        return self._recurrent_step(projected, states, training)

    def get_initial_state(self, batch_size=None):
        return [
            ops.zeros((batch_size, d), dtype=self.compute_dtype)
            for d in self.state_size
        ]

    def get_config(self):
        config = super().get_config()
        config.update(cell_config(self, CELL_KEYS))
        return config
