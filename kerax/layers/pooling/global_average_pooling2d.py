"""`GlobalAveragePooling2D`: global average pooling over rows and columns.

>>> import numpy as np
>>> GlobalAveragePooling2D()(np.ones((2, 6, 6, 3))).shape
(2, 3)
"""

from kerax.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling2D(BaseGlobalPooling):
    """Global average pooling: the mean over rows and columns, one value per
    channel.

    Args:
        data_format: `"channels_last"` (default) or `"channels_first"`.
        keepdims: keep the spatial axes with size 1 (default False).

    Input shape: `(batch, height, width, channels)` (channels last). Output:
    `(batch, channels)`, or with `keepdims` the input rank with size-1
    spatial axes.
    """

    pool_mode = "average"

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(
            pool_dimensions=2, data_format=data_format, keepdims=keepdims,
            **kwargs,
        )
