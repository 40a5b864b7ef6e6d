"""`BaseConv`: the N-D convolution behind `Conv1D`, `Conv2D` and `Conv3D`.

>>> import numpy as np
>>> from kerax.layers.convolutional.conv2d import Conv2D
>>> Conv2D(8, 3, padding="same")(np.ones((2, 5, 5, 3))).shape
(2, 5, 5, 8)
"""

from kerax import (
    activations,
    constraints,
    initializers,
    ops,
    regularizers,
)
from kerax.layers.convolutional import conv_common
from kerax.layers.convolutional.conv_utils import conv_output_shape
from kerax.layers.core.lora import LoRAMixin
from kerax.layers.layer import Layer
from kerax.layers.weight_config import weight_arguments_config


class BaseConv(LoRAMixin, Layer):
    """N-D convolution: `activation(conv(inputs, kernel) + bias)`.

    The kernel has shape `(*kernel_size, input_channels // groups,
    filters)`; with `groups > 1` each group of input channels is convolved
    with its own `filters // groups` filters.

    Args:
        rank: number of spatial dimensions (1, 2 or 3).
        filters: positive int, the number of output channels.
        kernel_size: int or tuple of `rank` ints.
        strides: int or tuple of `rank` ints (default 1).
        padding: `"valid"` (default), `"same"` (output size
            `ceil(input / strides)`) or, for `rank == 1`, `"causal"`
            (left padding only, so output `t` sees inputs `<= t`).
        data_format: `"channels_last"` or `"channels_first"`; default
            `kerax.config.image_data_format()`.
        dilation_rate: int or tuple of `rank` ints (default 1); cannot be
            combined with strides > 1.
        groups: positive int dividing both `filters` and the input channels.
        activation: activation name or function (default linear).
        use_bias: whether to add a bias of shape `(filters,)`.
        kernel_initializer, bias_initializer: default `"glorot_uniform"`,
            `"zeros"`.
        kernel_regularizer, bias_regularizer, activity_regularizer,
        kernel_constraint, bias_constraint: optional.
        lora_rank, lora_alpha: LoRA of that rank (update scaled by
            `lora_alpha / lora_rank`) enabled when built; see
            `enable_lora`.
    """

    def __init__(
        self,
        rank,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        dilation_rate=1,
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
        lora_rank=None,
        lora_alpha=None,
        **kwargs,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        conv_common.init_window(
            self, rank, kernel_size, strides, padding, data_format,
            dilation_rate, allow_causal=rank == 1,
        )
        conv_common.check_positive(self, "filters", filters)
        conv_common.check_positive(self, "groups", groups)
        if filters % groups:
            raise ValueError(
                f"Layer {type(self).__name__} '{self.name}': the number of "
                "filters must be evenly divisible by the number of groups. "
                f"Received: groups={groups}, filters={filters}"
            )
        self.filters = filters
        self.groups = groups
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self._init_lora(lora_rank, lora_alpha)

    def build(self, input_shape):
        channels = conv_common.input_channels(self, input_shape)
        if channels % self.groups:
            raise ValueError(
                f"Layer {type(self).__name__} '{self.name}': the number of "
                "input channels must be evenly divisible by the number of "
                f"groups. Received: groups={self.groups}, input_shape="
                f"{tuple(input_shape)}"
            )
        self.compute_output_shape(input_shape)
        self._kernel = self.add_weight(
            name="kernel",
            shape=self.kernel_size + (channels // self.groups, self.filters),
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
        if self.lora_rank:
            self.enable_lora(self.lora_rank, self.lora_alpha)

    @property
    def kernel(self):
        if not self.built:
            raise AttributeError(
                f"Layer '{self.name}': build it before reading `kernel`.")
        return self._with_lora(self._kernel)

    @kernel.setter
    def kernel(self, value):
        self._kernel = value

    def call(self, inputs):
        outputs = ops.conv(
            inputs,
            self.kernel,
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
        config.update(
            {
                "filters": self.filters,
                "kernel_size": self.kernel_size,
                "strides": self.strides,
                "padding": self.padding,
                "data_format": self.data_format,
                "dilation_rate": self.dilation_rate,
                "groups": self.groups,
                "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias,
                **weight_arguments_config(self, "kernel", "bias"),
                **self._lora_config(),
            }
        )
        return config
