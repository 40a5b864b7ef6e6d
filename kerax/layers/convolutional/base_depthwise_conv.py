"""`BaseDepthwiseConv`: the depthwise convolution behind `DepthwiseConv1D`
and `DepthwiseConv2D`.

>>> import numpy as np
>>> from kerax.layers.convolutional.depthwise_conv2d import DepthwiseConv2D
>>> DepthwiseConv2D(3, depth_multiplier=2)(np.ones((1, 5, 5, 4))).shape
(1, 3, 3, 8)
"""

from kerax import activations, constraints, initializers, ops, regularizers
from kerax.layers.convolutional import conv_common
from kerax.layers.convolutional.conv_utils import conv_output_shape
from kerax.layers.layer import Layer


class BaseDepthwiseConv(Layer):
    """Depthwise convolution: every input channel is convolved with its own
    `depth_multiplier` kernels; the outputs are stacked channel by channel
    (`channels * depth_multiplier` output channels), then bias and
    activation are applied.

    The kernel (weight name `kernel`) has shape `(*kernel_size, channels,
    depth_multiplier)`; the bias `(channels * depth_multiplier,)`.

    Args:
        rank: number of spatial dimensions.
        depth_multiplier, kernel_size, strides, padding, data_format,
        dilation_rate, activation, use_bias, depthwise_initializer,
        bias_initializer, depthwise_regularizer, bias_regularizer,
        activity_regularizer, depthwise_constraint, bias_constraint: as in
            `DepthwiseConv2D`.
    """

    def __init__(
        self,
        rank,
        depth_multiplier,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
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
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        conv_common.init_window(
            self, rank, kernel_size, strides, padding, data_format,
            dilation_rate,
        )
        conv_common.check_positive(self, "depth_multiplier", depth_multiplier)
        self.depth_multiplier = depth_multiplier
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

    def build(self, input_shape):
        channels = conv_common.input_channels(self, input_shape)
        self.compute_output_shape(input_shape)
        self.kernel = self.add_weight(
            name="kernel",
            shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer,
            regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(channels * self.depth_multiplier,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self.built = True

    def call(self, inputs):
        outputs = ops.depthwise_conv(
            inputs,
            self.kernel,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        return conv_common.bias_and_activation(self, outputs)

    def compute_output_shape(self, input_shape):
        axis = -1 if self.data_format == "channels_last" else 1
        channels = input_shape[axis]
        filters = None if channels is None else (
            channels * self.depth_multiplier
        )
        return conv_output_shape(
            input_shape, filters, self.kernel_size, self.strides,
            self.padding, self.data_format, self.dilation_rate, layer=self,
        )

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "depth_multiplier": self.depth_multiplier,
                "kernel_size": self.kernel_size,
                "strides": self.strides,
                "padding": self.padding,
                "data_format": self.data_format,
                "dilation_rate": self.dilation_rate,
                "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias,
                "depthwise_initializer": initializers.serialize(
                    self.depthwise_initializer
                ),
                "bias_initializer": initializers.serialize(
                    self.bias_initializer
                ),
                "depthwise_regularizer": regularizers.serialize(
                    self.depthwise_regularizer
                ),
                "bias_regularizer": regularizers.serialize(
                    self.bias_regularizer
                ),
                "activity_regularizer": regularizers.serialize(
                    self._activity_regularizer
                ),
                "depthwise_constraint": constraints.serialize(
                    self.depthwise_constraint
                ),
                "bias_constraint": constraints.serialize(self.bias_constraint),
            }
        )
        return config
