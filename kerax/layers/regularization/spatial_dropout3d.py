"""`SpatialDropout3D`: drops whole 3D feature maps during training.

>>> import numpy as np
>>> layer = SpatialDropout3D(0.5, seed=0)
>>> layer(np.ones((2, 3, 3, 3, 4), "float32"), training=True).shape
(2, 3, 3, 3, 4)
"""

from kerax.layers.argument_validation import standardize_data_format
from kerax.layers.regularization.base_spatial_dropout import (
    BaseSpatialDropout,
)


class SpatialDropout3D(BaseSpatialDropout):
    """Spatial 3D dropout: like `Dropout`, but each channel of each sample
    is dropped (or kept and scaled by `1 / (1 - rate)`) as a whole 3D
    feature map. Active only when `training=True`.

    Args:
        rate: float in `[0, 1]`, the fraction of channels to drop.
        data_format: `"channels_last"` (channels at the last axis) or
            `"channels_first"` (at axis 1); default: the global
            `image_data_format()`.
        seed: optional int seed.

    Input shape: 5D, `(batch, *spatial, channels)` or
    `(batch, channels, *spatial)`. Output shape: the same.
    """

    _rank = 5

    def __init__(self, rate, data_format=None, seed=None, name=None,
                 dtype=None, **kwargs):
        super().__init__(rate, seed=seed, name=name, dtype=dtype, **kwargs)
        self.data_format = standardize_data_format(data_format, layer=self)

    def get_config(self):
        config = super().get_config()
        config["data_format"] = self.data_format
        return config
