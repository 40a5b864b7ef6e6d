"""`LeakyReLU`: `x` for `x >= 0`, `negative_slope * x` otherwise.

>>> import numpy as np
>>> layer = LeakyReLU(negative_slope=0.5)
>>> np.asarray(layer(np.array([-10.0, 0.0, 5.0]))).tolist()
[-5.0, 0.0, 5.0]
"""

import warnings

from kerax import activations
from kerax.layers.layer import Layer


class LeakyReLU(Layer):
    """Leaky rectified linear unit: a small slope for negative inputs.

    Args:
        negative_slope: float >= 0, the slope for negative inputs
            (default 0.3).
        alpha: Keras 2 name of `negative_slope` (same meaning); accepted
            with a deprecation warning.

    Input shape: any. Output shape: the input shape.
    """

    def __init__(self, negative_slope=0.3, **kwargs):
        if "alpha" in kwargs:
            negative_slope = kwargs.pop("alpha")
            warnings.warn(
                "Argument `alpha` is deprecated. Use `negative_slope` instead.",
                DeprecationWarning,
                stacklevel=2,
            )
        super().__init__(**kwargs)
        if (
            isinstance(negative_slope, bool)
            or not isinstance(negative_slope, (int, float))
            or negative_slope < 0
        ):
            raise ValueError(
                "The negative_slope value of a Leaky ReLU layer cannot be "
                "None or negative value. Expected a float. "
                f"Received: negative_slope={negative_slope}"
            )
        self.negative_slope = negative_slope
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.leaky_relu(
            inputs, negative_slope=self.negative_slope
        )

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["negative_slope"] = self.negative_slope
        return config
