"""Sampling an image at per-pixel source points, a whole pixel at a time.

`affine_transform` used to hand `jax.scipy.ndimage.map_coordinates` a
third, channel coordinate, which makes every bilinear read 8 gathers of
one value. When the transform has no projective part (`c0 = c1 = 0`, every
rotation, zoom, translation and shear), the source point is the same for
all channels, so 4 gathers of a whole channel vector give the same sums in
the same order: the channel coordinate's second node has weight 0 and its
first weight 1. Measured on a 2-core CPU, a 128x224x224x3 rotation feeding
a pooling layer took 1.34 s per batch through `map_coordinates` (XLA fuses
the 3-D gather into the reduction) and 0.2-0.3 s this way.

>>> import jax.numpy as jnp
>>> image = jnp.arange(12.0).reshape(2, 2, 3)
>>> y, x = jnp.meshgrid(jnp.arange(2.0), jnp.arange(2.0), indexing="ij")
>>> bool((sample_pixels(image, y, x, 1, "constant", 0.0) == image).all())
True
"""

from __future__ import annotations

import jax.numpy as jnp
from jax import lax


def _fix_index(index, size: int, mode: str):
    """Maps an integer source index into `[0, size)` as `mode` says."""
    if mode == "constant":
        return index
    if mode == "nearest":
        return jnp.clip(index, 0, size - 1)
    if mode == "wrap":
        return index % size
    if mode == "mirror":
        period = size - 1
        return jnp.abs((index + period) % (2 * period) - period)
    # "reflect": mirror on the doubled grid, then halve.
    doubled = _fix_index(2 * index + 1, 2 * size + 1, "mirror")
    return jnp.floor_divide(doubled - 1, 2)


def _nodes(coordinate, order: int):
    """Interpolation nodes `(index, weight)` along one axis."""
    if order == 0:
        return [(lax.round(coordinate).astype(jnp.int32), None)]
    lower = jnp.floor(coordinate)
    upper_weight = coordinate - lower
    index = lower.astype(jnp.int32)
    return [(index, 1 - upper_weight), (index + 1, upper_weight)]


def sample_pixels(image, src_y, src_x, order: int, mode: str, cval):
    """`image` (H, W, C) read at `(src_y[i, j], src_x[i, j])` for every
    output pixel: nearest (`order=0`) or bilinear (`order=1`), points
    outside handled by `mode` (`constant` fills with `cval`). Equal to
    `map_coordinates(image, [src_y, src_x, c], order, mode, cval)` with
    `c` the channel index."""
    height, width = image.shape[0], image.shape[1]
    cval = jnp.asarray(cval, image.dtype)
    result = None
    for iy, wy in _nodes(src_y, order):
        for ix, wx in _nodes(src_x, order):
            values = image[_fix_index(iy, height, mode),
                           _fix_index(ix, width, mode)]
            if mode == "constant":
                inside = (iy >= 0) & (iy < height) & (ix >= 0) & (ix < width)
                values = jnp.where(inside[..., None], values, cval)
            if wy is not None:
                values = (wy * wx)[..., None] * values
            result = values if result is None else result + values
    return result
