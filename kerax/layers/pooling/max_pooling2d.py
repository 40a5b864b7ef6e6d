"""`MaxPooling2D`: 2D max pooling.

>>> import numpy as np
>>> MaxPooling2D()(np.ones((2, 6, 6, 3))).shape
(2, 3, 3, 3)
"""

from kerax.layers.pooling.base_pooling import BasePooling


class MaxPooling2D(BasePooling):
    """2D max pooling: the maximum of each `pool_size` window over
    rows and columns, windows `strides` apart.

    Args:
        pool_size: int or tuple of 2 ints (default (2, 2)).
        strides: int, tuple of 2 ints, or None (default: `pool_size`).
        padding: `"valid"` (default, drop windows that do not fit) or
            `"same"` (pad so the output has `ceil(input / strides)`
            positions).
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape: `(batch, height, width, channels)` (channels last); output: the
    same rank with pooled spatial sizes.
    """

    def __init__(
        self,
        pool_size=(2, 2),
        strides=None,
        padding="valid",
        data_format=None,
        name=None,
        **kwargs,
    ):
        super().__init__(
            pool_size,
            strides,
            pool_dimensions=2,
            pool_mode="max",
            padding=padding,
            data_format=data_format,
            name=name,
            **kwargs,
        )
