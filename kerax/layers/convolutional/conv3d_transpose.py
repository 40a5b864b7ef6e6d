"""`Conv3DTranspose`: 3D transposed convolution ("deconvolution").

>>> import numpy as np
>>> Conv3DTranspose(4, 2, strides=2)(np.ones((1, 2, 2, 2, 3))).shape
(1, 4, 4, 4, 4)
"""

from kerax.layers.convolutional.base_conv_transpose import BaseConvTranspose


class Conv3DTranspose(BaseConvTranspose):
    """3D transposed convolution, the upsampling counterpart of
    `Conv3D`.

    Each input position scatters `filters` kernel-sized patches into the
    output, `strides` apart; overlaps are summed, then the bias and
    activation are applied.

    Args:
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of 3 ints.
        strides: int or tuple of 3 ints (default (1, 1, 1)).
        padding: `"valid"` (default) or `"same"`. Output size per axis:
            `input * stride` (`"same"`) or `(input - 1) * stride +
            max(kernel, stride)` (`"valid"`).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        output_padding: None (default, automatic) or int / tuple of 3
            ints, each strictly less than its stride: the extra size added
            on the far side of each axis.
        dilation_rate: int or tuple of 3 ints (default (1, 1, 1)).
        activation: activation name or function (default linear).
        use_bias: whether to add a bias vector (default True).
        kernel_initializer: default `"glorot_uniform"`.
        bias_initializer: default `"zeros"`.
        kernel_regularizer, bias_regularizer, activity_regularizer:
            optional regularizers.
        kernel_constraint, bias_constraint: optional constraints.

    Input shape: `(batch, dim1, dim2, dim3, channels)` (channels last). Output:
    `(batch, new_dim1, new_dim2, new_dim3, filters)`. Kernel: `(*kernel_size, filters, channels)`.
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=(1, 1, 1),
        padding="valid",
        data_format=None,
        output_padding=None,
        dilation_rate=(1, 1, 1),
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
            rank=3,
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
