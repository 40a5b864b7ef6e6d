"""`LSTM`: Long Short-Term Memory layer (Hochreiter & Schmidhuber, 1997).

>>> import numpy as np
>>> layer = LSTM(4, return_state=True)
>>> output, h, c = layer(np.ones((2, 5, 3), "float32"))
>>> output.shape, c.shape
((2, 4), (2, 4))
"""

from __future__ import annotations

from kerax.layers.rnn.cell_args import delegate_to_cell
from kerax.layers.rnn.cell_rnn import CellRNN, cell_arguments, check_use_cudnn
from kerax.layers.rnn.lstm_cell import CELL_KEYS, LSTMCell


class LSTM(CellRNN):
    """`RNN(LSTMCell(...))`: gates `i, f, c, o` from
    `x_t @ kernel + h_{t-1} @ recurrent_kernel + bias`, then
    `c_t = sig(f) c_{t-1} + sig(i) tanh(c)` and `h_t = sig(o) tanh(c_t)`.

    With the default activations and no mask (recurrent dropout or
    per-gate dropout masks aside), the whole recurrence is one scan with
    a hand-written backward scan (`lstm_scan`): one `[x_t, h] @ [kernel;
    recurrent_kernel]` product and the gate arithmetic per step; other
    cases run `LSTMCell` step by step.

    Args:
        units, activation (`"tanh"`), recurrent_activation (`"sigmoid"`),
            use_bias (True), kernel_initializer (`"glorot_uniform"`),
            recurrent_initializer (`"orthogonal"`), bias_initializer
            (`"zeros"`), unit_forget_bias (True), the regularizers and
            constraints, dropout (0), recurrent_dropout (0), seed: as
            `LSTMCell`.
        activity_regularizer: optional regularizer of the output.
        return_sequences, return_state, go_backwards, stateful, unroll:
            as `RNN` (all default False).
        use_cudnn: `"auto"`, True or False; accepted for Keras
            compatibility (XLA compiles the same loop either way).
        implementation: Keras 2 argument (1 or 2), accepted.

    Input: `(batch, time, features)`. Output: `(batch, units)` or
    `(batch, time, units)`; plus `h` and `c` with `return_state`.
    """

    cell_keys = CELL_KEYS

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
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        seed=None,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        use_cudnn="auto",
        **kwargs,
    ):
        cell = self._make_cell(
            **cell_arguments(locals(), CELL_KEYS),
            dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True),
            name="lstm_cell",
            implementation=kwargs.pop("implementation", 2),
        )
        super().__init__(
            cell,
            input_ndim=3,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            unroll=unroll,
            activity_regularizer=activity_regularizer,
            **kwargs,
        )
        self.use_cudnn = check_use_cudnn(use_cudnn)

    def _make_cell(self, units, **kwargs):
        return LSTMCell(units, **kwargs)


delegate_to_cell(LSTM, [k for k in CELL_KEYS if k != "seed"])
