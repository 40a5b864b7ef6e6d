"""Image ops (`keras.ops.image`) on `(batch,) + HWC` or `CHW` tensors.

>>> resize(jnp.ones((4, 4, 3)), (2, 2)).shape
(2, 2, 3)
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from kerax import config
from kerax.ops.core import _convert
from kerax.ops.symbolic import symbolic_op

_RESIZE_METHODS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic")
_FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")
_ORDERS = {"nearest": 0, "bilinear": 1}


def _check_rank(images):
    if images.ndim not in (3, 4):
        raise ValueError(
            "Invalid images rank: expected rank 3 (single image) or rank 4 "
            "(batch of images). Received input with shape: "
            f"images.shape={images.shape}"
        )


def _hw_axes(images, data_format):
    """Indices of the height and width axes."""
    offset = images.ndim - 3
    if data_format == "channels_last":
        return offset, offset + 1
    return offset + 1, offset + 2


def _float(images):
    if not jnp.issubdtype(images.dtype, jnp.inexact):
        return images.astype(config.floatx())
    return images


@symbolic_op
def resize(
    images,
    size,
    interpolation="bilinear",
    antialias=False,
    crop_to_aspect_ratio=False,
    pad_to_aspect_ratio=False,
    fill_mode="constant",
    fill_value=0.0,
    data_format=None,
):
    """Resizes images to `size = (height, width)`, optionally cropping or
    padding (centered) to the target aspect ratio first.

    >>> resize(jnp.ones((1, 2, 2, 1)), (4, 6)).shape
    (1, 4, 6, 1)
    """
    data_format = config.standardize_data_format(data_format)
    if interpolation not in _RESIZE_METHODS:
        raise ValueError(
            "Invalid value for argument `interpolation`. Expected of one "
            f"{_RESIZE_METHODS}. Received: interpolation={interpolation}"
        )
    if fill_mode != "constant":
        raise ValueError(
            "Invalid value for argument `fill_mode`. Only `'constant'` is "
            f"supported. Received: fill_mode={fill_mode}"
        )
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError(
            "Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` can "
            "be `True`."
        )
    if len(size) != 2:
        raise ValueError(
            "Argument `size` must be a tuple of two elements (height, "
            f"width). Received: size={size}"
        )
    images = _convert(images)
    _check_rank(images)
    th, tw = (int(s) for s in size)
    h_axis, w_axis = _hw_axes(images, data_format)
    height, width = images.shape[h_axis], images.shape[w_axis]
    if crop_to_aspect_ratio:
        ch = max(min(height, int(width * th / tw)), 1)
        cw = max(min(width, int(height * tw / th)), 1)
        top, left = int((height - ch) / 2), int((width - cw) / 2)
        images = jax.lax.slice_in_dim(images, top, top + ch, axis=h_axis)
        images = jax.lax.slice_in_dim(images, left, left + cw, axis=w_axis)
    elif pad_to_aspect_ratio:
        ph = max(height, int(width * th / tw))
        pw = max(width, int(height * tw / th))
        top, left = int((ph - height) / 2), int((pw - width) / 2)
        widths = [(0, 0)] * images.ndim
        if top > 0:
            widths[h_axis] = (top, top)
        elif left > 0:
            widths[w_axis] = (left, left)
        images = jnp.pad(images, widths, constant_values=fill_value)
    shape = list(images.shape)
    shape[h_axis], shape[w_axis] = th, tw
    return jax.image.resize(
        images, tuple(shape), method=interpolation, antialias=antialias
    )


@symbolic_op
def rgb_to_grayscale(images, data_format=None):
    """Luma `0.2989 R + 0.5870 G + 0.1140 B`, keeping a channel axis.

    >>> rgb_to_grayscale(jnp.ones((2, 2, 3))).shape
    (2, 2, 1)
    """
    images = _convert(images)
    _check_rank(images)
    axis = -1 if config.standardize_data_format(data_format) == (
        "channels_last") else -3
    if images.shape[axis] not in (1, 3):
        raise ValueError(
            "Invalid channel size: expected 3 (RGB) or 1 (Grayscale). "
            f"Received input with shape: images.shape={images.shape}"
        )
    if images.shape[axis] == 1:
        return images
    dtype = images.dtype
    x = _float(images)
    weights = jnp.array([0.2989, 0.5870, 0.1140], x.dtype)
    gray = jnp.tensordot(x, weights, axes=([axis], [0]))
    return jnp.expand_dims(gray, axis).astype(dtype)


def _planes(images, data_format):
    images = _convert(images)
    _check_rank(images)
    if not jnp.issubdtype(images.dtype, jnp.floating):
        raise ValueError(
            "Invalid images dtype: expected float dtype. "
            f"Received: images.dtype={images.dtype}"
        )
    axis = -1 if config.standardize_data_format(data_format) == (
        "channels_last") else -3
    return images, axis, [jnp.take(images, i, axis=axis) for i in range(3)]


@symbolic_op
def rgb_to_hsv(images, data_format=None):
    """RGB in [0, 1] to hue, saturation, value in [0, 1].

    >>> rgb_to_hsv(jnp.array([[[1.0, 0.0, 0.0]]])).tolist()
    [[[0.0, 1.0, 1.0]]]
    """
    images, axis, (r, g, b) = _planes(images, data_format)
    eps = jnp.finfo(images.dtype).eps
    r, g, b = (jnp.where(jnp.abs(c) < eps, 0.0, c) for c in (r, g, b))
    value = jnp.maximum(jnp.maximum(r, g), b)
    spread = value - jnp.minimum(jnp.minimum(r, g), b)
    saturation = jnp.where(value > 0, spread / jnp.where(value > 0, value,
                                                          1.0), 0.0)
    norm = 1.0 / (6.0 * jnp.where(spread > 0, spread, 1.0))
    hue = jnp.where(value == g, norm * (b - r) + 2.0 / 6.0,
                    norm * (r - g) + 4.0 / 6.0)
    hue = jnp.where(value == r, norm * (g - b), hue)
    hue = jnp.where(spread > 0, hue, 0.0) + (hue < 0.0).astype(hue.dtype)
    return jnp.stack([hue, saturation, value], axis=axis)


@symbolic_op
def hsv_to_rgb(images, data_format=None):
    """Hue, saturation, value in [0, 1] to RGB.

    >>> hsv_to_rgb(jnp.array([[[0.0, 1.0, 1.0]]])).tolist()
    [[[1.0, 0.0, 0.0]]]
    """
    images, axis, (hue, saturation, value) = _planes(images, data_format)
    sector = jnp.mod(hue, 1.0) * 6.0
    red = jnp.clip(jnp.abs(sector - 3.0) - 1.0, 0.0, 1.0)
    green = jnp.clip(2.0 - jnp.abs(sector - 2.0), 0.0, 1.0)
    blue = jnp.clip(2.0 - jnp.abs(sector - 4.0), 0.0, 1.0)
    base = 1.0 - saturation
    planes = [value * (base + saturation * c) for c in (red, green, blue)]
    return jnp.stack(planes, axis=axis)


def _box(top, bottom, size, target, names):
    """Resolves (before, after) from any two of before/after/target."""
    given = [v is not None for v in (top, bottom, target)]
    if sum(given) != 2:
        raise ValueError(
            f"Exactly two of `{names[0]}`, `{names[1]}` and `{names[2]}` "
            f"must be set. Received: {names[0]}={top}, {names[1]}={bottom}, "
            f"{names[2]}={target}"
        )
    if top is None:
        top = target - size - bottom
    elif bottom is None:
        bottom = target - size - top
    return top, bottom


@symbolic_op
def pad_images(
    images,
    top_padding=None,
    left_padding=None,
    bottom_padding=None,
    right_padding=None,
    target_height=None,
    target_width=None,
    data_format=None,
):
    """Zero-pads images on each side (or up to a target size).

    >>> pad_images(jnp.ones((2, 2, 1)), 1, 1, 1, 1).shape
    (4, 4, 1)
    """
    images = _convert(images)
    _check_rank(images)
    h_axis, w_axis = _hw_axes(images,
                              config.standardize_data_format(data_format))
    top, bottom = _box(top_padding, bottom_padding, images.shape[h_axis],
                       target_height, ("top_padding", "bottom_padding",
                                       "target_height"))
    left, right = _box(left_padding, right_padding, images.shape[w_axis],
                       target_width, ("left_padding", "right_padding",
                                      "target_width"))
    if min(top, bottom, left, right) < 0:
        raise ValueError("Padding amounts must be non-negative.")
    widths = [(0, 0)] * images.ndim
    widths[h_axis], widths[w_axis] = (top, bottom), (left, right)
    return jnp.pad(images, widths)


@symbolic_op
def crop_images(
    images,
    top_cropping=None,
    left_cropping=None,
    bottom_cropping=None,
    right_cropping=None,
    target_height=None,
    target_width=None,
    data_format=None,
):
    """Crops images on each side (or down to a target size).

    >>> crop_images(jnp.ones((4, 4, 1)), 1, 1, 1, 1).shape
    (2, 2, 1)
    """
    images = _convert(images)
    _check_rank(images)
    h_axis, w_axis = _hw_axes(images,
                              config.standardize_data_format(data_format))
    height, width = images.shape[h_axis], images.shape[w_axis]
    top, bottom = _box(top_cropping, bottom_cropping, -height,
                       None if target_height is None else -target_height,
                       ("top_cropping", "bottom_cropping", "target_height"))
    left, right = _box(left_cropping, right_cropping, -width,
                       None if target_width is None else -target_width,
                       ("left_cropping", "right_cropping", "target_width"))
    images = jax.lax.slice_in_dim(images, top, height - bottom, axis=h_axis)
    return jax.lax.slice_in_dim(images, left, width - right, axis=w_axis)


@symbolic_op
def extract_patches(
    images, size, strides=None, dilation_rate=1, padding="valid",
    data_format=None,
):
    """Extracts `size` patches into the channel axis, patch-major
    (`(h, w, patch_h * patch_w * channels)` for channels-last).

    >>> extract_patches(jnp.ones((1, 4, 4, 2)), 2).shape
    (1, 2, 2, 8)
    """
    data_format = config.standardize_data_format(data_format)
    images = _float(_convert(images))
    size = (size, size) if isinstance(size, int) else tuple(size)
    strides = size if strides is None else (
        (strides, strides) if isinstance(strides, int) else tuple(strides))
    dilation = (dilation_rate,) * 2 if isinstance(dilation_rate, int) else (
        tuple(dilation_rate))
    single = images.ndim == 3
    if single:
        images = images[None]
    if data_format == "channels_last":
        images = jnp.transpose(images, (0, 3, 1, 2))
    channels = images.shape[1]
    # One-hot kernels put each (ky, kx, c) tap in its own output channel.
    eye = jnp.eye(size[0] * size[1] * channels, dtype=images.dtype)
    kernel = eye.reshape(size[0], size[1], channels, -1)
    out = jax.lax.conv_general_dilated(
        images, kernel, window_strides=strides, padding=padding.upper(),
        rhs_dilation=dilation,
        dimension_numbers=("NCHW", "HWIO", "NHWC"),
    )
    if data_format == "channels_first":
        out = jnp.transpose(out, (0, 3, 1, 2))
    return out[0] if single else out


@symbolic_op
def map_coordinates(
    inputs, coordinates, order, fill_mode="constant", fill_value=0.0
):
    """Samples `inputs` at `coordinates` (`(inputs.ndim, ...)`) with
    nearest (`order=0`) or linear (`order=1`) interpolation.

    >>> map_coordinates(jnp.arange(4.0), jnp.array([[1.5]]), 1).tolist()
    [1.5]
    """
    inputs, coordinates = _convert(inputs), _convert(coordinates)
    if coordinates.shape[0] != inputs.ndim:
        raise ValueError(
            "First dim of `coordinates` must be the same as the rank of "
            f"`inputs`. Received inputs with shape: {inputs.shape} and "
            f"coordinate leading dim of {coordinates.shape[0]}"
        )
    if fill_mode not in _FILL_MODES:
        raise ValueError(
            f"Invalid value for argument `fill_mode`. Expected one of "
            f"{_FILL_MODES}. Received: fill_mode={fill_mode}"
        )
    if order not in (0, 1):
        raise ValueError(
            f"Argument `order` must be 0 or 1. Received: order={order}"
        )
    return jax.scipy.ndimage.map_coordinates(
        inputs, list(coordinates), order, fill_mode, fill_value
    )


@symbolic_op
def affine_transform(
    images, transform, interpolation="bilinear", fill_mode="constant",
    fill_value=0, data_format=None,
):
    """Applies projective transforms `[a0, a1, a2, b0, b1, b2, c0, c1]`
    mapping each output pixel `(x, y)` to the input point
    `(a0 x + a1 y + a2, b0 x + b1 y + b2)`.

    >>> t = jnp.array([1.0, 0, 0, 0, 1.0, 0, 0, 0])
    >>> affine_transform(jnp.ones((3, 3, 1)), t).shape
    (3, 3, 1)
    """
    data_format = config.standardize_data_format(data_format)
    if interpolation not in _ORDERS:
        raise ValueError(
            "Invalid value for argument `interpolation`. Expected of one "
            f"{set(_ORDERS)}. Received: interpolation={interpolation}"
        )
    if fill_mode not in _FILL_MODES:
        raise ValueError(
            "Invalid value for argument `fill_mode`. Expected of one "
            f"{_FILL_MODES}. Received: fill_mode={fill_mode}"
        )
    images = _float(_convert(images))
    _check_rank(images)
    transform = _convert(transform).astype(images.dtype)
    single = images.ndim == 3
    if single:
        images = images[None]
    if transform.ndim == 1:
        transform = transform[None]
    if data_format == "channels_first":
        images = jnp.transpose(images, (0, 2, 3, 1))
    _, height, width, channels = images.shape
    y, x, c = jnp.meshgrid(jnp.arange(height), jnp.arange(width),
                           jnp.arange(channels), indexing="ij")
    y, x, c = (v.astype(images.dtype) for v in (y, x, c))

    def sample(image, t):
        # Keras's JAX backend also adds c0, c1 times the channel index.
        src_y = t[3] * x + t[4] * y + t[5] + t[6] * c
        src_x = t[0] * x + t[1] * y + t[2] + t[7] * c
        return jax.scipy.ndimage.map_coordinates(
            image, [src_y, src_x, c], order=_ORDERS[interpolation],
            mode=fill_mode, cval=fill_value,
        )

    out = jax.vmap(sample)(images, transform)
    if data_format == "channels_first":
        out = jnp.transpose(out, (0, 3, 1, 2))
    return out[0] if single else out


@symbolic_op
def gaussian_blur(
    images, kernel_size=(3, 3), sigma=(1.0, 1.0), data_format=None
):
    """Blurs each channel with a normalized Gaussian kernel ("same" size);
    like Keras, `kernel_size[0]`/`sigma[0]` apply along the width.

    >>> gaussian_blur(jnp.ones((1, 5, 5, 1))).shape
    (1, 5, 5, 1)
    """
    data_format = config.standardize_data_format(data_format)
    images = _float(_convert(images))
    _check_rank(images)
    single = images.ndim == 3
    if single:
        images = images[None]
    if data_format == "channels_first":
        images = jnp.transpose(images, (0, 2, 3, 1))
    kernels = []
    for size, s in zip(kernel_size, sigma):
        offsets = jnp.arange(size, dtype=images.dtype) - (size - 1) / 2
        weights = jnp.exp(-0.5 * jnp.square(offsets / s))
        kernels.append(weights / weights.sum())
    # As in Keras: the first (size, sigma) pair runs along the width axis.
    kernel = kernels[1][:, None] * kernels[0][None, :]
    channels = images.shape[-1]
    kernel = jnp.tile(kernel[:, :, None, None], (1, 1, 1, channels))
    out = jax.lax.conv_general_dilated(
        images, kernel, (1, 1), "SAME",
        dimension_numbers=("NHWC", "HWIO", "NHWC"),
        feature_group_count=channels,
    )
    if data_format == "channels_first":
        out = jnp.transpose(out, (0, 3, 1, 2))
    return out[0] if single else out


@symbolic_op
def scale_and_translate(
    images, output_shape, scale, translation, spatial_dims, method,
    antialias=True,
):
    """`jax.image.scale_and_translate` (resampling with scale and offset).

    >>> scale_and_translate(jnp.ones((4, 4)), (2, 2), jnp.array([0.5, 0.5]),
    ...                     jnp.zeros(2), (0, 1), "linear").shape
    (2, 2)
    """
    return jax.image.scale_and_translate(
        _float(_convert(images)), tuple(output_shape), tuple(spatial_dims),
        _convert(scale), _convert(translation), method, antialias=antialias,
    )
