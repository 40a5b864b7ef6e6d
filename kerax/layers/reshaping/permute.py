"""`Permute`: reorders the non-batch axes.

>>> import numpy as np
>>> Permute((2, 1))(np.ones((4, 10, 64))).shape
(4, 64, 10)
"""

from kerax import ops
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer


class Permute(Layer):
    """Permutes the axes of each sample: output axis `i` (1-based, batch
    excluded) is input axis `dims[i - 1]`.

    Args:
        dims: tuple of ints, a permutation of `1..rank` (the batch axis 0
            is never moved).

    Input shape: `(batch, d1, ..., dn)`. Output: `(batch, d[dims[0]],
    ..., d[dims[n-1]])`.
    """

    def __init__(self, dims, **kwargs):
        super().__init__(**kwargs)
        try:
            self.dims = tuple(int(d) for d in dims)
        except (TypeError, ValueError):
            self.dims = None
        if self.dims is None or sorted(self.dims) != list(
            range(1, len(self.dims) + 1)
        ):
            raise ValueError(
                f"Invalid permutation argument `dims` of layer Permute "
                f"'{self.name}': the indices must be a permutation of "
                f"1..n (the batch axis 0 cannot move). Received: dims={dims}"
            )
        self.input_spec = InputSpec(ndim=len(self.dims) + 1)
        self.supports_masking = False
        self.built = True

    def call(self, inputs):
        return ops.transpose(inputs, axes=(0,) + self.dims)

    def compute_output_shape(self, input_shape):
        return (input_shape[0],) + tuple(input_shape[d] for d in self.dims)

    def get_config(self):
        config = super().get_config()
        config["dims"] = self.dims
        return config
