"""`pack_x_y_sample_weight` / `unpack_x_y_sample_weight` (Keras's
`keras.utils` helpers for writing `train_step` and friends).

>>> import numpy as np
>>> x, y = np.ones((2, 1)), np.zeros((2, 1))
>>> unpack_x_y_sample_weight((x, y))[2] is None
True
>>> pack_x_y_sample_weight(x) is x, len(pack_x_y_sample_weight(x, y))
(True, 2)
"""

from kerax.trainers.data_adapters.data_utils import unpack_x_y_sample_weight

__all__ = ["pack_x_y_sample_weight", "unpack_x_y_sample_weight"]


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """The batch format `fit` takes: `x` alone (a tuple or list `x` is
    wrapped as `(x,)`), `(x, y)`, or `(x, y, sample_weight)`."""
    if y is None:
        return (x,) if isinstance(x, (tuple, list)) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)
