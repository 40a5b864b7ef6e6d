"""`Activation`: applies an activation function to its input.

>>> import numpy as np
>>> layer = Activation("relu")
>>> layer(np.array([[-1.0, 2.0]])).tolist()
[[0.0, 2.0]]
"""

from kerax import activations
from kerax.layers.layer import Layer


class Activation(Layer):
    """Applies `activation` element-wise (or along the last axis for
    `softmax`-like functions); shape-preserving and mask-preserving.

    Args:
        activation: an activation name (`"relu"`, `"softmax"`, ...) or a
            callable such as `kerax.activations.softmax`.

    Input shape: any. Output shape: the input shape.
    """

    def __init__(self, activation, **kwargs):
        super().__init__(**kwargs)
        self.activation = activations.get(activation)
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return self.activation(inputs)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["activation"] = activations.serialize(self.activation)
        return config
