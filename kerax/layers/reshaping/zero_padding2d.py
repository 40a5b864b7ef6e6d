"""`ZeroPadding2D`: adds rows/columns of zeros around 2D data.

>>> import numpy as np
>>> ZeroPadding2D()(np.ones((1, 3, 3, 2))).shape
(1, 5, 5, 2)
"""

from kerax.layers.argument_validation import standardize_pairs
from kerax.layers.reshaping.base_spatial import BaseSpatialAmounts


class ZeroPadding2D(BaseSpatialAmounts):
    """Pads the 2 spatial axes with zeros.

    Args:
        padding: int (same on every side), a tuple of 2 ints (symmetric
            per axis) or a tuple of 2 `(before, after)` pairs; default
            `(1, 1)`.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape: `(batch, rows, cols, channels)` (channels last). Output: each
    spatial size grown by its `before + after`.
    """

    argument = "padding"
    sign = 1

    def __init__(self, padding=(1, 1), data_format=None, **kwargs):
        super().__init__(**kwargs)
        amounts = standardize_pairs(padding, 2, "padding", layer=self)
        self._setup(amounts, 2, data_format)

    @property
    def padding(self):
        return self.amounts
