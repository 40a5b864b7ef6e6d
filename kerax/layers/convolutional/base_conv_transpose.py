"""`BaseConvTranspose`: the transposed convolution behind
`Conv1DTranspose`, `Conv2DTranspose` and `Conv3DTranspose`.

>>> import numpy as np
>>> from kerax.layers.convolutional.conv2d_transpose import Conv2DTranspose
>>> Conv2DTranspose(4, 3, strides=2, padding="same")(
...     np.ones((1, 5, 5, 2))).shape
(1, 10, 10, 4)
"""

from kerax import activations, constraints, initializers, ops, regularizers
from kerax.layers.argument_validation import standardize_tuple
from kerax.layers.convolutional import conv_common
from kerax.layers.convolutional.conv_utils import conv_transpose_output_shape
from kerax.layers.layer import Layer
from kerax.layers.weight_config import weight_arguments_config


class BaseConvTranspose(Layer):
    """N-D transposed convolution ("deconvolution"): the gradient of a
    convolution with respect to its input, used to upsample.

    The kernel has shape `(*kernel_size, filters, input_channels)`. Output
    size per spatial axis: `input * stride` with `"same"` padding,
    `(input - 1) * stride + max(kernel, stride)` with `"valid"`; an explicit
    `output_padding` (each value `< stride`) replaces the automatic extra.

    Args:
        rank: number of spatial dimensions.
        filters, kernel_size, strides, padding (`"valid"`/`"same"`),
        output_padding (None, int or tuple of `rank` ints), data_format,
        dilation_rate, activation, use_bias, kernel_initializer,
        bias_initializer, kernel_regularizer, bias_regularizer,
        activity_regularizer, kernel_constraint, bias_constraint: as in
            `Conv2DTranspose`.
    """

    def __init__(
        self,
        rank,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        output_padding=None,
        data_format=None,
        dilation_rate=1,
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
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        conv_common.init_window(
            self, rank, kernel_size, strides, padding, data_format,
            dilation_rate,
        )
        conv_common.check_positive(self, "filters", filters)
        self.output_padding = None
        if output_padding is not None:
            self.output_padding = standardize_tuple(
                output_padding, rank, "output_padding", allow_zero=True,
                layer=self,
            )
            for axis, (extra, stride) in enumerate(
                zip(self.output_padding, self.strides)
            ):
                if extra >= stride:
                    raise ValueError(
                        f"Layer {type(self).__name__} '{self.name}': "
                        "`output_padding` must be strictly less than "
                        f"`strides` on every axis; at axis {axis} it is "
                        f"{extra} with stride {stride}. Received: "
                        f"output_padding={self.output_padding}, "
                        f"strides={self.strides}"
                    )
        self.filters = filters
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)

    def build(self, input_shape):
        channels = conv_common.input_channels(self, input_shape)
        self.kernel = self.add_weight(
            name="kernel",
            shape=self.kernel_size + (self.filters, channels),
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
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
        outputs = ops.conv_transpose(
            inputs,
            self.kernel,
            strides=self.strides,
            padding=self.padding,
            output_padding=self.output_padding,
            data_format=self.data_format,
            dilation_rate=self.dilation_rate,
        )
        return conv_common.bias_and_activation(self, outputs)

    def compute_output_shape(self, input_shape):
        return conv_transpose_output_shape(
            input_shape, self.filters, self.kernel_size, self.strides,
            self.padding, self.output_padding, self.data_format,
            self.dilation_rate,
        )

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "filters": self.filters,
                "kernel_size": self.kernel_size,
                "strides": self.strides,
                "padding": self.padding,
                "output_padding": self.output_padding,
                "data_format": self.data_format,
                "dilation_rate": self.dilation_rate,
                "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias,
                **weight_arguments_config(self, "kernel", "bias"),
            }
        )
        return config
