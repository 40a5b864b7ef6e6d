"""`AveragePooling3D`: 3D average pooling.

>>> import numpy as np
>>> AveragePooling3D(2)(np.ones((2, 4, 4, 4, 3))).shape
(2, 2, 2, 2, 3)
"""

from kerax.layers.pooling.base_pooling import BasePooling


class AveragePooling3D(BasePooling):
    """3D average pooling: the mean of each `pool_size` window over
    the three spatial axes, windows `strides` apart.

    Args:
        pool_size: int or tuple of 3 ints.
        strides: int, tuple of 3 ints, or None (default: `pool_size`).
        padding: `"valid"` (default, drop windows that do not fit) or
            `"same"` (pad so the output has `ceil(input / strides)`
            positions; padded positions are not counted in the mean).
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape: `(batch, dim1, dim2, dim3, channels)` (channels last); output: the
    same rank with pooled spatial sizes.
    """

    def __init__(
        self,
        pool_size,
        strides=None,
        padding="valid",
        data_format=None,
        name=None,
        **kwargs,
    ):
        super().__init__(
            pool_size,
            strides,
            pool_dimensions=3,
            pool_mode="average",
            padding=padding,
            data_format=data_format,
            name=name,
            **kwargs,
        )
