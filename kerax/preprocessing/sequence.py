"""Keras 2's `keras.preprocessing.sequence` names: `pad_sequences`,
`TimeseriesGenerator`, `skipgrams`, `make_sampling_table`, and
`timeseries_dataset_from_array`.

>>> pad_sequences([[1, 2], [3]], padding="post")
array([[1, 2],
       [3, 0]], dtype=int32)
"""

from kerax.preprocessing.skipgrams import (  # noqa: F401
    make_sampling_table,
    skipgrams,
)
from kerax.preprocessing.timeseries_generator import (  # noqa: F401
    TimeseriesGenerator,
)
from kerax.utils.sequence_utils import pad_sequences  # noqa: F401
from kerax.utils.timeseries_dataset_utils import (  # noqa: F401
    timeseries_dataset_from_array,
)
