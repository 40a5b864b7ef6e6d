"""`Cropping3D`: removes borders of 3D data.

>>> import numpy as np
>>> Cropping3D()(np.ones((1, 4, 4, 4, 2))).shape
(1, 2, 2, 2, 2)
"""

from kerax.layers.argument_validation import standardize_pairs
from kerax.layers.reshaping.base_spatial import BaseSpatialAmounts


class Cropping3D(BaseSpatialAmounts):
    """Crops the 3 spatial axes.

    Args:
        cropping: int (same on every side), a tuple of 3 ints (symmetric
            per axis) or a tuple of 3 `(start, end)` pairs; default
            `((1, 1), (1, 1), (1, 1))`. Each axis must keep at least one position.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape: `(batch, dim1, dim2, dim3, channels)` (channels last). Output: each
    spatial size reduced by its `start + end`.
    """

    argument = "cropping"
    sign = -1

    def __init__(self, cropping=((1, 1), (1, 1), (1, 1)), data_format=None,
                 **kwargs):
        super().__init__(**kwargs)
        amounts = standardize_pairs(cropping, 3, "cropping", layer=self)
        self._setup(amounts, 3, data_format)

    @property
    def cropping(self):
        return self.amounts
