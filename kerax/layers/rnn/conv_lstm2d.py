"""`ConvLSTM2D`: 2D convolutional LSTM.

>>> import numpy as np
>>> layer = ConvLSTM2D(filters=2, kernel_size=3)
>>> layer(np.ones((2, 4, 6, 6, 3), "float32")).shape
(2, 4, 4, 2)
"""

from __future__ import annotations

from kerax.layers.rnn.conv_lstm import ConvLSTM, fixed_rank_init


class ConvLSTM2D(ConvLSTM):
    """2D convolutional LSTM: an LSTM whose input and recurrent
    transformations are 2D convolutions (see `ConvLSTMCell`).

    Args:
        filters: int, output channels.
        kernel_size: int or 2 ints.
        strides (1), padding (`"valid"` or `"same"`), data_format
            (`"channels_last"` by default), dilation_rate (1),
            activation (`"tanh"`), recurrent_activation (`"sigmoid"`),
            use_bias (True), kernel_initializer (`"glorot_uniform"`),
            recurrent_initializer (`"orthogonal"`), bias_initializer
            (`"zeros"`), unit_forget_bias (True), regularizers,
            constraints, dropout (0), recurrent_dropout (0), seed,
            return_sequences, return_state, go_backwards, stateful (all
            False): as `ConvLSTM`.

    Input: `(batch, time, *2 spatial, channels)` (channels_last) or
    `(batch, time, channels, *2 spatial)`. Output: the convolution's
    output shape per step, with the time axis when `return_sequences`.
    """

    __init__ = fixed_rank_init(2)
