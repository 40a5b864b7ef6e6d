"""Keras 2's `ConvLSTM2DCell` and `ConvRNN2D`: a 2D convolutional LSTM
cell and the recurrent layer that runs any such cell over time.

>>> import numpy as np
>>> layer = ConvRNN2D(ConvLSTM2DCell(2, 3, padding="same"))
>>> layer(np.ones((1, 4, 5, 5, 3), "float32")).shape
(1, 5, 5, 2)
"""

from kerax.layers.rnn.conv_lstm_cell import ConvLSTMCell
from kerax.layers.rnn.rnn import RNN


class ConvLSTM2DCell(ConvLSTMCell):
    """The cell of `ConvLSTM2D`: `ConvLSTMCell` with 2 spatial axes.

    Args:
        filters, kernel_size, and the rest: as `ConvLSTMCell` (without
            `rank`). `recurrent_activation` defaults to `"hard_sigmoid"`,
            Keras 2's default.
    """

    def __init__(self, filters, kernel_size,
                 recurrent_activation="hard_sigmoid", **kwargs):
        kwargs.pop("rank", None)  # from a config; always 2 here
        super().__init__(2, filters, kernel_size,
                         recurrent_activation=recurrent_activation, **kwargs)

    def get_config(self):
        config = super().get_config()
        config.pop("rank", None)
        return config


class ConvRNN2D(RNN):
    """A recurrent layer over 2D convolutional cells (a cell with 2
    spatial axes, such as `ConvLSTM2DCell`).

    Args:
        cell: the cell instance (or a list of cells, stacked).
        return_sequences, return_state, go_backwards, stateful, unroll:
            as `RNN`.

    Input: `(batch, time, rows, cols, channels)` (channels_last) or
    `(batch, time, channels, rows, cols)`; 5D in either case.
    """

    def build(self, sequences_shape, initial_state_shape=None):
        if len(sequences_shape) != 5:
            raise ValueError(
                f"Layer ConvRNN2D '{self.name}' expects 5D input (batch, "
                f"time, 2 spatial axes and channels). Received: "
                f"input_shape={tuple(sequences_shape)}")
        super().build(sequences_shape, initial_state_shape)
