"""Keras 2's `keras.utils.np_utils` path: `to_categorical`, `normalize`.

Keras 2's `to_categorical` returned float32 by default (Keras 3's gives
float64); this path keeps the Keras 2 default.

>>> from kerax.utils.np_utils import to_categorical
>>> to_categorical([1], num_classes=2)
array([[0., 1.]], dtype=float32)
"""

from kerax.utils import numerical_utils
from kerax.utils.numerical_utils import normalize  # noqa: F401


def to_categorical(y, num_classes=None, dtype="float32"):
    """Keras 2's `to_categorical`: one-hot rows, float32 unless `dtype` says
    otherwise (see `kerax.utils.to_categorical`)."""
    return numerical_utils.to_categorical(y, num_classes=num_classes,
                                          dtype=dtype)
