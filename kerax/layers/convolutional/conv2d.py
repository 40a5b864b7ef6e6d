"""`Conv2D`: 2D convolution (e.g. spatial convolution over images).

>>> import numpy as np
>>> Conv2D(32, 3, activation="relu")(np.ones((2, 28, 28, 1))).shape
(2, 26, 26, 32)
"""

from kerax.layers.convolutional.base_conv import BaseConv


class Conv2D(BaseConv):
    """2D convolution (e.g. spatial convolution over images).

    Slides `filters` kernels of size `kernel_size` over the 2 spatial
    dimensions of the inputs and computes
    `activation(conv(inputs, kernel) + bias)`.

    Args:
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of 2 ints, the window size.
        strides: int or tuple of 2 ints (default (1, 1)).
        padding: `"valid"` or `"same"`; default `"valid"`.
        data_format: `"channels_last"` (default, from
            `kerax.config.image_data_format()`) or `"channels_first"`.
        dilation_rate: int or tuple of 2 ints (default (1, 1)).
        groups: positive int (default 1) dividing `filters` and the input
            channels; each group of channels has its own filters.
        activation: activation name or function (default linear).
        use_bias: whether to add a bias vector (default True).
        kernel_initializer: default `"glorot_uniform"`.
        bias_initializer: default `"zeros"`.
        kernel_regularizer, bias_regularizer, activity_regularizer:
            optional regularizers.
        kernel_constraint, bias_constraint: optional constraints.

    Input shape: `(batch, height, width, channels)` (channels last) or the channels-first
    equivalent. Output: `(batch, new_height, new_width, filters)`.
    Kernel: `(*kernel_size, channels // groups, filters)`.
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        data_format=None,
        dilation_rate=(1, 1),
        groups=1,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
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
            groups=groups,
            activation=activation,
            use_bias=use_bias,
            kernel_initializer=kernel_initializer,
            bias_initializer=bias_initializer,
            kernel_regularizer=kernel_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            kernel_constraint=kernel_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )
