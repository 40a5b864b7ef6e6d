"""`Highway`: Keras 1's densely connected highway layer (Keras 2's
`keras.layers.Highway`, deprecated there but still exported).

>>> import numpy as np
>>> Highway()(np.ones((2, 3), "float32")).shape
(2, 3)
"""

from kerax import activations, constraints, initializers, ops, regularizers
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer


class Highway(Layer):
    """Highway layer: `t * activation(x W + b) + (1 - t) * x`, where the
    transform gate is `t = sigmoid(x W_carry + b_carry)`.

    Args:
        init: kernel initializer (default `"glorot_uniform"`), used for
            `W` and `W_carry`.
        activation: activation of the transform (default linear).
        W_regularizer, b_regularizer: regularizers of `W` and `b`.
        activity_regularizer: regularizer of the output.
        W_constraint, b_constraint: constraints of `W` and `b`.
        bias: whether to use `b` and `b_carry` (default True); `b` starts
            at zeros, `b_carry` at ones.
        input_dim: optional input size (first layer of a model).

    Input and output shape: `(batch, input_dim)`. Weights: `W`,
    `W_carry` `(input_dim, input_dim)`, then `b`, `b_carry` `(input_dim,)`.
    """

    def __init__(self, init="glorot_uniform", activation=None,
                 W_regularizer=None, b_regularizer=None,
                 activity_regularizer=None, W_constraint=None,
                 b_constraint=None, bias=True, input_dim=None, **kwargs):
        kwargs.pop("transform_bias", None)  # removed in Keras 2, ignored
        if input_dim:
            kwargs["input_dim"] = input_dim
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.init = initializers.get(init)
        self.activation = activations.get(activation)
        self.W_regularizer = regularizers.get(W_regularizer)
        self.b_regularizer = regularizers.get(b_regularizer)
        self.W_constraint = constraints.get(W_constraint)
        self.b_constraint = constraints.get(b_constraint)
        self.bias = bool(bias)
        self.input_dim = input_dim
        self.input_spec = InputSpec(ndim=2)

    def build(self, input_shape):
        dim = input_shape[-1]
        if dim is None:
            raise ValueError(
                f"Layer Highway '{self.name}' needs a known input size. "
                f"Received: input_shape={input_shape}")
        self.W = self.add_weight(
            shape=(dim, dim), initializer=self.init, name="W",
            regularizer=self.W_regularizer, constraint=self.W_constraint)
        self.W_carry = self.add_weight(
            shape=(dim, dim), initializer=self.init, name="W_carry")
        self.b = self.b_carry = None
        if self.bias:
            self.b = self.add_weight(
                shape=(dim,), initializer="zeros", name="b",
                regularizer=self.b_regularizer, constraint=self.b_constraint)
            self.b_carry = self.add_weight(
                shape=(dim,), initializer="ones", name="b_carry")
        self.input_spec = InputSpec(ndim=2, axes={-1: dim})
        self.built = True

    def call(self, inputs):
        gate = ops.matmul(inputs, self.W_carry)
        transform = ops.matmul(inputs, self.W)
        if self.bias:
            gate = gate + self.b_carry
            transform = transform + self.b
        gate = activations.sigmoid(gate)
        return self.activation(transform) * gate + (1.0 - gate) * inputs

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config = super().get_config()
        config.update({
            "init": initializers.serialize(self.init),
            "activation": activations.serialize(self.activation),
            "W_regularizer": regularizers.serialize(self.W_regularizer),
            "b_regularizer": regularizers.serialize(self.b_regularizer),
            "W_constraint": constraints.serialize(self.W_constraint),
            "b_constraint": constraints.serialize(self.b_constraint),
            "bias": self.bias,
            "input_dim": self.input_dim,
        })
        return config
