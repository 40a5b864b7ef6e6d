"""`CuDNNLSTM`: Keras 2's cuDNN LSTM, as an `LSTM` with cuDNN's settings.

Keras 2 code and `.h5` files use it; here it is an ordinary (XLA) LSTM
with `activation="tanh"`, `recurrent_activation="sigmoid"` and cuDNN's
weight layout: separate input and recurrent biases, `bias (8 * units,)`.

>>> import numpy as np
>>> layer = CuDNNLSTM(4)
>>> layer(np.ones((2, 5, 3), "float32")).shape
(2, 4)
>>> [tuple(w.shape) for w in layer.weights]
[(3, 16), (4, 16), (32,)]
"""

from __future__ import annotations

from kerax import initializers, ops
from kerax.layers.rnn.cell_rnn import cudnn_config
from kerax.layers.rnn.lstm import LSTM
from kerax.layers.rnn.lstm_cell import LSTMCell

_KEYS = (
    "units", "kernel_initializer", "recurrent_initializer",
    "bias_initializer", "unit_forget_bias", "kernel_regularizer",
    "recurrent_regularizer", "bias_regularizer", "kernel_constraint",
    "recurrent_constraint", "bias_constraint",
)


class _CuDNNLSTMCell(LSTMCell):
    """LSTMCell with cuDNN's bias: `[input_bias (4u), recurrent_bias (4u)]`,
    summed before use."""

    def _bias_shape(self):
        return (self.units * 8,)

    def _total_bias(self):
        units = self.units * 4
        return self.bias[:units] + self.bias[units:]

    def build(self, input_shape):
        forget = self.unit_forget_bias
        self.unit_forget_bias = False
        if forget:
            base, units = self.bias_initializer, self.units

            def initialize(shape, dtype=None):
                return ops.concatenate([
                    base((units * 5,), dtype=dtype),
                    initializers.get("ones")((units,), dtype=dtype),
                    base((units * 2,), dtype=dtype),
                ])

            saved, self.bias_initializer = self.bias_initializer, initialize
        try:
            super().build(input_shape)
        finally:
            self.unit_forget_bias = forget
            if forget:
                self.bias_initializer = saved


class CuDNNLSTM(LSTM):
    """Keras 2's `CuDNNLSTM(units, ...)`: an LSTM with `tanh`/`sigmoid`
    activations, no dropout, and weights `kernel (input_dim, 4u)`,
    `recurrent_kernel (u, 4u)`, `bias (8u,)` (cuDNN's separate input and
    recurrent biases, gates i, f, c, o).

    Args:
        units, kernel_initializer, recurrent_initializer,
            bias_initializer, unit_forget_bias (True), the regularizers,
            activity_regularizer, the constraints, return_sequences,
            return_state, go_backwards, stateful: as `LSTM`.
    """

    def __init__(
        self,
        units,
        kernel_initializer="glorot_uniform",
        recurrent_initializer="orthogonal",
        bias_initializer="zeros",
        unit_forget_bias=True,
        kernel_regularizer=None,
        recurrent_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        **kwargs,
    ):
        super().__init__(
            units,
            kernel_initializer=kernel_initializer,
            recurrent_initializer=recurrent_initializer,
            bias_initializer=bias_initializer,
            unit_forget_bias=unit_forget_bias,
            kernel_regularizer=kernel_regularizer,
            recurrent_regularizer=recurrent_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            recurrent_constraint=recurrent_constraint,
            bias_constraint=bias_constraint,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            **kwargs,
        )

    def _make_cell(self, units, **kwargs):
        kwargs["name"] = "cudnn_lstm_cell"
        return _CuDNNLSTMCell(units, **kwargs)

    def get_config(self):
        return cudnn_config(super().get_config(), self.cell, _KEYS)
