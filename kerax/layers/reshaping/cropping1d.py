"""`Cropping1D`: removes steps at the start and end of the steps axis.

>>> import numpy as np
>>> Cropping1D((1, 2))(np.ones((2, 6, 4))).shape
(2, 3, 4)
"""

from kerax.layers.argument_validation import standardize_tuple
from kerax.layers.reshaping.base_spatial import BaseSpatialAmounts


class Cropping1D(BaseSpatialAmounts):
    """Crops the steps axis (axis 1) of `(batch, steps, features)` inputs.

    Args:
        cropping: int (same on both ends) or `(start, end)` ints; default
            `(1, 1)`. Their sum must be smaller than `steps`.

    Output: `(batch, steps - start - end, features)`.
    """

    argument = "cropping"
    sign = -1
    has_data_format = False

    def __init__(self, cropping=(1, 1), **kwargs):
        super().__init__(**kwargs)
        amounts = (standardize_tuple(cropping, 2, "cropping",
                                     allow_zero=True, layer=self),)
        self._setup(amounts, 1, "channels_last")

    @property
    def cropping(self):
        return self.amounts[0]
