"""Keras 2's `keras.utils.np_utils` path: `to_categorical`, `normalize`.

>>> from kerax.utils.np_utils import to_categorical
>>> to_categorical([1], num_classes=2, dtype="float32")
array([[0., 1.]], dtype=float32)
"""

from kerax.utils.numerical_utils import (
    normalize,  # noqa: F401
    to_categorical,  # noqa: F401
)
