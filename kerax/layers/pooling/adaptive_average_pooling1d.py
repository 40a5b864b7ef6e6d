"""`AdaptiveAveragePooling1D`: 1D adaptive average pooling to a fixed size.

>>> import numpy as np
>>> AdaptiveAveragePooling1D(3)(np.ones((2, 7, 3))).shape
(2, 3, 3)
"""

from kerax.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling


class AdaptiveAveragePooling1D(BaseAdaptivePooling):
    """1D adaptive average pooling: whatever the input size, the output
    has `output_size` positions per spatial axis; position `i` of an axis
    of length `L` takes the mean of `[floor(i * L / out),
    ceil((i + 1) * L / out))`.

    Args:
        output_size: int or tuple of 1 positive ints.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape: `(batch, steps, features)` (channels last). Output:
    `(batch, *output_size, channels)`.
    """

    pool_mode = "average"

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(
            output_size, pool_dimensions=1, data_format=data_format,
            **kwargs,
        )
