"""`AveragePooling1D`: 1D average pooling.

>>> import numpy as np
>>> AveragePooling1D(2)(np.ones((2, 6, 3))).shape
(2, 3, 3)
"""

from kerax.layers.pooling.base_pooling import BasePooling


class AveragePooling1D(BasePooling):
    """1D average pooling: the mean of each `pool_size` window over
    steps, windows `strides` apart.

    Args:
        pool_size: int or tuple of 1 ints.
        strides: int, tuple of 1 ints, or None (default: `pool_size`).
        padding: `"valid"` (default, drop windows that do not fit) or
            `"same"` (pad so the output has `ceil(input / strides)`
            positions; padded positions are not counted in the mean).
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape: `(batch, steps, features)` (channels last); output: the
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
            pool_dimensions=1,
            pool_mode="average",
            padding=padding,
            data_format=data_format,
            name=name,
            **kwargs,
        )
