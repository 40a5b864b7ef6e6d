"""`ConvLSTM`: base of `ConvLSTM1D/2D/3D` (an `RNN` of `ConvLSTMCell`).

>>> import numpy as np
>>> layer = ConvLSTM(rank=1, filters=2, kernel_size=3)
>>> layer(np.ones((2, 4, 6, 3), "float32")).shape
(2, 4, 2)
"""

from __future__ import annotations

import inspect

from kerax.layers.rnn.cell_args import delegate_to_cell
from kerax.layers.rnn.cell_rnn import CellRNN, cell_arguments
from kerax.layers.rnn.conv_lstm_cell import CELL_KEYS, ConvLSTMCell


class ConvLSTM(CellRNN):
    """N-D convolutional LSTM: `RNN(ConvLSTMCell(rank, ...))`.

    Args:
        rank: 1, 2 or 3.
        filters, kernel_size, strides (1), padding (`"valid"`),
            data_format, dilation_rate (1), activation (`"tanh"`),
            recurrent_activation (`"sigmoid"`), use_bias (True),
            initializers, unit_forget_bias (True), regularizers,
            constraints, dropout (0), recurrent_dropout (0), seed: as
            `ConvLSTMCell`.
        activity_regularizer: optional regularizer of the output.
        return_sequences, return_state, go_backwards, stateful: as `RNN`.

    Input: `(batch, time, *spatial, channels)` (channels_last). Output:
    `(batch, *conv_output_spatial, filters)`, with a time axis after the
    batch axis when `return_sequences`; plus `h`, `c` with `return_state`.
    """

    cell_keys = CELL_KEYS

    def __init__(
        self,
        rank,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
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
        return_sequences=False,
        return_state=False,
        go_backwards=False,
        stateful=False,
        **kwargs,
    ):
        cell = ConvLSTMCell(
            rank=rank,
            **cell_arguments(locals(), CELL_KEYS),
            name="conv_lstm_cell",
            dtype=kwargs.get("dtype"),
        )
        super().__init__(
            cell,
            input_ndim=rank + 3,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            **kwargs,
        )

    def compute_output_shape(self, sequences_shape, initial_state_shape=None):
        batch_size, steps = sequences_shape[0], sequences_shape[1]
        step_shape = (batch_size,) + tuple(sequences_shape[2:])
        state_shape = tuple(self.cell.compute_output_shape(step_shape)[0][1:])
        if self.return_sequences:
            output_shape = (batch_size, steps) + state_shape
        else:
            output_shape = (batch_size,) + state_shape
        if self.return_state:
            batched = (batch_size,) + state_shape
            return output_shape, batched, batched
        return output_shape

    def compute_mask(self, inputs, mask=None):
        if mask is not None:
            mask = mask[0] if isinstance(mask, (list, tuple)) else mask
        output_mask = mask if self.return_sequences else None
        if self.return_state:
            return [output_mask, None, None]
        return output_mask

    def get_config(self):
        config = super().get_config()
        if type(self) is ConvLSTM:
            config["rank"] = self.cell.rank
        return config


def fixed_rank_init(rank):
    """`__init__` of `ConvLSTM1D/2D/3D`: `ConvLSTM`'s arguments without
    `rank`, plus `activity_regularizer` before the constraints (Keras's
    signature for those layers), calling `ConvLSTM.__init__(rank, ...)`.
    """
    base = inspect.signature(ConvLSTM.__init__)
    params = []
    for param in base.parameters.values():
        if param.name == "kernel_constraint":
            params.append(param.replace(name="activity_regularizer"))
        if param.name != "rank":
            params.append(param)
    signature = base.replace(parameters=params)

    def __init__(self, *args, **kwargs):
        arguments = signature.bind(self, *args, **kwargs).arguments
        arguments.pop("self")
        ConvLSTM.__init__(self, rank, **arguments.pop("kwargs", {}),
                          **arguments)

    __init__.__signature__ = signature
    return __init__


delegate_to_cell(ConvLSTM, [k for k in CELL_KEYS if k != "seed"])
