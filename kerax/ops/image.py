"""Image ops (`keras.ops.image`) on `(batch,) + HWC` or `CHW` tensors.

>>> resize(jnp.ones((4, 4, 3)), (2, 2)).shape
(2, 2, 3)
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from kerax import config
from kerax.ops.core import _convert
from kerax.ops.eager_jit import eager_jit
from kerax.ops.homography import homography_coefficients
from kerax.ops.image_sampling import sample_pixels
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


def _to_nhwc(images, data_format):
    """`images` (one image or a batch, in `data_format`) as a
    channels-last batch, and the function that puts a result of that
    layout back into the input's layout."""
    single = images.ndim == 3
    if single:
        images = images[None]
    first = data_format == "channels_first"
    if first:
        images = jnp.transpose(images, (0, 2, 3, 1))

    def restore(out):
        if first:
            out = jnp.transpose(out, (0, 3, 1, 2))
        return out[0] if single else out

    return images, restore


def _filter_channels(images, kernel, padding):
    """Correlates every channel of a channels-last batch with `kernel`:
    `(kh, kw)`, or `(kh, kw, k)` for `k` outputs per channel (output
    channel `k * c + j` is filter `j` on channel `c`)."""
    if kernel.ndim == 2:
        kernel = kernel[:, :, None]
    channels = images.shape[-1]
    kernel = jnp.tile(kernel[:, :, None, :], (1, 1, 1, channels))
    return jax.lax.conv_general_dilated(
        images, kernel.astype(images.dtype), (1, 1), padding,
        dimension_numbers=("NHWC", "HWIO", "NHWC"),
        feature_group_count=channels,
    )


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
    if not all(isinstance(d, int) for d in images.shape):
        # A symbolic (exported) batch: jax2onnx's resize needs static shapes.
        from kerax.ops.image_resize import resize_any_shape

        return resize_any_shape(images, shape, interpolation, antialias)
    return jax.image.resize(
        images, tuple(shape), method=interpolation, antialias=antialias
    )


@symbolic_op
@eager_jit
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


def _planes(images, data_format, prepare=None):
    """`(images, channel axis, [3 planes])`; `prepare` maps the whole
    float image before it is split."""
    images = _convert(images)
    _check_rank(images)
    if not jnp.issubdtype(images.dtype, jnp.floating):
        raise ValueError(
            "Invalid images dtype: expected float dtype. "
            f"Received: images.dtype={images.dtype}"
        )
    axis = -1 if config.standardize_data_format(data_format) == (
        "channels_last") else -3
    if prepare is not None:
        images = prepare(images)
    return images, axis, [jnp.take(images, i, axis=axis) for i in range(3)]


@symbolic_op
@eager_jit
def rgb_to_hsv(images, data_format=None):
    """RGB in [0, 1] to hue, saturation, value in [0, 1].

    >>> rgb_to_hsv(jnp.array([[[1.0, 0.0, 0.0]]])).tolist()
    [[[0.0, 1.0, 1.0]]]
    """
    # Tiny values are zeroed on the whole image before it is split: done
    # per plane, XLA wrote each plane to memory first (three extra
    # image-sized buffers and passes in RandomHue/RandomSaturation).
    def zero_tiny(x):
        return jnp.where(jnp.abs(x) < jnp.finfo(x.dtype).eps, 0.0, x)

    images, axis, (r, g, b) = _planes(images, data_format, zero_tiny)
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
@eager_jit
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


def _patches(images, size, strides, dilation_rate, padding, data_format):
    """Patches of `len(size)` spatial dims, gathered by a one-hot kernel
    that puts each (tap, channel) pair in its own output channel."""
    data_format = config.standardize_data_format(data_format)
    rank = len(size)
    images = _float(_convert(images))
    strides = size if strides is None else strides
    strides = (strides,) * rank if isinstance(strides, int) else tuple(
        strides)
    if len(strides) != rank:
        raise ValueError(f"Invalid `strides` argument. Got: {strides}")
    dilation = (dilation_rate,) * rank if isinstance(dilation_rate, int) else (
        tuple(dilation_rate))
    single = images.ndim == rank + 1
    if single:
        images = images[None]
    spatial = "DHW"[3 - rank:]
    layout = ("N" + spatial + "C" if data_format == "channels_last"
              else "NC" + spatial)
    channels = images.shape[layout.index("C")]
    taps = 1
    for s in size:
        taps *= s
    eye = jnp.eye(taps * channels, dtype=images.dtype)
    kernel = eye.reshape(*size, channels, -1)
    out = jax.lax.conv_general_dilated(
        images, kernel, window_strides=strides, padding=padding.upper(),
        rhs_dilation=dilation,
        dimension_numbers=(layout, spatial + "IO", layout),
    )
    return out[0] if single else out


@symbolic_op
@eager_jit
def extract_patches(
    images, size, strides=None, dilation_rate=1, padding="valid",
    data_format=None,
):
    """Extracts `size` patches into the channel axis, patch-major
    (`(h, w, patch_h * patch_w * channels)` for channels-last). A 3-long
    `size` extracts 3D patches from volumes, as `extract_patches_3d`.

    >>> extract_patches(jnp.ones((1, 4, 4, 2)), 2).shape
    (1, 2, 2, 8)
    """
    if isinstance(size, int):
        size = (size, size)
    elif not isinstance(size, (tuple, list)):
        raise TypeError(
            "Invalid `size` argument. Expected an int or a tuple. "
            f"Received: size={size} of type {type(size).__name__}"
        )
    elif len(size) not in (2, 3):
        raise ValueError(
            "Invalid `size` argument. Expected a tuple of length 2 or 3. "
            f"Received: size={size} with length {len(size)}"
        )
    return _patches(images, tuple(size), strides or None, dilation_rate,
                    padding, data_format)


@symbolic_op
@eager_jit
def extract_patches_3d(
    volumes, size, strides=None, dilation_rate=1, padding="valid",
    data_format=None,
):
    """Extracts `(depth, height, width)` patches from one volume
    `(d, h, w, c)` or a batch of them into the channel axis.

    >>> extract_patches_3d(jnp.ones((4, 4, 4, 1)), 2).shape
    (2, 2, 2, 8)
    """
    size = (size,) * 3 if isinstance(size, int) else tuple(size)
    if len(size) != 3:
        raise TypeError(
            "Invalid `size` argument. Expected an int or a tuple of length "
            f"3. Received: size={size}"
        )
    return _patches(volumes, size, strides, dilation_rate, padding,
                    data_format)


@symbolic_op
@eager_jit
def map_coordinates(
    inputs, coordinates, order, fill_mode="constant", fill_value=0
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
@eager_jit
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
    if transform.ndim == 1:
        transform = transform[None]
    images, restore = _to_nhwc(images, data_format)
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

    def sample_affine(image, t):
        # No projective part: one source point for all channels.
        plane_y, plane_x = y[..., 0], x[..., 0]
        src_y = t[3] * plane_x + t[4] * plane_y + t[5]
        src_x = t[0] * plane_x + t[1] * plane_y + t[2]
        return sample_pixels(image, src_y, src_x, _ORDERS[interpolation],
                             fill_mode, fill_value)

    affine_only = jnp.all(transform[:, 6:] == 0)
    warped = jax.lax.cond(
        affine_only,
        lambda: jax.vmap(sample_affine)(images, transform),
        lambda: jax.vmap(sample)(images, transform),
    )
    return restore(warped)


@symbolic_op
@eager_jit
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
    images, restore = _to_nhwc(images, data_format)
    kernels = []
    for size, s in zip(kernel_size, sigma):
        offsets = jnp.arange(size, dtype=images.dtype) - (size - 1) / 2
        weights = jnp.exp(-0.5 * jnp.square(offsets / s))
        kernels.append(weights / weights.sum())
    # As in Keras: the first (size, sigma) pair runs along the width axis.
    kernel = kernels[1][:, None] * kernels[0][None, :]
    return restore(_filter_channels(images, kernel, "SAME"))


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


def _check_points(points, name):
    if points.shape[-2:] != (4, 2) or points.ndim not in (2, 3):
        raise ValueError(
            f"Invalid {name} shape: expected (4,2) for a single image or "
            f"(N,4,2) for a batch. Received shape: {points.shape}"
        )


def _sample_channels(image, coords, order, fill_mode, fill_value):
    """Samples every channel of one channels-last image at `coords`
    (`(2,) + grid shape`, as row and column)."""
    def one(plane):
        return jax.scipy.ndimage.map_coordinates(
            plane, list(coords), order=order, mode=fill_mode,
            cval=fill_value,
        )

    return jnp.moveaxis(jax.vmap(one)(jnp.moveaxis(image, -1, 0)), 0, -1)


@symbolic_op
@eager_jit
def perspective_transform(
    images, start_points, end_points, interpolation="bilinear",
    fill_value=0, data_format=None,
):
    """Warps images so that the 4 `start_points` (`(x, y)` pairs, one set
    per image or shared) land on the `end_points`; pixels mapped from
    outside the input take `fill_value`.

    >>> corners = jnp.array([[0.0, 0.0], [0.0, 4.0], [4.0, 0.0], [4.0, 4.0]])
    >>> perspective_transform(jnp.ones((4, 4, 1)), corners, corners).shape
    (4, 4, 1)
    """
    data_format = config.standardize_data_format(data_format)
    if interpolation not in _ORDERS:
        raise ValueError(
            "Invalid value for argument `interpolation`. Expected of one "
            f"{set(_ORDERS)}. Received: interpolation={interpolation}"
        )
    images = _convert(images)
    _check_rank(images)
    start_points, end_points = _convert(start_points), _convert(end_points)
    _check_points(start_points, "start_points")
    _check_points(end_points, "end_points")
    if start_points.shape != end_points.shape:
        raise ValueError(
            "start_points and end_points must have the same shape. "
            f"Received start_points.shape={start_points.shape}, "
            f"end_points.shape={end_points.shape}"
        )
    images, restore = _to_nhwc(images, data_format)
    if start_points.ndim == 2:
        start_points, end_points = start_points[None], end_points[None]
    coeffs = homography_coefficients(start_points.astype("float32"),
                           end_points.astype("float32"))
    height, width = images.shape[1:3]
    y, x = jnp.meshgrid(jnp.arange(height), jnp.arange(width), indexing="ij")

    def warp(image, c):
        scale = c[6] * x + c[7] * y + 1.0
        src_x = (c[0] * x + c[1] * y + c[2]) / scale
        src_y = (c[3] * x + c[4] * y + c[5]) / scale
        return _sample_channels(image, (src_y, src_x), _ORDERS[interpolation],
                                "constant", fill_value)

    coeffs = jnp.broadcast_to(coeffs, (images.shape[0], 8))
    return restore(jax.vmap(warp)(images, coeffs))


@symbolic_op
def elastic_transform(
    images, alpha=20.0, sigma=5.0, interpolation="bilinear",
    fill_mode="reflect", fill_value=0.0, seed=None, data_format=None,
):
    """Elastic deformation: each pixel samples the input at its position
    plus `alpha` times Gaussian noise smoothed by a Gaussian of `sigma`.

    Matches Keras's JAX backend draw for draw: an int `seed` there is the
    key `[seed, 0]` (pass that array here for the same numbers), and the
    row and column displacements come from the same draw.

    >>> elastic_transform(jnp.ones((8, 8, 1)), seed=1).shape
    (8, 8, 1)
    """
    from kerax.random.seed_generator import draw_seed

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
    images = _convert(images)
    _check_rank(images)
    # The key is drawn here, eagerly (a generator advances as before);
    # the warp runs as one program when called eagerly.
    key = draw_seed(seed)
    size = int(6 * float(sigma)) | 1
    return _elastic_warp(images, key, alpha, sigma, size, interpolation,
                         fill_mode, fill_value, data_format)


@eager_jit
def _elastic_warp(images, key, alpha, sigma, size, interpolation, fill_mode,
                  fill_value, data_format):
    """`elastic_transform` from its drawn `key` and blur `size` on."""
    dtype = images.dtype
    images, restore = _to_nhwc(images, data_format)
    batch, height, width, _ = images.shape
    noise = jax.random.normal(
        key, (batch, height, width, 1), _float(images).dtype
    ) * sigma
    shift = gaussian_blur(noise, (size, size), (sigma, sigma),
                          data_format="channels_last")[..., 0]
    shift = jnp.asarray(alpha, "float32") * shift
    y, x = jnp.meshgrid(jnp.arange(height), jnp.arange(width), indexing="ij")

    def warp(image, d):
        return _sample_channels(image, (y + d, x + d), _ORDERS[interpolation],
                                fill_mode, fill_value)

    return restore(jax.vmap(warp)(images, shift).astype(dtype))


_SOBEL = ((-1.0, -2.0, -1.0), (0.0, 0.0, 0.0), (1.0, 2.0, 1.0))


@symbolic_op
@eager_jit
def sobel_edges(images, data_format=None):
    """Sobel gradients of each channel of a batch of images (zero padded,
    same size), stacked last as `[dy, dx]`: shape `images.shape + (2,)`.

    >>> sobel_edges(jnp.ones((1, 4, 4, 1))).shape
    (1, 4, 4, 1, 2)
    """
    data_format = config.standardize_data_format(data_format)
    images = _convert(images)
    if images.ndim != 4:
        raise ValueError(
            "Invalid images rank: expected rank 4 (batch of images). "
            f"Received: images.shape={images.shape}"
        )
    images, _ = _to_nhwc(images, data_format)
    vertical = jnp.asarray(_SOBEL)
    kernel = jnp.stack([vertical, vertical.T], axis=-1)
    out = _filter_channels(images, kernel, "SAME")
    out = out.reshape(out.shape[:-1] + (-1, 2))
    if data_format == "channels_first":
        out = jnp.transpose(out, (0, 3, 1, 2, 4))
    return out


@symbolic_op
@eager_jit
def ssim(
    image1, image2, max_val=1.0, filter_size=11, filter_sigma=1.5, k1=0.01,
    k2=0.03, data_format=None,
):
    """Structural similarity of two images (or batches), from Gaussian
    windowed statistics ("valid" windows), averaged over pixels and
    channels: a scalar per image.

    >>> float(ssim(jnp.ones((12, 12, 1)), jnp.ones((12, 12, 1))))
    1.0
    """
    data_format = config.standardize_data_format(data_format)
    image1, image2 = _convert(image1), _convert(image2)
    for name, image in (("image1", image1), ("image2", image2)):
        if image.ndim not in (3, 4):
            raise ValueError(
                f"Invalid {name} rank: expected rank 3 (single image) or "
                "rank 4 (batch of images). Received input with shape: "
                f"{name}.shape={image.shape}"
            )
    dtype = image1.dtype
    x1, x2 = _float(image1), _float(image2).astype(_float(image1).dtype)
    single = x1.ndim == 3
    x1, _ = _to_nhwc(x1, data_format)
    x2, _ = _to_nhwc(x2, data_format)
    if min(x1.shape[1:3]) < filter_size:
        raise ValueError(
            f"Images of size {x1.shape[1:3]} are smaller than the SSIM "
            f"filter (filter_size={filter_size}): the windowed statistics "
            "would be empty."
        )
    offsets = jnp.arange(filter_size, dtype=x1.dtype) - (filter_size - 1) / 2
    weights = jnp.exp(-jnp.square(offsets) / (2.0 * filter_sigma ** 2))
    weights = weights / jnp.sum(weights)
    kernel = jnp.outer(weights, weights)

    def window_mean(v):
        return _filter_channels(v, kernel, "VALID")

    c1, c2 = (k1 * max_val) ** 2, (k2 * max_val) ** 2
    mu1, mu2 = window_mean(x1), window_mean(x2)
    var1 = window_mean(x1 * x1) - mu1 * mu1
    var2 = window_mean(x2 * x2) - mu2 * mu2
    cov = window_mean(x1 * x2) - mu1 * mu2
    score = ((2.0 * mu1 * mu2 + c1) * (2.0 * cov + c2)) / (
        (mu1 * mu1 + mu2 * mu2 + c1) * (var1 + var2 + c2))
    score = jnp.mean(score, axis=(1, 2, 3))
    return (score[0] if single else score).astype(dtype)
