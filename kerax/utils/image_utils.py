"""Image files <-> NumPy arrays, with Pillow: `load_img`, `img_to_array`,
`array_to_img`, `save_img`.

>>> import numpy as np, os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "red.png")
>>> save_img(path, np.full((4, 6, 3), [255, 0, 0]), scale=False)
>>> x = img_to_array(load_img(path))
>>> x.shape, x.dtype, x[0, 0].tolist()
((4, 6, 3), dtype('float32'), [255.0, 0.0, 0.0])
"""

import io
import os
import pathlib
import warnings

import numpy as np

from kerax import config


def _pil():
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow is a dependency
        raise ImportError(
            "Image utilities need Pillow: `pip install pillow`."
        ) from None
    return Image


def interpolation_methods():
    """Names accepted by `load_img(interpolation=...)`, to Pillow filters."""
    resampling = _pil().Resampling
    return {
        "nearest": resampling.NEAREST,
        "bilinear": resampling.BILINEAR,
        "bicubic": resampling.BICUBIC,
        "hamming": resampling.HAMMING,
        "box": resampling.BOX,
        "lanczos": resampling.LANCZOS,
    }


def array_to_img(x, data_format=None, scale=True, dtype=None):
    """Converts a 3-D array (one image) to a PIL image.

    Args:
        x: Array of shape `(height, width, channels)` (or channels first),
            with 1, 3 or 4 channels.
        data_format: `"channels_last"` or `"channels_first"`; default: the
            global setting.
        scale: Rescale values so that min..max maps to 0..255.
        dtype: Working dtype; default `kerax.config.floatx()`.

    >>> array_to_img(np.zeros((2, 3, 1))).size
    (3, 2)
    """
    data_format = config.standardize_data_format(data_format)
    x = np.array(x, dtype=dtype or config.floatx())
    if x.ndim != 3:
        raise ValueError(
            "Expected image array to have rank 3 (single image). "
            f"Received: x.shape={x.shape}"
        )
    if data_format == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        peak = np.max(x)
        if peak != 0:
            x /= peak
        x *= 255
    image = _pil()
    channels = x.shape[2]
    if channels == 4:
        return image.fromarray(x.astype("uint8"), "RGBA")
    if channels == 3:
        return image.fromarray(x.astype("uint8"), "RGB")
    if channels == 1:
        if np.max(x) > 255:
            return image.fromarray(x[:, :, 0].astype("int32"), "I")
        return image.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(
        "Images must have 1, 3 or 4 channels. "
        f"Received: x.shape={x.shape} ({channels} channels)"
    )


def img_to_array(img, data_format=None, dtype=None):
    """Converts a PIL image to a 3-D NumPy array (`floatx` by default).

    >>> img_to_array(array_to_img(np.ones((2, 3, 3)))).shape
    (2, 3, 3)
    """
    data_format = config.standardize_data_format(data_format)
    x = np.asarray(img, dtype=dtype or config.floatx())
    if x.ndim == 2:
        x = x[np.newaxis] if data_format == "channels_first" else x[..., None]
    elif x.ndim == 3:
        if data_format == "channels_first":
            x = x.transpose(2, 0, 1)
    else:
        raise ValueError(f"Unsupported image shape: {x.shape}")
    return x


def save_img(path, x, data_format=None, file_format=None, scale=True,
             **kwargs):
    """Saves an image array to a file (format from the extension, or
    `file_format`; `**kwargs` go to `PIL.Image.save`)."""
    if file_format is None and isinstance(path, (str, pathlib.Path)):
        file_format = pathlib.Path(path).suffix[1:].lower() or None
    if file_format and file_format.lower() == "jpg":
        file_format = "jpeg"
    img = array_to_img(x, data_format=data_format, scale=scale)
    if img.mode == "RGBA" and file_format == "jpeg":
        warnings.warn(
            "The JPEG format does not support RGBA images, converting to "
            "RGB.",
            stacklevel=2,
        )
        img = img.convert("RGB")
    img.save(path, format=file_format, **kwargs)


def _center_crop_box(size, target):
    """Keras's `keep_aspect_ratio` crop box for (width, height) `size`."""
    width, height = size
    target_width, target_height = target
    crop_height = min(height, (width * target_height) // target_width)
    crop_width = min(width, (height * target_width) // target_height)
    top = (height - crop_height) // 2
    left = (width - crop_width) // 2
    return (left, top, left + crop_width, top + crop_height)


def load_img(path, color_mode="rgb", target_size=None,
             interpolation="nearest", keep_aspect_ratio=False):
    """Loads an image file into a PIL image.

    Args:
        path: Path (str or `pathlib.Path`) or `io.BytesIO`.
        color_mode: `"rgb"`, `"rgba"` or `"grayscale"`.
        target_size: `None` (original size) or `(height, width)`.
        interpolation: Resampling filter used when resizing: `"nearest"`,
            `"bilinear"`, `"bicubic"`, `"hamming"`, `"box"`, `"lanczos"`.
        keep_aspect_ratio: Center-crop to the target aspect ratio before
            resizing, instead of stretching.
    """
    image = _pil()
    if isinstance(path, io.BytesIO):
        img = image.open(path)
    elif isinstance(path, (str, bytes, os.PathLike)):
        with open(path, "rb") as f:
            img = image.open(io.BytesIO(f.read()))
    else:
        raise TypeError(
            "`path` must be a path or an io.BytesIO. "
            f"Received: path={path!r} of type {type(path)}"
        )
    if color_mode == "grayscale":
        if img.mode not in ("L", "I;16", "I"):
            img = img.convert("L")
    elif color_mode in ("rgb", "rgba"):
        if img.mode != color_mode.upper():
            img = img.convert(color_mode.upper())
    else:
        raise ValueError(
            '`color_mode` must be "grayscale", "rgb" or "rgba". '
            f"Received: color_mode={color_mode}"
        )
    if target_size is None:
        return img
    size = (int(target_size[1]), int(target_size[0]))
    if img.size == size:
        return img
    methods = interpolation_methods()
    if interpolation not in methods:
        raise ValueError(
            f"Invalid interpolation method. Expected one of {list(methods)}. "
            f"Received: interpolation={interpolation}"
        )
    box = _center_crop_box(img.size, size) if keep_aspect_ratio else None
    return img.resize(size, methods[interpolation], box=box)
