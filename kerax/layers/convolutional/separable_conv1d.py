"""`SeparableConv1D`: 1D separable convolution.

>>> import numpy as np
>>> SeparableConv1D(4, 3)(np.ones((2, 10, 3))).shape
(2, 8, 4)
"""

from kerax.layers.convolutional.base_separable_conv import BaseSeparableConv


class SeparableConv1D(BaseSeparableConv):
    """1D separable convolution: a depthwise convolution (each channel
    with its own `depth_multiplier` kernels) followed by a pointwise
    (1x1) convolution to `filters` channels, then bias and activation.

    Args:
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of 1 ints.
        strides: int or tuple of 1 ints (default 1).
        padding: `"valid"` (default) or `"same"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        dilation_rate: int or tuple of 1 ints (default 1).
        depth_multiplier: positive int (default 1).
        activation: activation name or function (default linear).
        use_bias: whether to add a bias vector (default True).
        depthwise_initializer, pointwise_initializer: default
            `"glorot_uniform"`; bias_initializer: default `"zeros"`.
        depthwise_regularizer, pointwise_regularizer, bias_regularizer,
        activity_regularizer: optional regularizers.
        depthwise_constraint, pointwise_constraint, bias_constraint:
            optional constraints.

    Input shape: `(batch, steps, channels)` (channels last). Output:
    `(batch, new_steps, filters)`.
    """

    def __init__(
        self,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
        depth_multiplier=1,
        activation=None,
        use_bias=True,
        depthwise_initializer="glorot_uniform",
        pointwise_initializer="glorot_uniform",
        bias_initializer="zeros",
        depthwise_regularizer=None,
        pointwise_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        depthwise_constraint=None,
        pointwise_constraint=None,
        bias_constraint=None,
        **kwargs,
    ):
        super().__init__(
            rank=1,
            depth_multiplier=depth_multiplier,
            filters=filters,
            kernel_size=kernel_size,
            strides=strides,
            padding=padding,
            data_format=data_format,
            dilation_rate=dilation_rate,
            activation=activation,
            use_bias=use_bias,
            depthwise_initializer=depthwise_initializer,
            pointwise_initializer=pointwise_initializer,
            bias_initializer=bias_initializer,
            depthwise_regularizer=depthwise_regularizer,
            pointwise_regularizer=pointwise_regularizer,
            bias_regularizer=bias_regularizer,
            activity_regularizer=activity_regularizer,
            depthwise_constraint=depthwise_constraint,
            pointwise_constraint=pointwise_constraint,
            bias_constraint=bias_constraint,
            **kwargs,
        )
