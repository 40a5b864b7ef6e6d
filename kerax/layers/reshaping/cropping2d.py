"""`Cropping2D`: removes borders of 2D data.

>>> import numpy as np
>>> Cropping2D(((1, 1), (2, 1)))(np.ones((1, 5, 6, 2))).shape
(1, 3, 3, 2)
"""

from kerax.layers.argument_validation import standardize_pairs
from kerax.layers.reshaping.base_spatial import BaseSpatialAmounts


class Cropping2D(BaseSpatialAmounts):
    """Crops the 2 spatial axes.

    Args:
        cropping: int (same on every side), a tuple of 2 ints (symmetric
            per axis) or a tuple of 2 `(start, end)` pairs; default
            `((0, 0), (0, 0))`. Each axis must keep at least one position.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape: `(batch, rows, cols, channels)` (channels last). Output: each
    spatial size reduced by its `start + end`.
    """

    argument = "cropping"
    sign = -1

    def __init__(self, cropping=((0, 0), (0, 0)), data_format=None,
                 **kwargs):
        super().__init__(**kwargs)
        amounts = standardize_pairs(cropping, 2, "cropping", layer=self)
        self._setup(amounts, 2, data_format)

    @property
    def cropping(self):
        return self.amounts
