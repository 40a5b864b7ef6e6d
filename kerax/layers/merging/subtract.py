"""`Subtract` and its functional form `subtract`.

>>> import numpy as np
>>> Subtract()([np.ones((1, 2)), np.ones((1, 2))]).tolist()
[[0.0, 0.0]]
"""

from kerax import ops
from kerax.layers.merging.base_merge import Merge


class Subtract(Merge):
    """Subtracts two inputs: `inputs[0] - inputs[1]` (same or broadcastable
    shapes). Exactly two inputs."""

    def build(self, input_shape):
        super().build(input_shape)
        if len(input_shape) != 2:
            raise ValueError(
                f"A `Subtract` layer ('{self.name}') should be called on "
                f"exactly 2 inputs. Received: input_shape={input_shape}"
            )

    def _merge_function(self, inputs, masks):
        if len(inputs) != 2:
            raise ValueError(
                f"A `Subtract` layer ('{self.name}') should be called on "
                f"exactly 2 inputs. Received {len(inputs)} inputs."
            )
        return ops.subtract(inputs[0], inputs[1])


def subtract(inputs, **kwargs):
    """Functional form of `Subtract`: `Subtract(**kwargs)(inputs)`.

    >>> import numpy as np
    >>> subtract([np.full((1, 2), 3.0), np.ones((1, 2))]).tolist()
    [[2.0, 2.0]]
    """
    return Subtract(**kwargs)(inputs)
