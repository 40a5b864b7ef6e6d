"""`SpatialDropout1D`: drops whole 1D feature maps during training.

>>> import numpy as np
>>> layer = SpatialDropout1D(0.5, seed=0)
>>> y = np.asarray(layer(np.ones((2, 5, 3), "float32"), training=True))
>>> bool((y == y[:, :1]).all())   # same decision at every timestep
True
"""

from kerax.layers.regularization.base_spatial_dropout import (
    BaseSpatialDropout,
)


class SpatialDropout1D(BaseSpatialDropout):
    """Spatial 1D dropout: like `Dropout`, but each channel of each sample
    is dropped (or kept and scaled by `1 / (1 - rate)`) for all timesteps
    at once. Active only when `training=True`.

    Args:
        rate: float in `[0, 1]`, the fraction of channels to drop.
        seed: optional int seed.

    Input shape: `(batch, timesteps, channels)`. Output shape: the same.
    """

    _rank = 3

    def __init__(self, rate, seed=None, name=None, dtype=None, **kwargs):
        super().__init__(rate, seed=seed, name=name, dtype=dtype, **kwargs)
