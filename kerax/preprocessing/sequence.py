"""Keras 2's `keras.preprocessing.sequence` names: `pad_sequences` and
`timeseries_dataset_from_array`.

>>> pad_sequences([[1, 2], [3]], padding="post")
array([[1, 2],
       [3, 0]], dtype=int32)
"""

from kerax.utils.sequence_utils import pad_sequences  # noqa: F401
from kerax.utils.timeseries_dataset_utils import (  # noqa: F401
    timeseries_dataset_from_array,
)
