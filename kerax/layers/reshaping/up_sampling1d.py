"""`UpSampling1D`: repeats each step `size` times.

>>> import numpy as np
>>> UpSampling1D(3)(np.ones((2, 4, 5))).shape
(2, 12, 5)
"""

from kerax import ops
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer


class UpSampling1D(Layer):
    """Repeats each step of `(batch, steps, features)` inputs `size` times
    along the steps axis.

    Args:
        size: positive int (default 2), the upsampling factor.

    Output: `(batch, steps * size, features)`.
    """

    def __init__(self, size=2, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(size, int) or isinstance(size, bool):
            raise TypeError(
                "Expected an integer value for argument `size` of layer "
                f"UpSampling1D '{self.name}'. Received: size={size} "
                f"(of type {type(size)})"
            )
        if size <= 0:
            raise ValueError(
                f"Argument `size` of layer UpSampling1D '{self.name}' must "
                f"be a positive integer. Received: size={size}"
            )
        self.size = size
        self.input_spec = InputSpec(ndim=3)
        self.built = True

    def call(self, inputs):
        return ops.repeat(inputs, self.size, axis=1)

    def compute_output_shape(self, input_shape):
        steps = input_shape[1]
        return (
            input_shape[0],
            None if steps is None else steps * self.size,
            input_shape[2],
        )

    def get_config(self):
        config = super().get_config()
        config["size"] = self.size
        return config
