"""`ThresholdedReLU` (Keras 2): `x` where `x > theta`, else 0.

>>> import numpy as np
>>> layer = ThresholdedReLU(theta=1.0)
>>> np.asarray(layer(np.array([0.5, 1.0, 2.0]))).tolist()
[0.0, 0.0, 2.0]
"""

from kerax import ops
from kerax.layers.layer import Layer


class ThresholdedReLU(Layer):
    """Thresholded rectified linear unit (a Keras 2 layer).

    Computes `x` where `x > theta` and `0` elsewhere.

    Args:
        theta: float >= 0, the threshold (default 1.0).

    Input shape: any. Output shape: the input shape.
    """

    def __init__(self, theta=1.0, **kwargs):
        super().__init__(**kwargs)
        if theta is None:
            raise ValueError(
                "Theta of a Thresholded ReLU layer cannot be None, expecting "
                f"a float. Received: theta={theta}"
            )
        if (
            isinstance(theta, bool)
            or not isinstance(theta, (int, float))
            or theta < 0
        ):
            raise ValueError(
                "The theta value of a Thresholded ReLU layer should be >=0. "
                f"Received: theta={theta}"
            )
        self.theta = theta
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        inputs = ops.convert_to_tensor(inputs)
        theta = ops.cast(self.theta, inputs.dtype)
        return ops.where(
            ops.greater(inputs, theta), inputs, ops.zeros_like(inputs)
        )

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["theta"] = self.theta
        return config
