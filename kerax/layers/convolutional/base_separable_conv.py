"""`BaseSeparableConv`: the depthwise-then-pointwise convolution behind
`SeparableConv1D` and `SeparableConv2D`.

>>> import numpy as np
>>> from kerax.layers.convolutional.separable_conv2d import SeparableConv2D
>>> SeparableConv2D(8, 3)(np.ones((1, 5, 5, 4))).shape
(1, 3, 3, 8)
"""

from kerax import activations, constraints, initializers, ops, regularizers
from kerax.layers.convolutional import conv_common
from kerax.layers.convolutional.conv_utils import conv_output_shape
from kerax.layers.layer import Layer


class BaseSeparableConv(Layer):
    """Separable convolution: a depthwise convolution (each channel with
    its own `depth_multiplier` kernels) followed by a 1x1 convolution that
    mixes the `channels * depth_multiplier` results into `filters`
    channels; then bias and activation.

    Weights, in order: `depthwise_kernel` `(*kernel_size, channels,
    depth_multiplier)`, `pointwise_kernel` `(1, ..., 1, channels *
    depth_multiplier, filters)`, `bias` `(filters,)`.

    Args:
        rank: number of spatial dimensions.
        depth_multiplier, filters, kernel_size, strides, padding,
        data_format, dilation_rate, activation, use_bias,
        depthwise_initializer, pointwise_initializer, bias_initializer,
        depthwise_regularizer, pointwise_regularizer, bias_regularizer,
        activity_regularizer, depthwise_constraint, pointwise_constraint,
        bias_constraint: as in `SeparableConv2D`.
    """

    def __init__(
        self,
        rank,
        depth_multiplier,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
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
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        conv_common.init_window(
            self, rank, kernel_size, strides, padding, data_format,
            dilation_rate,
        )
        conv_common.check_positive(self, "depth_multiplier", depth_multiplier)
        conv_common.check_positive(self, "filters", filters)
        self.depth_multiplier = depth_multiplier
        self.filters = filters
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.depthwise_initializer = initializers.get(depthwise_initializer)
        self.pointwise_initializer = initializers.get(pointwise_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.depthwise_regularizer = regularizers.get(depthwise_regularizer)
        self.pointwise_regularizer = regularizers.get(pointwise_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.depthwise_constraint = constraints.get(depthwise_constraint)
        self.pointwise_constraint = constraints.get(pointwise_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

    def build(self, input_shape):
        channels = conv_common.input_channels(self, input_shape)
        self.compute_output_shape(input_shape)
        self.depthwise_kernel = self.add_weight(
            name="depthwise_kernel",
            shape=self.kernel_size + (channels, self.depth_multiplier),
            initializer=self.depthwise_initializer,
            regularizer=self.depthwise_regularizer,
            constraint=self.depthwise_constraint,
        )
        self.pointwise_kernel = self.add_weight(
            name="pointwise_kernel",
            shape=(1,) * self.rank
            + (channels * self.depth_multiplier, self.filters),
            initializer=self.pointwise_initializer,
            regularizer=self.pointwise_regularizer,
            constraint=self.pointwise_constraint,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(self.filters,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        self.built = True

    def call(self, inputs):
        outputs = ops.separable_conv(
            inputs,
            self.depthwise_kernel,
            self.pointwise_kernel,
            strides=self.strides,
            padding=self.padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        return conv_common.bias_and_activation(self, outputs)

    def compute_output_shape(self, input_shape):
        return conv_output_shape(
            input_shape, self.filters, self.kernel_size, self.strides,
            self.padding, self.data_format, self.dilation_rate, layer=self,
        )

    def get_config(self):
        config = super().get_config()
        serialize = {
            "initializer": initializers.serialize,
            "regularizer": regularizers.serialize,
            "constraint": constraints.serialize,
        }
        config.update(
            {
                "depth_multiplier": self.depth_multiplier,
                "filters": self.filters,
                "kernel_size": self.kernel_size,
                "strides": self.strides,
                "padding": self.padding,
                "data_format": self.data_format,
                "dilation_rate": self.dilation_rate,
                "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias,
            }
        )
        for kind in ("initializer", "regularizer", "constraint"):
            for part in ("depthwise", "pointwise", "bias"):
                key = f"{part}_{kind}"
                config[key] = serialize[kind](getattr(self, key))
            if kind == "regularizer":
                config["activity_regularizer"] = regularizers.serialize(
                    self._activity_regularizer
                )
        return config
