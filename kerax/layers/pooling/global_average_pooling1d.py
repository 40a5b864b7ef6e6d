"""`GlobalAveragePooling1D`: global average pooling over steps.

>>> import numpy as np
>>> GlobalAveragePooling1D()(np.ones((2, 6, 3))).shape
(2, 3)
"""

from kerax import ops
from kerax.layers.pooling.base_global_pooling import BaseGlobalPooling


class GlobalAveragePooling1D(BaseGlobalPooling):
    """Global average pooling: the mean over steps, one value per
    channel.

    With a mask `(batch, steps)`, only the unmasked steps are averaged;
    the output has no mask.

    Args:
        data_format: `"channels_last"` (default) or `"channels_first"`.
        keepdims: keep the spatial axes with size 1 (default False).

    Input shape: `(batch, steps, features)` (channels last). Output:
    `(batch, channels)`, or with `keepdims` the input rank with size-1
    spatial axes.
    """

    pool_mode = "average"

    def __init__(self, data_format=None, keepdims=False, **kwargs):
        super().__init__(
            pool_dimensions=1, data_format=data_format, keepdims=keepdims,
            **kwargs,
        )
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is None:
            return super().call(inputs)
        axis = 1 if self.data_format == "channels_last" else 2
        mask = ops.expand_dims(
            ops.cast(mask, "bool"),
            2 if self.data_format == "channels_last" else 1,
        )
        total = ops.sum(
            ops.where(mask, inputs, 0), axis=axis, keepdims=self.keepdims
        )
        count = ops.sum(
            ops.cast(mask, inputs.dtype), axis=axis, keepdims=self.keepdims
        )
        return total / count

    def compute_mask(self, inputs, mask=None):
        return None
