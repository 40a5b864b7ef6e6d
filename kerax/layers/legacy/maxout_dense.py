"""`MaxoutDense`: Keras 1's dense maxout layer (Keras 2's
`keras.layers.MaxoutDense`, deprecated there but still exported).

>>> import numpy as np
>>> MaxoutDense(4)(np.ones((2, 3), "float32")).shape
(2, 4)
"""

from kerax import constraints, initializers, ops, regularizers
from kerax.layers.argument_validation import positive_int
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer


class MaxoutDense(Layer):
    """Element-wise maximum of `nb_feature` linear `Dense` projections:
    `max_k (x W[k] + b[k])`. A linear layer (no activation).

    Args:
        output_dim: positive int, the output size.
        nb_feature: number of projections (default 4).
        init: initializer of `W` (default `"glorot_uniform"`).
        W_regularizer, b_regularizer, activity_regularizer,
            W_constraint, b_constraint: as `Dense`'s, for `W` and `b`.
        bias: whether to add `b` (default True).
        input_dim: optional input size (first layer of a model).

    Input: `(batch, input_dim)`; output: `(batch, output_dim)`. Weights:
    `W (nb_feature, input_dim, output_dim)`, `b (nb_feature, output_dim)`.
    """

    def __init__(self, output_dim, nb_feature=4, init="glorot_uniform",
                 W_regularizer=None, b_regularizer=None,
                 activity_regularizer=None, W_constraint=None,
                 b_constraint=None, bias=True, input_dim=None, **kwargs):
        if input_dim:
            kwargs["input_dim"] = input_dim
        super().__init__(activity_regularizer=activity_regularizer, **kwargs)
        self.output_dim = positive_int(output_dim, "output_dim", self)
        self.nb_feature = positive_int(nb_feature, "nb_feature", self)
        self.init = initializers.get(init)
        self.W_regularizer = regularizers.get(W_regularizer)
        self.b_regularizer = regularizers.get(b_regularizer)
        self.W_constraint = constraints.get(W_constraint)
        self.b_constraint = constraints.get(b_constraint)
        self.bias = bool(bias)
        self.input_dim = input_dim
        self.input_spec = InputSpec(ndim=2)

    def build(self, input_shape):
        dim = input_shape[-1]
        self.W = self.add_weight(
            shape=(self.nb_feature, dim, self.output_dim),
            initializer=self.init, name="W",
            regularizer=self.W_regularizer, constraint=self.W_constraint)
        self.b = None
        if self.bias:
            self.b = self.add_weight(
                shape=(self.nb_feature, self.output_dim),
                initializer="zeros", name="b",
                regularizer=self.b_regularizer, constraint=self.b_constraint)
        self.input_spec = InputSpec(ndim=2, axes={-1: dim})
        self.built = True

    def call(self, inputs):
        # (batch, dim) x (k, dim, out) -> (batch, k, out)
        projections = ops.einsum("bi,kio->bko", inputs, self.W)
        if self.b is not None:
            projections = projections + self.b
        return ops.max(projections, axis=1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.output_dim)

    def get_config(self):
        config = super().get_config()
        config.update({
            "output_dim": self.output_dim,
            "nb_feature": self.nb_feature,
            "init": initializers.serialize(self.init),
            "W_regularizer": regularizers.serialize(self.W_regularizer),
            "b_regularizer": regularizers.serialize(self.b_regularizer),
            "W_constraint": constraints.serialize(self.W_constraint),
            "b_constraint": constraints.serialize(self.b_constraint),
            "bias": self.bias,
            "input_dim": self.input_dim,
        })
        return config
