"""`AdaptiveAveragePooling3D`: 3D adaptive average pooling to a fixed size.

>>> import numpy as np
>>> AdaptiveAveragePooling3D(2)(np.ones((2, 5, 6, 7, 3))).shape
(2, 2, 2, 2, 3)
"""

from kerax.layers.pooling.base_adaptive_pooling import BaseAdaptivePooling


class AdaptiveAveragePooling3D(BaseAdaptivePooling):
    """3D adaptive average pooling: whatever the input size, the output
    has `output_size` positions per spatial axis; position `i` of an axis
    of length `L` takes the mean of `[floor(i * L / out),
    ceil((i + 1) * L / out))`.

    Args:
        output_size: int or tuple of 3 positive ints.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape: `(batch, dim1, dim2, dim3, channels)` (channels last). Output:
    `(batch, *output_size, channels)`.
    """

    pool_mode = "average"

    def __init__(self, output_size, data_format=None, **kwargs):
        super().__init__(
            output_size, pool_dimensions=3, data_format=data_format,
            **kwargs,
        )
