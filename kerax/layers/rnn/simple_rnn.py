"""`SimpleRNN`: a fully-connected RNN whose output is fed back as input.

>>> import numpy as np
>>> layer = SimpleRNN(4, return_sequences=True)
>>> layer(np.ones((2, 5, 3), "float32")).shape
(2, 5, 4)
"""

from __future__ import annotations

from kerax.layers.rnn.cell_args import delegate_to_cell
from kerax.layers.rnn.cell_rnn import CellRNN, cell_arguments
from kerax.layers.rnn.simple_rnn_cell import CELL_KEYS, SimpleRNNCell


class SimpleRNN(CellRNN):
    """`RNN(SimpleRNNCell(...))`:
    `h_t = activation(x_t @ kernel + h_{t-1} @ recurrent_kernel + bias)`.

    Args:
        units, activation (`"tanh"`), use_bias (True), kernel_initializer
            (`"glorot_uniform"`), recurrent_initializer (`"orthogonal"`),
            bias_initializer (`"zeros"`), the regularizers and constraints,
            dropout (0), recurrent_dropout (0), seed: as `SimpleRNNCell`.
        activity_regularizer: optional regularizer of the output.
        return_sequences, return_state, go_backwards, stateful, unroll:
            as `RNN` (all default False).

    Input: `(batch, time, features)`. Output: `(batch, units)`, or
    `(batch, time, units)` with `return_sequences`; plus the final state
    with `return_state`.
    """

    cell_keys = CELL_KEYS

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
        activity_regularizer=None,
        kernel_constraint=None,
        recurrent_constraint=None,
        bias_constraint=None,
        dropout=0.0,
        recurrent_dropout=0.0,
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        unroll=False,
        seed=None,
        **kwargs,
    ):
        cell = SimpleRNNCell(
            **cell_arguments(locals(), CELL_KEYS),
            dtype=kwargs.get("dtype"),
            trainable=kwargs.get("trainable", True),
            name="simple_rnn_cell",
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


delegate_to_cell(SimpleRNN, [k for k in CELL_KEYS if k != "seed"])
