"""`Maximum` and its functional form `maximum`.

>>> import numpy as np
>>> Maximum()([np.zeros((1, 3)), 2 * np.ones((1, 3))]).tolist()
[[2.0, 2.0, 2.0]]
"""

from kerax import ops
from kerax.layers.merging.base_merge import Merge, masked_merge


class Maximum(Merge):
    """Element-wise maximum of the inputs; with masks, masked entries never win
    (Keras's rule).

    Takes a list of tensors of the same (or broadcastable) shape and
    returns one tensor of that shape. The output mask is the OR of the
    input masks.
    """

    def _merge_function(self, inputs, masks):
        return masked_merge(ops.maximum, inputs, masks)


def maximum(inputs, **kwargs):
    """Functional form of `Maximum`: `Maximum(**kwargs)(inputs)`.

    >>> import numpy as np
    >>> maximum([np.zeros((1, 3)), 2 * np.ones((1, 3))]).tolist()
    [[2.0, 2.0, 2.0]]
    """
    return Maximum(**kwargs)(inputs)
