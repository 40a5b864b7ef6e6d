"""`Dense`: `activation(inputs @ kernel + bias)`.

>>> import numpy as np
>>> layer = Dense(4, activation="relu")
>>> layer(np.ones((2, 3))).shape
(2, 4)
"""

from kerax import (
    activations,
    constraints,
    initializers,
    ops,
    quantizers,
    regularizers,
)
from kerax.layers.core.lora import LoRAMixin
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer
from kerax.layers.quantization.dense_quantization import DenseQuantization


class Dense(DenseQuantization, LoRAMixin, Layer):
    """Densely connected layer.

    Computes `activation(dot(inputs, kernel) + bias)` on the last axis.

    Args:
        units: positive int, the output size.
        activation: activation name or function (default: linear).
        use_bias: whether to add a bias vector (default True).
        kernel_initializer: default `"glorot_uniform"`.
        bias_initializer: default `"zeros"`.
        kernel_regularizer, bias_regularizer, activity_regularizer:
            optional regularizers.
        kernel_constraint, bias_constraint: optional constraints.
        lora_rank: if set, LoRA of that rank is enabled when the layer is
            built (see `enable_lora`).
        lora_alpha: scales the LoRA update by `lora_alpha / lora_rank`
            (default: `lora_rank`).
        quantization_config: a `kerax.quantizers.QuantizationConfig` used
            when the layer's dtype policy is quantized (e.g.
            `dtype="int8_from_float32"`) or by `quantize`.

    Input shape: `(batch, ..., input_dim)`. Output: `(batch, ..., units)`.
    """

    def __init__(
        self,
        units,
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
        quantization_config=None,
        **kwargs,
    ):
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        if not isinstance(units, int) or isinstance(units, bool) or units <= 0:
            raise ValueError(
                "Received an invalid value for `units`, expected a positive "
                f"integer. Received: units={units}"
            )
        self.units = units
        self.activation = activations.get(activation)
        self.use_bias = use_bias
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self._init_lora(lora_rank, lora_alpha)
        self._init_quantization_config(quantization_config)
        self.input_spec = InputSpec(min_ndim=2)
        self.supports_masking = True

    def build(self, input_shape):
        input_dim = input_shape[-1]
        if input_dim is None:
            raise ValueError(
                f"The last dimension of the input to layer '{self.name}' "
                f"must be defined. Received: input_shape={input_shape}"
            )
        kernel_shape = (input_dim, self.units)
        mode = self.quantization_mode
        if mode:
            self._quantized_build(kernel_shape, mode,
                                  self.quantization_config)
        if mode not in ("int8", "int4", "gptq", "awq"):
            self._kernel = self.add_weight(
                name="kernel",
                shape=kernel_shape,
                initializer=self.kernel_initializer,
                regularizer=self.kernel_regularizer,
                constraint=self.kernel_constraint,
            )
        if self.use_bias:
            self.bias = self.add_weight(
                name="bias",
                shape=(self.units,),
                initializer=self.bias_initializer,
                regularizer=self.bias_regularizer,
                constraint=self.bias_constraint,
            )
        else:
            self.bias = None
        self.input_spec = InputSpec(min_ndim=2, axes={-1: input_dim})
        self.built = True
        if self.lora_rank:
            self.enable_lora(self.lora_rank, self.lora_alpha)

    def call(self, inputs, training=None):
        if self.quantization_mode:
            return self._quantized_call(inputs, training)
        x = ops.matmul(inputs, self.kernel)
        if self.bias is not None:
            x = ops.add(x, self.bias)
        return self.activation(x)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape[:-1]) + (self.units,)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "units": self.units,
                "activation": activations.serialize(self.activation),
                "use_bias": self.use_bias,
                "kernel_initializer": initializers.serialize(
                    self.kernel_initializer
                ),
                "bias_initializer": initializers.serialize(
                    self.bias_initializer
                ),
                "kernel_regularizer": regularizers.serialize(
                    self.kernel_regularizer
                ),
                "bias_regularizer": regularizers.serialize(
                    self.bias_regularizer
                ),
                "kernel_constraint": constraints.serialize(
                    self.kernel_constraint
                ),
                "bias_constraint": constraints.serialize(self.bias_constraint),
                "quantization_config": quantizers.serialize(
                    self.quantization_config),
                **self._lora_config(),
            }
        )
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        config["quantization_config"] = quantizers.deserialize(
            config.get("quantization_config"))
        return super().from_config(config)
