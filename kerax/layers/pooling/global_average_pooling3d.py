"""`GlobalAveragePooling3D`: global average pooling over the three spatial axes.

>>> import numpy as np
>>> GlobalAveragePooling3D()(np.ones((2, 4, 4, 4, 3))).shape
(2, 3)
"""

from kerax.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling3D(BaseGlobalPooling):
    """Global average pooling: the mean over the three spatial axes, one value per
    channel.

    Args:
        data_format: `"channels_last"` (default) or `"channels_first"`.
        keepdims: keep the spatial axes with size 1 (default False).

    Input shape: `(batch, dim1, dim2, dim3, channels)` (channels last). Output:
    `(batch, channels)`, or with `keepdims` the input rank with size-1
    spatial axes.
    """

    pool_mode = "average"

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(
            pool_dimensions=3, data_format=data_format, keepdims=keepdims,
            **kwargs,
        )
