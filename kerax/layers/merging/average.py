"""`Average` and its functional form `average`.

>>> import numpy as np
>>> Average()([np.zeros((1, 3)), 2 * np.ones((1, 3))]).tolist()
[[1.0, 1.0, 1.0]]
"""

from kerax import ops
from kerax.layers.merging.base_merge import Merge


class Average(Merge):
    """Averages the inputs element-wise.

    Takes a list of tensors of the same (or broadcastable) shape and
    returns one tensor of that shape. The output mask is the OR of the
    input masks.
    """

    def _merge_function(self, inputs, masks):
        output = inputs[0]
        for x in inputs[1:]:
            output = ops.add(output, x)
        return output / len(inputs)


def average(inputs, **kwargs):
    """Functional form of `Average`: `Average(**kwargs)(inputs)`.

    >>> import numpy as np
    >>> average([np.zeros((1, 3)), 2 * np.ones((1, 3))]).tolist()
    [[1.0, 1.0, 1.0]]
    """
    return Average(**kwargs)(inputs)
