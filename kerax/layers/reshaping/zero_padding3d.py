"""`ZeroPadding3D`: adds rows/columns of zeros around 3D data.

>>> import numpy as np
>>> ZeroPadding3D()(np.ones((1, 2, 2, 2, 2))).shape
(1, 4, 4, 4, 2)
"""

from kerax.layers.argument_validation import standardize_pairs
from kerax.layers.reshaping.base_spatial import BaseSpatialAmounts


class ZeroPadding3D(BaseSpatialAmounts):
    """Pads the 3 spatial axes with zeros.

    Args:
        padding: int (same on every side), a tuple of 3 ints (symmetric
            per axis) or a tuple of 3 `(before, after)` pairs; default
            `((1, 1), (1, 1), (1, 1))`.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape: `(batch, dim1, dim2, dim3, channels)` (channels last). Output: each
    spatial size grown by its `before + after`.
    """

    argument = "padding"
    sign = 1

    def __init__(self, padding=((1, 1), (1, 1), (1, 1)), data_format=None, **kwargs):
        super().__init__(**kwargs)
        amounts = standardize_pairs(padding, 3, "padding", layer=self)
        self._setup(amounts, 3, data_format)

    @property
    def padding(self):
        return self.amounts
