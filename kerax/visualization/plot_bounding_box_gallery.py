"""`plot_bounding_box_gallery`: images with true and predicted boxes."""

from __future__ import annotations

import numpy as np

from kerax.visualization import _common
from kerax.visualization.draw_bounding_boxes import draw_bounding_boxes
from kerax.visualization.plot_image_gallery import plot_image_gallery


def plot_bounding_box_gallery(images, bounding_box_format, y_true=None,
                              y_pred=None, value_range=(0, 255),
                              true_color=(0, 188, 212),
                              pred_color=(255, 235, 59), line_thickness=2,
                              font_scale=1.0, text_thickness=None,
                              class_mapping=None, ground_truth_mapping=None,
                              prediction_mapping=None, legend=False,
                              legend_handles=None, rows=None, cols=None,
                              data_format=None, **kwargs):
    """Draws `y_true` and `y_pred` boxes (dicts as for
    `draw_bounding_boxes`) onto the images and plots them with
    `plot_image_gallery` (extra keyword arguments go there, e.g. `path`).

    `legend=True` adds "Ground Truth" and "Prediction" entries in the two
    colours; `ground_truth_mapping` / `prediction_mapping` override
    `class_mapping` for each set.

    >>> import numpy as np, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "boxes.png")
    >>> boxes = {"boxes": np.array([[[1, 1, 6, 6]]]), "labels": np.array([[0]])}
    >>> plot_bounding_box_gallery(np.zeros((1, 8, 8, 3)), "xyxy",
    ...                           y_true=boxes, legend=True, path=path)
    >>> os.path.getsize(path) > 0
    True
    """
    if legend and legend_handles:
        raise ValueError(
            "plot_bounding_box_gallery: pass `legend=True` or "
            "`legend_handles`, not both."
        )
    _common.pyplot()  # fails early, naming matplotlib, when missing
    data_format = _common.data_format_of(data_format)
    images = _common.channels_last(_common.batch_of_images(images),
                                   data_format)
    pixels = np.clip(_common.to_uint8_range(images, value_range), 0, 255)
    pixels = pixels.astype("uint8")
    draw_kwargs = {"bounding_box_format": bounding_box_format,
                   "line_thickness": line_thickness,
                   "text_thickness": text_thickness,
                   "font_scale": font_scale, "data_format": "channels_last"}
    if y_true is not None:
        pixels = draw_bounding_boxes(
            pixels, y_true, color=true_color,
            class_mapping=ground_truth_mapping or class_mapping,
            **draw_kwargs)
    if y_pred is not None:
        pixels = draw_bounding_boxes(
            pixels, y_pred, color=pred_color,
            class_mapping=prediction_mapping or class_mapping,
            **draw_kwargs)
    if legend:
        from matplotlib import patches

        legend_handles = [
            patches.Patch(color=np.asarray(true_color) / 255.0,
                          label="Ground Truth"),
            patches.Patch(color=np.asarray(pred_color) / 255.0,
                          label="Prediction"),
        ]
    return plot_image_gallery(pixels, value_range=(0, 255),
                              legend_handles=legend_handles, rows=rows,
                              cols=cols, data_format="channels_last",
                              **kwargs)
