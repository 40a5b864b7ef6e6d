"""`Add` and its functional form `add`.

>>> import numpy as np
>>> Add()([np.ones((2, 3)), np.ones((2, 3))]).tolist()
[[2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]
"""

from kerax import ops
from kerax.layers.merging.base_merge import Merge


class Add(Merge):
    """Sums the inputs element-wise.

    Takes a list of tensors of the same (or broadcastable) shape and
    returns one tensor of that shape. The output mask is the OR of the
    input masks.
    """

    def _merge_function(self, inputs, masks):
        output = inputs[0]
        for x in inputs[1:]:
            output = ops.add(output, x)
        return output


def add(inputs, **kwargs):
    """Functional form of `Add`: `Add(**kwargs)(inputs)`.

    >>> import numpy as np
    >>> add([np.ones((2, 3)), np.ones((2, 3))]).tolist()
    [[2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]
    """
    return Add(**kwargs)(inputs)
