"""`AdaptiveMaxPooling2D`: 2D adaptive max pooling to a fixed size.

>>> import numpy as np
>>> AdaptiveMaxPooling2D((3, 4))(np.ones((2, 7, 9, 3))).shape
(2, 3, 4, 3)
"""

from kerax.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling


class AdaptiveMaxPooling2D(BaseAdaptivePooling):
    """2D adaptive max pooling: whatever the input size, the output
    has `output_size` positions per spatial axis; position `i` of an axis
    of length `L` takes the maximum of `[floor(i * L / out),
    ceil((i + 1) * L / out))`.

    Args:
        output_size: int or tuple of 2 positive ints.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape: `(batch, height, width, channels)` (channels last). Output:
    `(batch, *output_size, channels)`.
    """

    pool_mode = "max"

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(
            output_size, pool_dimensions=2, data_format=data_format,
            **kwargs,
        )
