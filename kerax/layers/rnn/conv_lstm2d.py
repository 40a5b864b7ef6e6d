"""`ConvLSTM2D`: 2D convolutional LSTM.

>>> import numpy as np
>>> layer = ConvLSTM2D(filters=2, kernel_size=3)
>>> layer(np.ones((2, 4, 6, 6, 3), "float32")).shape
(2, 4, 4, 2)
"""

from __future__ import annotations

from kerax.layers.rnn.conv_lstm import ConvLSTM


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

    def __init__(
        self,
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
        **kwargs,
    ):
        super().__init__(
            rank=2,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            recurrent_activation=recurrent_activation,
            use_bias=use_bias,
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
            dropout=dropout,
            recurrent_dropout=recurrent_dropout,
            seed=seed,
            return_sequences=return_sequences,
            return_state=return_state,
            go_backwards=go_backwards,
            stateful=stateful,
            **kwargs,
        )
