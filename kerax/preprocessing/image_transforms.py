"""Single-image transforms used by `ImageDataGenerator` (Keras 2's
`keras.preprocessing.image` functions): affine warps, channel and
brightness shifts, flips.

Parameters mean what they mean in Keras 2: `tx` shifts along the width
(columns, "x") and `ty` along the height (rows, "y"); a positive shift reads
pixels further along the axis, so the content moves left / up. `zx` / `zy`
> 1 zoom out along the width / height, a positive `theta` turns the content
counterclockwise and `shear` is an angle in degrees. On a square image the
result equals Keras 2's `apply_affine_transform`; the transform is taken
about the exact image center, where Keras 2 swaps the height and width
when centering a non-square image.

>>> import numpy as np
>>> x = np.arange(9.0).reshape(3, 3, 1)
>>> y = apply_affine_transform(x, theta=90, row_axis=0, col_axis=1,
...                            channel_axis=2)
>>> y[..., 0].round(6) + 0.0
array([[2., 5., 8.],
       [1., 4., 7.],
       [0., 3., 6.]])
"""

import numpy as np

from kerax import config
from kerax.utils.image_utils import array_to_img, img_to_array

FILL_MODES = ("constant", "nearest", "reflect", "wrap")


def _center(matrix, rows, cols):
    """Conjugates a (row, col, 1) transform so it acts about the center."""
    center_row, center_col = (rows - 1) / 2.0, (cols - 1) / 2.0
    to_center = np.array([[1, 0, center_row], [0, 1, center_col], [0, 0, 1]])
    from_center = np.array(
        [[1, 0, -center_row], [0, 1, -center_col], [0, 0, 1]]
    )
    return to_center @ matrix @ from_center


def affine_matrix(theta=0, tx=0, ty=0, shear=0, zx=1, zy=1):
    """The 3x3 (row, col) matrix mapping output pixels to input pixels, or
    None for the identity (`tx`, `zx`: columns; `ty`, `zy`: rows)."""
    matrix = np.eye(3)
    changed = False
    if theta:
        t = np.deg2rad(theta)
        matrix = matrix @ np.array(
            [[np.cos(t), np.sin(t), 0], [-np.sin(t), np.cos(t), 0], [0, 0, 1]]
        )
        changed = True
    if tx or ty:
        matrix = matrix @ np.array([[1, 0, ty], [0, 1, tx], [0, 0, 1]])
        changed = True
    if shear:
        s = np.deg2rad(shear)
        matrix = matrix @ np.array(
            [[np.cos(s), 0, 0], [-np.sin(s), 1, 0], [0, 0, 1]]
        )
        changed = True
    if zx != 1 or zy != 1:
        matrix = matrix @ np.array([[zy, 0, 0], [0, zx, 0], [0, 0, 1]])
        changed = True
    return matrix if changed else None


def apply_affine_transform(x, theta=0, tx=0, ty=0, shear=0, zx=1, zy=1,
                           row_axis=1, col_axis=2, channel_axis=0,
                           fill_mode="nearest", cval=0.0, order=1):
    """Rotates (`theta` degrees), shifts (`tx` columns, `ty` rows), shears
    (`shear` degrees) and zooms (`zx` width, `zy` height) one image with
    `scipy.ndimage.affine_transform`.

    Args:
        x: 3-D image array.
        row_axis, col_axis, channel_axis: Axes of `x` (Keras 2 defaults:
            channels first, `1, 2, 0`).
        fill_mode: Points outside the image: `"constant"` (`cval`),
            `"nearest"`, `"reflect"` or `"wrap"`.
        order: Spline interpolation order (0 nearest, 1 bilinear, ...).
    """
    if fill_mode not in FILL_MODES:
        raise ValueError(
            f"`fill_mode` must be one of {FILL_MODES}. "
            f"Received: fill_mode={fill_mode}"
        )
    matrix = affine_matrix(theta, tx, ty, shear, zx, zy)
    if matrix is None:
        return x
    from scipy import ndimage

    x = np.asarray(x)
    matrix = _center(matrix, x.shape[row_axis], x.shape[col_axis])
    planes = np.moveaxis(x, (channel_axis, row_axis, col_axis), (0, 1, 2))
    warped = np.stack([
        ndimage.affine_transform(plane, matrix[:2, :2], matrix[:2, 2],
                                 order=order, mode=fill_mode, cval=cval)
        for plane in planes
    ])
    return np.moveaxis(warped, (0, 1, 2), (channel_axis, row_axis, col_axis))


def apply_channel_shift(x, intensity, channel_axis=0):
    """Adds `intensity` to every channel, clipped to the image's range."""
    low, high = np.min(x), np.max(x)
    planes = np.moveaxis(np.asarray(x), channel_axis, 0)
    shifted = np.stack([np.clip(p + intensity, low, high) for p in planes])
    return np.moveaxis(shifted, 0, channel_axis)


def random_channel_shift(x, intensity_range, channel_axis=0, rng=None):
    rng = rng or np.random
    intensity = rng.uniform(-intensity_range, intensity_range)
    return apply_channel_shift(x, intensity, channel_axis)


def apply_brightness_shift(x, brightness, scale=True, channel_axis=None):
    """Keras 2's brightness shift: the image goes through
    `PIL.ImageEnhance.Brightness` as 8-bit pixels, so the result holds whole
    numbers in [0, 255].

    Args:
        x: 3-D image.
        brightness: Factor (1 keeps the image, 0 makes it black).
        scale: Stretch the image's min..max to 0..255 first (as
            `array_to_img(scale=True)`). An image with values outside
            [0, 255] is always stretched, and with `scale=False` the result
            is mapped back to the original min..max.
        channel_axis: 0 or 2 (-1); default: the global image data format.

    >>> apply_brightness_shift(np.full((1, 2, 3), 100.0), 1.5, False)[0, 0]
    array([150., 150., 150.], dtype=float32)
    """
    from PIL import ImageEnhance

    x = np.asarray(x)
    if channel_axis is None:
        data_format = config.image_data_format()
    else:
        data_format = ("channels_first" if channel_axis % x.ndim == 0
                       else "channels_last")
    low, high = np.min(x), np.max(x)
    outside = bool(low < 0 or high > 255)
    img = array_to_img(x, data_format=data_format, scale=outside or scale)
    img = ImageEnhance.Brightness(img).enhance(brightness)
    out = img_to_array(img, data_format=data_format)
    if outside and not scale:
        out = out / 255 * (high - low) + low
    return out


def random_brightness(x, brightness_range, scale=True, rng=None):
    if len(brightness_range) != 2:
        raise ValueError(
            "`brightness_range` must be a tuple or list of two floats. "
            f"Received: brightness_range={brightness_range}"
        )
    rng = rng or np.random
    return apply_brightness_shift(
        x, rng.uniform(brightness_range[0], brightness_range[1]), scale
    )


def flip_axis(x, axis):
    return np.flip(np.asarray(x), axis)


def random_rotation(x, rg, row_axis=1, col_axis=2, channel_axis=0,
                    fill_mode="nearest", cval=0.0, interpolation_order=1,
                    rng=None):
    """Rotates by a random angle in `[-rg, rg]` degrees."""
    theta = (rng or np.random).uniform(-rg, rg)
    return apply_affine_transform(x, theta=theta, row_axis=row_axis,
                                  col_axis=col_axis, channel_axis=channel_axis,
                                  fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_shift(x, wrg, hrg, row_axis=1, col_axis=2, channel_axis=0,
                 fill_mode="nearest", cval=0.0, interpolation_order=1,
                 rng=None):
    """Shifts by random fractions `wrg` of the width, `hrg` of the height
    (drawn in Keras 2's order: height first)."""
    rng = rng or np.random
    ty = rng.uniform(-hrg, hrg) * x.shape[row_axis]
    tx = rng.uniform(-wrg, wrg) * x.shape[col_axis]
    return apply_affine_transform(x, tx=tx, ty=ty, row_axis=row_axis,
                                  col_axis=col_axis, channel_axis=channel_axis,
                                  fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_shear(x, intensity, row_axis=1, col_axis=2, channel_axis=0,
                 fill_mode="nearest", cval=0.0, interpolation_order=1,
                 rng=None):
    """Shears by a random angle in `[-intensity, intensity]` degrees."""
    shear = (rng or np.random).uniform(-intensity, intensity)
    return apply_affine_transform(x, shear=shear, row_axis=row_axis,
                                  col_axis=col_axis, channel_axis=channel_axis,
                                  fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_zoom(x, zoom_range, row_axis=1, col_axis=2, channel_axis=0,
                fill_mode="nearest", cval=0.0, interpolation_order=1,
                rng=None):
    """Zooms rows and columns by random factors in `zoom_range`."""
    if len(zoom_range) != 2:
        raise ValueError(
            "`zoom_range` must be a tuple or list of two floats. "
            f"Received: zoom_range={zoom_range}"
        )
    if zoom_range[0] == 1 and zoom_range[1] == 1:
        zx, zy = 1, 1
    else:
        zx, zy = (rng or np.random).uniform(zoom_range[0], zoom_range[1], 2)
    return apply_affine_transform(x, zx=zx, zy=zy, row_axis=row_axis,
                                  col_axis=col_axis, channel_axis=channel_axis,
                                  fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)
