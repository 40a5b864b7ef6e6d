"""`Minimum` and its functional form `minimum`.

>>> import numpy as np
>>> Minimum()([np.zeros((1, 3)), 2 * np.ones((1, 3))]).tolist()
[[0.0, 0.0, 0.0]]
"""

from kerax import ops
from kerax.layers.merging.base_merge import Merge, masked_merge


class Minimum(Merge):
    """Element-wise minimum of the inputs; with masks, masked entries never win
    (Keras's rule).

    Takes a list of tensors of the same (or broadcastable) shape and
    returns one tensor of that shape. The output mask is the OR of the
    input masks.
    """

    def _merge_function(self, inputs, masks):
        return masked_merge(ops.minimum, inputs, masks)


def minimum(inputs, **kwargs):
    """Functional form of `Minimum`: `Minimum(**kwargs)(inputs)`.

    >>> import numpy as np
    >>> minimum([np.zeros((1, 3)), 2 * np.ones((1, 3))]).tolist()
    [[0.0, 0.0, 0.0]]
    """
    return Minimum(**kwargs)(inputs)
