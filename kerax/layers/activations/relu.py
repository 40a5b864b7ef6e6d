"""`ReLU`: rectified linear unit with optional cap, slope and threshold.

>>> import numpy as np
>>> layer = ReLU(max_value=10, negative_slope=0.5)
>>> np.asarray(layer(np.array([-10.0, -5.0, 0.0, 5.0, 20.0]))).tolist()
[-5.0, -2.5, 0.0, 5.0, 10.0]
"""

from kerax import activations
from kerax.layers.layer import Layer


class ReLU(Layer):
    """Rectified linear unit layer.

    Computes, element-wise: `max_value` for `x >= max_value`; `x` for
    `threshold <= x < max_value`; `negative_slope * (x - threshold)`
    otherwise.

    Args:
        max_value: float >= 0, the cap of the output; `None` (default)
            means no cap.
        negative_slope: float >= 0, the slope below `threshold`
            (default 0.0).
        threshold: float >= 0, the value below which the unit is inactive
            (default 0.0).

    Input shape: any. Output shape: the input shape.
    """

    def __init__(
        self, max_value=None, negative_slope=0.0, threshold=0.0, **kwargs
    ):
        super().__init__(**kwargs)
        if max_value is not None and not _non_negative(max_value):
            raise ValueError(
                "max_value of a ReLU layer cannot be a negative value. "
                f"Received: max_value={max_value}"
            )
        if not _non_negative(negative_slope):
            raise ValueError(
                "negative_slope of a ReLU layer cannot be None or a negative "
                f"value. Received: negative_slope={negative_slope}"
            )
        if not _non_negative(threshold):
            raise ValueError(
                "threshold of a ReLU layer cannot be None or a negative "
                f"value. Received: threshold={threshold}"
            )
        self.max_value = max_value
        self.negative_slope = negative_slope
        self.threshold = threshold
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.relu(
            inputs,
            negative_slope=self.negative_slope,
            max_value=self.max_value,
            threshold=self.threshold,
        )

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "max_value": self.max_value,
                "negative_slope": self.negative_slope,
                "threshold": self.threshold,
            }
        )
        return config


def _non_negative(value):
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and value >= 0
    )
