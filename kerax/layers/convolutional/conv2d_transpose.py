"""`Conv2DTranspose`: 2D transposed convolution ("deconvolution").

>>> import numpy as np
>>> Conv2DTranspose(4, 3, strides=2, padding="same")(np.ones((2, 5, 5, 3))).shape
(2, 10, 10, 4)
"""

from kerax.layers.convolutional.base_conv_transpose import BaseConvTranspose


class Conv2DTranspose(BaseConvTranspose):
    """2D transposed convolution, the upsampling counterpart of
    `Conv2D`.

    Each input position scatters `filters` kernel-sized patches into the
    output, `strides` apart; overlaps are summed, then the bias and
    activation are applied.

    Args:
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of 2 ints.
        strides: int or tuple of 2 ints (default (1, 1)).
        padding: `"valid"` (default) or `"same"`. Output size per axis:
            `input * stride` (`"same"`) or `(input - 1) * stride +
            max(kernel, stride)` (`"valid"`).
        output_padding: None (default, automatic) or int / tuple of 2
            ints, each strictly less than its stride: the extra size added
            on the far side of each axis.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: int or tuple of 2 ints (default (1, 1)).
        activation: activation name or function (default linear).
        use_bias: whether to add a bias vector (default True).
        kernel_initializer: default `"glorot_uniform"`.
        bias_initializer: default `"zeros"`.
        kernel_regularizer, bias_regularizer, activity_regularizer:
            optional regularizers.
        kernel_constraint, bias_constraint: optional constraints.

    Input shape: `(batch, height, width, channels)` (channels last). Output:
    `(batch, new_height, new_width, filters)`. Kernel: `(*kernel_size, filters, channels)`.
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        output_padding=None,
        data_format=None,
        dilation_rate=(1, 1),
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
            output_padding=output_padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
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
