"""`RepeatVector`: repeats a vector `n` times along a new axis.

>>> import numpy as np
>>> RepeatVector(3)(np.ones((2, 4))).shape
(2, 3, 4)
"""

from kerax import ops
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer


class RepeatVector(Layer):
    """Repeats each input vector `n` times: `(batch, features)` ->
    `(batch, n, features)`.

    Args:
        n: positive int, the number of repetitions.
    """

    def __init__(self, n, **kwargs):
        super().__init__(**kwargs)
        if not isinstance(n, int) or isinstance(n, bool):
            raise TypeError(
                f"Expected an integer value for argument `n` of layer "
                f"RepeatVector '{self.name}'. Received: n={n} "
                f"(of type {type(n)})"
            )
        if n <= 0:
            raise ValueError(
                f"Argument `n` of layer RepeatVector '{self.name}' must be a "
                f"positive integer. Received: n={n}"
            )
        self.n = n
        self.input_spec = InputSpec(ndim=2)
        self.built = True

    def call(self, inputs):
        return ops.repeat(ops.expand_dims(inputs, 1), self.n, axis=1)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.n, input_shape[1])

    def get_config(self):
        config = super().get_config()
        config["n"] = self.n
        return config
