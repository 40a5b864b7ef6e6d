"""`smart_resize`: resizing without distorting the aspect ratio.

>>> import numpy as np
>>> smart_resize(np.ones((10, 20, 3)), (4, 4)).shape
(4, 4, 3)
"""

from __future__ import annotations

import numpy as np


def smart_resize(x, size, interpolation="bilinear",
                 data_format="channels_last"):
    """Crops the largest centred window of the target aspect ratio, then
    resizes it to `size` (Keras's `keras.preprocessing.image.smart_resize`).

    Args:
        x: an image `(height, width, channels)` or a batch of them (NumPy or
            JAX array; channels first with `data_format="channels_first"`).
        size: `(height, width)` of the result.
        interpolation: `"bilinear"` (default), `"nearest"`, `"bicubic"`,
            `"lanczos3"` or `"lanczos5"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Returns:
        The resized images, a NumPy array when `x` is one.
    """
    from kerax.ops import image as image_ops

    if len(size) != 2:
        raise ValueError(
            "smart_resize: `size` must be (height, width). "
            f"Received: size={size}"
        )
    shape = np.shape(x)
    if len(shape) not in (3, 4):
        raise ValueError(
            "smart_resize expects an image of rank 3 or a batch of rank 4. "
            f"Received: shape={shape}"
        )
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(
            "smart_resize: `data_format` must be 'channels_last' or "
            f"'channels_first'. Received: data_format={data_format!r}"
        )
    h_axis = len(shape) - (3 if data_format == "channels_last" else 2)
    height, width = shape[h_axis], shape[h_axis + 1]
    target_h, target_w = size
    crop_h = max(min(height, int(width * target_h / target_w)), 1)
    crop_w = max(min(width, int(height * target_w / target_h)), 1)
    top, left = (height - crop_h) // 2, (width - crop_w) // 2
    index = [slice(None)] * len(shape)
    index[h_axis] = slice(top, top + crop_h)
    index[h_axis + 1] = slice(left, left + crop_w)
    cropped = x[tuple(index)]
    resized = image_ops.resize(cropped, (target_h, target_w),
                               interpolation=interpolation,
                               data_format=data_format)
    if isinstance(x, np.ndarray):
        return np.asarray(resized)
    return resized
