"""`ELU`: exponential linear unit.

>>> import numpy as np
>>> layer = ELU(alpha=2.0)
>>> np.asarray(layer(np.array([0.0, 1.0]))).tolist()
[0.0, 1.0]
"""

from kerax import activations
from kerax.layers.layer import Layer


class ELU(Layer):
    """Exponential linear unit: `x` for `x >= 0`, `alpha * (exp(x) - 1)`
    otherwise.

    Args:
        alpha: float, the scale of the negative part (default 1.0).

    Input shape: any. Output shape: the input shape.
    """

    def __init__(self, alpha=1.0, **kwargs):
        super().__init__(**kwargs)
        if isinstance(alpha, bool) or not isinstance(alpha, (int, float)):
            raise ValueError(
                "Argument `alpha` of an ELU layer must be a float. "
                f"Received: alpha={alpha}"
            )
        self.alpha = alpha
        self.supports_masking = True
        self.built = True

    def call(self, inputs):
        return activations.elu(inputs, alpha=self.alpha)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config["alpha"] = self.alpha
        return config
