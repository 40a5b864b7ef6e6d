"""`Equalization`: histogram equalization of each channel.

>>> import numpy as np
>>> x = np.array([[[[0.0], [10.0]], [[10.0], [20.0]]]])
>>> Equalization()(x)[0, :, :, 0].tolist()
[[0.0, 170.0], [170.0, 255.0]]
"""

import jax.numpy as jnp

from kerax.layers.preprocessing.augmentation_layer import (
    AugmentationLayer,
    check_value_range,
    rescale,
)


class Equalization(AugmentationLayer):
    """Remaps each channel through its cumulative histogram (`bins` bins
    over [0, 255] after mapping from `value_range`).

    As in Keras, one histogram per channel is computed over the whole
    batch; channels with a single occupied bin are left unchanged.
    Deterministic; active only with `training=True` (Keras's behaviour).

    Args:
        value_range: the `(min, max)` of the pixel values.
        bins: number of histogram bins (default 256).
        data_format: `"channels_last"` (default) or `"channels_first"`.
    """

    _RANDOM = False

    def __init__(self, value_range=(0, 255), bins=256, data_format=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if not isinstance(bins, int) or bins < 2:
            raise ValueError(
                f"Equalization: `bins` must be an int >= 2. Received: "
                f"bins={bins}"
            )
        self.bins = bins
        self.value_range = check_value_range(value_range, "Equalization")

    def _transform(self, images, transformation):
        bins = self.bins
        x = rescale(images, self.value_range, (0, 255))
        channels = x.shape[-1]
        flat = x.reshape(-1, channels).T  # (channels, pixels of the batch)
        index = jnp.clip((flat * (bins - 1) / 255.0).astype("int32"), 0,
                         bins - 1)
        offsets = jnp.arange(channels)[:, None] * bins
        hist = jnp.bincount((index + offsets).reshape(-1),
                            length=channels * bins).reshape(channels, bins)
        cdf = jnp.cumsum(hist, axis=1)
        first = jnp.argmax(cdf > 0, axis=1)
        cdf_min = jnp.take_along_axis(cdf, first[:, None], axis=1)
        denominator = cdf[:, -1:] - cdf_min
        denominator = jnp.where(denominator == 0, 1, denominator)
        table = (cdf - cdf_min).astype("float32") * 255 / denominator
        table = jnp.clip(jnp.round(table), 0, 255)
        lookup = jnp.clip(flat / 255.0 * (bins - 1), 0, bins - 1)
        equalized = jnp.take_along_axis(table, lookup.astype("int32"),
                                        axis=1).astype(x.dtype)
        single_bin = (jnp.count_nonzero(hist, axis=1) <= 1)[:, None]
        out = jnp.where(single_bin, flat, equalized).T.reshape(x.shape)
        return rescale(out, (0, 255), self.value_range).astype(images.dtype)

    def get_config(self):
        config = super().get_config()
        config.update({"bins": self.bins, "value_range": self.value_range})
        return config
