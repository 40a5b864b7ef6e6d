"""`ZeroPadding1D`: adds zeros at the start and end of the steps axis.

>>> import numpy as np
>>> ZeroPadding1D((1, 2))(np.ones((2, 3, 4))).shape
(2, 6, 4)
"""

from kerax.layers.argument_validation import standardize_tuple
from kerax.layers.reshaping.base_spatial import BaseSpatialAmounts


class ZeroPadding1D(BaseSpatialAmounts):
    """Pads the steps axis with zeros.

    Args:
        padding: int (default 1, both sides) or `(before, after)` ints.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape: `(batch, steps, features)` (channels last). Output:
    `(batch, before + steps + after, features)`.
    """

    argument = "padding"
    sign = 1

    def __init__(self, padding=1, data_format=None, **kwargs):
        super().__init__(**kwargs)
        amounts = (standardize_tuple(padding, 2, "padding", allow_zero=True,
                                     layer=self),)
        self._setup(amounts, 1, data_format)

    @property
    def padding(self):
        return self.amounts[0]
