"""Keras 2 backend padding and resizing of sequences, images, volumes.

`data_format=None` means the global `image_data_format()`.

>>> spatial_2d_padding(jnp.ones((1, 2, 2, 3))).shape
(1, 4, 4, 3)
"""

import jax.numpy as jnp

from kerax.backend.common import check_data_format, k_op, tensor


def _pad_spatial(x, padding, data_format, rank, name):
    x = tensor(x)
    padding = [tuple(int(p) for p in pair) for pair in padding]
    if x.ndim != rank + 2 or len(padding) != rank or any(
        len(pair) != 2 for pair in padding
    ):
        raise ValueError(
            f"{name} expects a rank-{rank + 2} input and {rank} pairs of "
            f"paddings. Received: x.shape={x.shape}, padding={padding}"
        )
    if check_data_format(data_format) == "channels_first":
        pads = [(0, 0), (0, 0)] + padding
    else:
        pads = [(0, 0)] + padding + [(0, 0)]
    return jnp.pad(x, pads)


@k_op
def temporal_padding(x, padding=(1, 1)):
    """Zero-pads axis 1 of a `(batch, steps, features)` tensor."""
    return _pad_spatial(x, [padding], "channels_last", 1, "temporal_padding")


@k_op
def spatial_2d_padding(x, padding=((1, 1), (1, 1)), data_format=None):
    """Zero-pads the rows and columns of a 4D tensor."""
    return _pad_spatial(x, padding, data_format, 2, "spatial_2d_padding")


@k_op
def spatial_3d_padding(x, padding=((1, 1), (1, 1), (1, 1)),
                       data_format=None):
    """Zero-pads the three spatial axes of a 5D tensor."""
    return _pad_spatial(x, padding, data_format, 3, "spatial_3d_padding")


def _spatial_axes(data_format, rank):
    first = 2 if check_data_format(data_format) == "channels_first" else 1
    return list(range(first, first + rank))


def _bilinear_axis(x, axis, factor):
    """Keras 2's bilinear upsampling along one axis: output `i` reads
    input `i / factor`, interpolated, clamped at the far edge."""
    n = x.shape[axis]
    source = jnp.arange(n * factor, dtype="float32") / factor
    low = jnp.floor(source).astype("int32")
    high = jnp.minimum(low + 1, n - 1)
    weight = (source - low).astype(x.dtype)
    shape = [1] * x.ndim
    shape[axis] = -1
    weight = weight.reshape(shape)
    return (jnp.take(x, low, axis=axis) * (1 - weight)
            + jnp.take(x, high, axis=axis) * weight)


@k_op
def resize_images(x, height_factor, width_factor, data_format,
                  interpolation="nearest"):
    """Upsamples the rows and columns of a 4D tensor by integer factors
    (`interpolation`: `"nearest"` or `"bilinear"`)."""
    x = tensor(x)
    if interpolation not in ("nearest", "bilinear"):
        raise ValueError(
            "resize_images: `interpolation` must be 'nearest' or "
            f"'bilinear'. Received: interpolation={interpolation}"
        )
    factors = (int(height_factor), int(width_factor))
    for axis, factor in zip(_spatial_axes(data_format, 2), factors):
        if interpolation == "nearest":
            x = jnp.repeat(x, factor, axis=axis)
        else:
            x = _bilinear_axis(x, axis, factor)
    return x


@k_op
def resize_volumes(x, depth_factor, height_factor, width_factor,
                   data_format):
    """Upsamples the three spatial axes of a 5D tensor (repetition)."""
    x = tensor(x)
    factors = (int(depth_factor), int(height_factor), int(width_factor))
    for axis, factor in zip(_spatial_axes(data_format, 3), factors):
        x = jnp.repeat(x, factor, axis=axis)
    return x
