"""`ActivityRegularization`: adds an L1/L2 penalty on its input.

>>> import numpy as np
>>> layer = ActivityRegularization(l1=0.5)
>>> out = layer(np.array([[1.0, -2.0]]))
>>> float(layer.losses[0])
1.5
"""

from kerax import regularizers
from kerax.layers.layer import Layer


class ActivityRegularization(Layer):
    """Returns its input unchanged and adds the activity loss
    `l1 * sum(|x|) + l2 * sum(x ** 2)` to the layer's losses.

    Args:
        l1: non-negative float, the L1 factor (default 0).
        l2: non-negative float, the L2 factor (default 0).

    Input shape: any. Output shape: the input shape.
    """

    def __init__(self, l1=0.0, l2=0.0, **kwargs):
        for arg_name, value in (("l1", l1), ("l2", l2)):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(
                value, (int, float)
            ) or value < 0:
                raise ValueError(
                    f"Argument `{arg_name}` must be a non-negative float. "
                    f"Received: {arg_name}={value}"
                )
        kwargs.pop("activity_regularizer", None)
        super().__init__(
            activity_regularizer=regularizers.L1L2(l1=l1, l2=l2), **kwargs
        )
        self.l1 = l1
        self.l2 = l2
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return inputs

    def get_config(self):
        config = super().get_config()
        config.pop("activity_regularizer", None)
        config.update({"l1": self.l1, "l2": self.l2})
        return config
