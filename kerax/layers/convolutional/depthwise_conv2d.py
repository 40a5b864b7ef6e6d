"""`DepthwiseConv2D`: 2D depthwise convolution.

>>> import numpy as np
>>> DepthwiseConv2D(3)(np.ones((2, 5, 5, 3))).shape
(2, 3, 3, 3)
"""

from kerax.layers.convolutional.base_depthwise_conv import BaseDepthwiseConv


class DepthwiseConv2D(BaseDepthwiseConv):
    """2D depthwise convolution: each input channel is convolved with
    its own `depth_multiplier` kernels (no mixing across channels), then
    bias and activation are applied.

    Args:
        kernel_size: int or tuple of 2 ints.
        strides: int or tuple of 2 ints (default (1, 1)).
        padding: `"valid"` (default) or `"same"`.
        depth_multiplier: positive int (default 1), output channels per
            input channel.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: int or tuple of 2 ints (default (1, 1)).
        activation: activation name or function (default linear).
        use_bias: whether to add a bias vector (default True).
        depthwise_initializer: default `"glorot_uniform"`.
        bias_initializer: default `"zeros"`.
        depthwise_regularizer, bias_regularizer, activity_regularizer:
            optional regularizers.
        depthwise_constraint, bias_constraint: optional constraints.

    Input shape: `(batch, height, width, channels)` (channels last). Output:
    `(batch, new_height, new_width, channels * depth_multiplier)`. Kernel (named `kernel`): `(*kernel_size, channels,
    depth_multiplier)`.
    """

    def __init__(
        self,
        kernel_size,
        strides=(1, 1),
        padding="valid",
        depth_multiplier=1,
        data_format=None,
        dilation_rate=(1, 1),
        activation=None,
        use_bias=True,
        depthwise_initializer="glorot_uniform",
        bias_initializer="zeros",
        depthwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            rank=2,
            depth_multiplier=depth_multiplier,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )
