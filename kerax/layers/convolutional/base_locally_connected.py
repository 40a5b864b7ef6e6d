"""`BaseLocallyConnected`: the layer behind Keras 2's `LocallyConnected1D`
and `LocallyConnected2D` (unshared-weight convolutions).

>>> import numpy as np
>>> from kerax.layers.convolutional.locally_connected2d import (
...     LocallyConnected2D)
>>> LocallyConnected2D(4, 3)(np.ones((2, 5, 5, 3))).shape
(2, 3, 3, 4)
"""

import numpy as np

from kerax import activations, constraints, initializers, ops, regularizers
from kerax.layers.argument_validation import (
    standardize_data_format,
    standardize_padding,
    standardize_tuple,
)
from kerax.layers.convolutional import conv_common, local_conv
from kerax.layers.convolutional.conv_utils import (
    conv_output_shape,
    spatial_dims,
)
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer
from kerax.layers.weight_config import weight_arguments_config


class BaseLocallyConnected(Layer):
    """N-D convolution whose weights differ at every output position:
    `activation(local_conv(inputs, kernel) + bias)`.

    Weight shapes are Keras 2's (so its `.h5` files load): the bias is
    `(*output_spatial, filters)`; the kernel depends on `implementation`
    (see `kerax.layers.convolutional.local_conv`). With channels-first
    data the bias is reshaped, not transposed, to `(filters,
    *output_spatial)`, as Keras 2 did.

    Args:
        rank: number of spatial dimensions (1 or 2).
        filters: positive int, the number of output channels.
        kernel_size, strides: int or tuple of `rank` ints (strides
            default 1).
        padding: `"valid"` (default); `"same"` only with
            `implementation` 2 or 3, as in Keras 2.
        data_format: `"channels_last"` or `"channels_first"`; default
            `kerax.config.image_data_format()`.
        activation: activation name or function (default linear).
        use_bias: whether to add a bias (default True).
        kernel_initializer, bias_initializer: default `"glorot_uniform"`,
            `"zeros"`.
        kernel_regularizer, bias_regularizer, activity_regularizer,
        kernel_constraint, bias_constraint: optional.
        implementation: 1 (default), 2 or 3: the kernel layout Keras 2
            used; the results are the same.
    """

    def __init__(
        self,
        rank,
        filters,
        kernel_size,
        strides=1,
        padding="valid",
        data_format=None,
        activation=None,
        use_bias=True,
        kernel_initializer="glorot_uniform",
        bias_initializer="zeros",
        kernel_regularizer=None,
        bias_regularizer=None,
        activity_regularizer=None,
        kernel_constraint=None,
        bias_constraint=None,
        implementation=1,
        **kwargs,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.rank = rank
        conv_common.check_positive(self, "filters", filters)
        if implementation not in (1, 2, 3) or isinstance(
            implementation, bool
        ):
            raise ValueError(
                f"Invalid value for argument `implementation` of layer "
                f"{type(self).__name__} '{self.name}': expected 1, 2 or 3. "
                f"Received: implementation={implementation}"
            )
        self.kernel_size = standardize_tuple(
            kernel_size, rank, "kernel_size", layer=self
        )
        self.strides = standardize_tuple(strides, rank, "strides", layer=self)
        self.padding = standardize_padding(padding, layer=self)
        if self.padding != "valid" and implementation == 1:
            raise ValueError(
                f"Layer {type(self).__name__} '{self.name}' only supports "
                "`padding='valid'` with `implementation=1` (use "
                f"implementation=2 or 3, or a ZeroPadding{rank}D layer "
                f"before it). Received: padding={padding}"
            )
        self.data_format = standardize_data_format(data_format, layer=self)
        self.filters = filters
        self.implementation = int(implementation)
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.input_spec = InputSpec(ndim=rank + 2)

    def build(self, input_shape):
        channels = conv_common.input_channels(self, input_shape)
        spatial = spatial_dims(input_shape, self.data_format)
        if any(n is None for n in spatial):
            raise ValueError(
                f"The spatial dimensions of the inputs to layer "
                f"{type(self).__name__} '{self.name}' must be defined: it "
                "has weights for every output position. Received: "
                f"input_shape={tuple(input_shape)}"
            )
        self.compute_output_shape(input_shape)
        out = local_conv.output_spatial(
            spatial, self.kernel_size, self.strides, self.padding
        )
        self._local = (channels, out)
        self._indices, n_connected = local_conv.gather_indices(
            self.implementation, spatial, channels, self.filters,
            self.kernel_size, self.strides, self.padding, self.data_format,
        )
        self.kernel_shape = self._kernel_shape(spatial, channels, out,
                                               n_connected)
        self.kernel = self.add_weight(
            name="kernel",
            shape=self.kernel_shape,
            initializer=self.kernel_initializer,
            regularizer=self.kernel_regularizer,
            constraint=self.kernel_constraint,
        )
        self.bias = None
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=out + (self.filters,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        # The weights fix the spatial size too.
        first = 1 if self.data_format == "channels_last" else 2
        axes = {first + i: n for i, n in enumerate(spatial)}
        axes[-1 if self.data_format == "channels_last" else 1] = channels
        self.input_spec = InputSpec(ndim=self.rank + 2, axes=axes)
        self.built = True

    def _kernel_shape(self, spatial, channels, out, n_connected):
        n_pos, n_taps = int(np.prod(out)), int(np.prod(self.kernel_size))
        if self.implementation == 1:
            return (n_pos, n_taps * channels, self.filters)
        if self.implementation == 3:
            return (n_connected,)
        if self.data_format == "channels_last":
            return spatial + (channels,) + out + (self.filters,)
        return (channels,) + spatial + (self.filters,) + out

    def call(self, inputs):
        channels, out = self._local
        if self.data_format == "channels_first":
            inputs = ops.moveaxis(inputs, 1, -1)
        patches = local_conv.patches(
            inputs, self.kernel_size, self.strides, self.padding, out
        )
        kernel = local_conv.local_kernel(
            self.kernel, self.implementation, self._indices,
            int(np.prod(out)), self.kernel_size, channels, self.filters,
            self.data_format,
        )
        outputs = ops.einsum("bpk,pkf->bpf", patches, kernel)
        outputs = ops.reshape(outputs, (-1,) + out + (self.filters,))
        if self.data_format == "channels_first":
            outputs = ops.moveaxis(outputs, -1, 1)
        if self.bias is not None:
            bias = self.bias
            if self.data_format == "channels_first":
                bias = ops.reshape(bias, (self.filters,) + out)
            outputs = ops.add(outputs, bias)
        return self.activation(outputs)

    def compute_output_shape(self, input_shape):
        return conv_output_shape(
            input_shape, self.filters, self.kernel_size, self.strides,
            self.padding, self.data_format, (1,) * self.rank, layer=self,
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
                "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias,
                **weight_arguments_config(self, "kernel", "bias"),
                "implementation": self.implementation,
            }
        )
        return config
