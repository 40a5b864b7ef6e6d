"""`GRU`: Gated Recurrent Unit layer (Cho et al., 2014).

>>> import numpy as np
>>> layer = GRU(4, return_sequences=True)
>>> layer(np.ones((2, 5, 3), "float32")).shape
(2, 5, 4)
"""

from __future__ import annotations

from kerax.layers.rnn.cell_args import delegate_to_cell
from kerax.layers.rnn.cell_rnn import CellRNN, cell_arguments, check_use_cudnn
from kerax.layers.rnn.gru_cell import CELL_KEYS, GRUCell


class GRU(CellRNN):
    """`RNN(GRUCell(...))`: update gate `z`, reset gate `r`, candidate
    `hh`, and `h_t = z * h_{t-1} + (1 - z) * hh` (see `GRUCell`).

    With `reset_after=True`, the default activations and no mask
    (recurrent dropout or per-gate dropout masks aside), the whole
    recurrence is one scan with a hand-written backward scan
    (`gru_scan`); other cases run `GRUCell` step by step.

    Args:
        units, activation (`"tanh"`), recurrent_activation (`"sigmoid"`),
            use_bias (True), kernel_initializer (`"glorot_uniform"`),
            recurrent_initializer (`"orthogonal"`), bias_initializer
            (`"zeros"`), the regularizers and constraints, dropout (0),
            recurrent_dropout (0), seed: as `GRUCell`.
        activity_regularizer: optional regularizer of the output.
        return_sequences, return_state, go_backwards, stateful, unroll:
            as `RNN` (all default False).
        reset_after: apply the reset gate after the recurrent matmul
            (True, Keras 3 default, bias `(2, 3 units)`) or before it
            (False, Keras 2's default, bias `(3 units,)`).
        use_cudnn: `"auto"`, True or False; accepted for Keras
            compatibility.
        implementation: Keras 2 argument (1 or 2), accepted.

    Input: `(batch, time, features)`. Output: `(batch, units)` or
    `(batch, time, units)`; plus the final state with `return_state`.
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
        reset_after=True,
        use_cudnn="auto",
        **kwargs,
    ):
        cell = self._make_cell(
            **cell_arguments(locals(), CELL_KEYS),
            dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True),
            name="gru_cell",
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
        return GRUCell(units, **kwargs)


delegate_to_cell(GRU, [k for k in CELL_KEYS if k != "seed"])
