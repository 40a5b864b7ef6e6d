"""`draw_segmentation_masks`: class masks painted over images."""

from __future__ import annotations

import numpy as np

from kerax.visualization import _common


def draw_segmentation_masks(images, segmentation_masks, num_classes=None,
                            color_mapping=None, alpha=0.8, blend=True,
                            ignore_index=-1, data_format=None):
    """Paints the pixels of each class `0 .. num_classes - 1` with its
    colour, blended with the image.

    Args:
        images: `(batch, height, width, channels)` images in [0, 255].
        segmentation_masks: integer masks `(batch, height, width)` or
            `(batch, height, width, 1)`.
        num_classes: number of classes (default: the largest mask value).
        color_mapping: dict from class id to an RGB colour (default: a
            fixed palette, class 0 black).
        alpha: opacity of the colours when blending.
        blend: blend with the image (uint8 result) or return the painted
            images as they are (float32).
        ignore_index: mask value left unpainted when blending.
        data_format: `"channels_last"` or `"channels_first"` (default: the
            configured image data format; masks follow it).

    Returns:
        NumPy images in the input's layout.

    >>> import numpy as np
    >>> out = draw_segmentation_masks(np.zeros((1, 1, 2, 3)),
    ...                               np.array([[[[1], [-1]]]]), num_classes=2,
    ...                               color_mapping={0: (0, 0, 0),
    ...                                              1: (100, 200, 0)},
    ...                               alpha=0.5)
    >>> out[0, 0].tolist()
    [[50, 100, 0], [0, 0, 0]]
    """
    data_format = _common.data_format_of(data_format)
    images = _common.batch_of_images(images)
    masks = np.asarray(segmentation_masks)
    if data_format == "channels_first":
        images = np.transpose(images, (0, 2, 3, 1))
        if masks.ndim == 4:
            masks = np.transpose(masks, (0, 2, 3, 1))
    if masks.dtype.kind not in "iu":
        raise TypeError(
            "`segmentation_masks` must have an integer dtype. "
            f"Received: dtype={masks.dtype}"
        )
    if masks.ndim == 4:
        if masks.shape[-1] != 1:
            raise ValueError(
                "`segmentation_masks` must be (batch, height, width) or "
                f"(batch, height, width, 1). Received: {masks.shape}"
            )
        masks = masks[..., 0]
    if masks.shape != images.shape[:3]:
        raise ValueError(
            "`segmentation_masks` must match the images' batch, height and "
            f"width {images.shape[:3]}. Received: {masks.shape}"
        )
    if num_classes is None:
        num_classes = int(masks.max())
    images = images.astype("float32")
    painted = images.copy()
    for class_id in range(num_classes):
        color = (color_mapping[class_id] if color_mapping is not None
                 else _palette_color(class_id))
        painted[masks == class_id] = np.asarray(color, "float32")[
            :images.shape[-1]]
    if blend:
        mixed = images * (1 - alpha) + painted * alpha
        valid = (masks != ignore_index)[..., None]
        painted = np.where(valid, mixed, images).astype("uint8")
    if data_format == "channels_first":
        painted = np.transpose(painted, (0, 3, 1, 2))
    return painted


def _palette_color(class_id):
    """Keras's default palette: `class_id * (2**25 - 1, 2**15 - 1,
    2**21 - 1) mod 255`."""
    base = np.array([2 ** 25 - 1, 2 ** 15 - 1, 2 ** 21 - 1])
    return ((class_id * base) % 255).tolist()
