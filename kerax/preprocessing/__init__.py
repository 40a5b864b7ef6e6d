"""Data preprocessing: Keras 3's dataset builders and Keras 2's
`keras.preprocessing` modules (`image`, `text`, `sequence`).

>>> from kerax.preprocessing.sequence import pad_sequences
>>> pad_sequences([[5]], maxlen=3).tolist()
[[0, 0, 5]]
"""

from kerax.preprocessing import (
    image,
    sequence,
    text,
)
from kerax.utils.image_dataset_utils import (
    image_dataset_from_directory,
)
from kerax.utils.text_dataset_utils import (
    text_dataset_from_directory,
)
from kerax.utils.timeseries_dataset_utils import (
    timeseries_dataset_from_array,
)
