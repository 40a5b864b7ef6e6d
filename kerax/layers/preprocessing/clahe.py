"""`ContrastLimitedAdaptiveHistogramEqualization` (CLAHE).

>>> import numpy as np
>>> x = np.arange(64, dtype="float32").reshape(1, 8, 8, 1) * 4
>>> layer = ContrastLimitedAdaptiveHistogramEqualization(tile_grid_size=(2, 2))
>>> layer(x).shape
(1, 8, 8, 1)
"""

import jax.numpy as jnp

from kerax.layers.preprocessing.augmentation_layer import (
    AugmentationLayer,
    check_value_range,
    rescale,
)


def _tile_cdfs(padded, grid, tile, clip_limit):
    """Normalized, contrast-limited CDFs `(batch, gh, gw, channels, 256)`
    of the tiles of the padded NHWC `padded` image batch."""
    batch, _, _, channels = padded.shape
    (grid_h, grid_w), (tile_h, tile_w) = grid, tile
    pixels = jnp.clip(padded.astype("int32"), 0, 255)
    tiles = pixels.reshape(batch, grid_h, tile_h, grid_w, tile_w, channels)
    tiles = tiles.transpose(0, 1, 3, 5, 2, 4).reshape(
        batch * grid_h * grid_w * channels, tile_h * tile_w)
    rows = jnp.arange(tiles.shape[0])[:, None] * 256
    hists = jnp.bincount((rows + tiles).reshape(-1),
                         length=tiles.shape[0] * 256)
    hists = hists.reshape(batch, grid_h, grid_w, channels, 256)
    hists = hists.astype("float32")
    if clip_limit > 0:
        limit = clip_limit * (tile_h * tile_w) / 256.0
        clipped = jnp.clip(hists, 0, limit)
        excess = jnp.sum(hists - clipped, axis=-1, keepdims=True)
        hists = clipped + excess / 256.0
    cdf = jnp.cumsum(hists, axis=-1)
    cdf_min = jnp.min(cdf, axis=-1, keepdims=True)
    denominator = float(tile_h * tile_w) - cdf_min
    denominator = jnp.where(denominator == 0, 1.0, denominator)
    return jnp.clip((cdf - cdf_min) * 255.0 / denominator, 0, 255)


def _axis_weights(size, tile, grid):
    """Lower/upper tile indices (into the edge-padded grid) and weights."""
    pos = (jnp.arange(size, dtype="float32") - tile / 2.0) / tile + 1.0
    low = jnp.floor(pos)
    weight = pos - low
    low_i = jnp.clip(low, 0, grid + 1).astype("int32")
    high_i = jnp.clip(low + 1.0, 0, grid + 1).astype("int32")
    return low_i, high_i, weight


def clahe(images, clip_limit, tile_grid_size):
    """CLAHE of NHWC `images` valued in [0, 255]."""
    batch, height, width, channels = images.shape
    grid_h, grid_w = tile_grid_size
    tile_h, tile_w = -(-height // grid_h), -(-width // grid_w)
    pad_h, pad_w = tile_h * grid_h - height, tile_w * grid_w - width
    padded = images
    if pad_h or pad_w:
        padded = jnp.pad(images, ((0, 0), (0, pad_h), (0, pad_w), (0, 0)),
                         mode="symmetric")
    cdf = _tile_cdfs(padded, (grid_h, grid_w), (tile_h, tile_w), clip_limit)
    cdf = jnp.pad(cdf, ((0, 0), (1, 1), (1, 1), (0, 0), (0, 0)), mode="edge")
    y0, y1, wy = _axis_weights(tile_h * grid_h, tile_h, grid_h)
    x0, x1, wx = _axis_weights(tile_w * grid_w, tile_w, grid_w)
    pixels = jnp.clip(padded.astype("int32"), 0, 255)
    b = jnp.arange(batch)[:, None, None, None]
    c = jnp.arange(channels)[None, None, None, :]

    def at(ys, xs):
        return cdf[b, ys[None, :, None, None], xs[None, None, :, None], c,
                   pixels]

    wx = wx[None, None, :, None]
    wy = wy[None, :, None, None]
    top = at(y0, x0) * (1.0 - wx) + at(y0, x1) * wx
    bottom = at(y1, x0) * (1.0 - wx) + at(y1, x1) * wx
    out = top * (1.0 - wy) + bottom * wy
    return out[:, :height, :width, :]


class ContrastLimitedAdaptiveHistogramEqualization(AugmentationLayer):
    """Equalizes each tile's histogram (clipped at `clip_limit` times the
    mean bin count, the excess spread evenly) and blends the tile mappings
    bilinearly.

    Values are mapped from `value_range` to [0, 255] (truncated to
    integers for the histograms) and back. Deterministic and, as in Keras,
    applied at inference too.

    Args:
        value_range: the `(min, max)` of the pixel values.
        clip_limit: contrast limit (default 4.0; 0 or less: no limit).
        tile_grid_size: `(rows, cols)` of tiles (default `(8, 8)`).
        data_format: `"channels_last"` (default) or `"channels_first"`.
    """

    _RANDOM = False
    _ACTIVE_AT_INFERENCE = True

    def __init__(self, value_range=(0, 255), clip_limit=4.0,
                 tile_grid_size=(8, 8), data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        name = "ContrastLimitedAdaptiveHistogramEqualization"
        self.value_range = check_value_range(value_range, name)
        if not isinstance(tile_grid_size, (tuple, list)) or len(
                tile_grid_size) != 2 or min(tile_grid_size) < 1:
            raise ValueError(
                f"{name}: `tile_grid_size` must be a pair of positive ints. "
                f"Received: tile_grid_size={tile_grid_size}"
            )
        self.clip_limit = float(clip_limit)
        self.tile_grid_size = tuple(int(v) for v in tile_grid_size)

    def _transform(self, images, transformation):
        x = rescale(images, self.value_range, (0, 255))
        x = clahe(x, self.clip_limit, self.tile_grid_size)
        return rescale(x, (0, 255), self.value_range).astype(images.dtype)

    def get_config(self):
        config = super().get_config()
        config.update({
            "value_range": self.value_range, "clip_limit": self.clip_limit,
            "tile_grid_size": self.tile_grid_size,
        })
        return config
