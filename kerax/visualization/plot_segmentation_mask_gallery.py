"""`plot_segmentation_mask_gallery`: images next to their masks."""

from __future__ import annotations

import numpy as np

from kerax.visualization import _common
from kerax.visualization.draw_segmentation_masks import (
    draw_segmentation_masks,
)
from kerax.visualization.plot_image_gallery import plot_image_gallery


def plot_segmentation_mask_gallery(images, num_classes, value_range=(0, 255),
                                   y_true=None, y_pred=None,
                                   color_mapping=None, blend=True, alpha=0.8,
                                   ignore_index=-1, data_format=None,
                                   **kwargs):
    """One row per image: the image, then `y_true` and `y_pred` masks
    drawn over it (`draw_segmentation_masks`), plotted with
    `plot_image_gallery` (extra keyword arguments go there, e.g. `path`).

    >>> import numpy as np, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "masks.png")
    >>> plot_segmentation_mask_gallery(
    ...     np.zeros((2, 4, 4, 3)), num_classes=2,
    ...     y_true=np.ones((2, 4, 4, 1), "int32"), path=path)
    >>> os.path.getsize(path) > 0
    True
    """
    data_format = _common.data_format_of(data_format)
    images = _common.channels_last(_common.batch_of_images(images),
                                   data_format)
    pixels = np.clip(_common.to_uint8_range(images, value_range), 0, 255)
    draw = {"num_classes": num_classes, "color_mapping": color_mapping,
            "alpha": alpha, "ignore_index": ignore_index, "blend": blend,
            "data_format": "channels_last"}
    columns = [pixels]
    for masks in (y_true, y_pred):
        if masks is None:
            continue
        masks = np.asarray(masks)
        if data_format == "channels_first" and masks.ndim == 4:
            masks = np.transpose(masks, (0, 2, 3, 1))
        columns.append(draw_segmentation_masks(
            pixels, masks.astype("int32"), **draw).astype("float32"))
    gallery = np.stack(columns, axis=1).reshape((-1,) + pixels.shape[1:])
    return plot_image_gallery(gallery, value_range=(0, 255),
                              rows=images.shape[0], cols=len(columns),
                              data_format="channels_last", **kwargs)
