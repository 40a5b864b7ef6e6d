"""Data preprocessing: Keras 3's dataset builders and Keras 2's
`keras.preprocessing` modules (`image`, `text`, `sequence`).

>>> from kerax.preprocessing.sequence import pad_sequences
>>> pad_sequences([[5]], maxlen=3).tolist()
[[0, 0, 5]]
"""

from kerax.preprocessing import (
    image,  # noqa: F401
    sequence,  # noqa: F401
    text,  # noqa: F401
)
from kerax.utils.image_dataset_utils import (  # noqa: F401
    image_dataset_from_directory,
)
from kerax.utils.text_dataset_utils import (  # noqa: F401
    text_dataset_from_directory,
)
from kerax.utils.timeseries_dataset_utils import (  # noqa: F401
    timeseries_dataset_from_array,
)
