"""`plot_image_gallery`: a grid of images with optional labels."""

from __future__ import annotations

import math

import numpy as np

from kerax.visualization import _common


def plot_image_gallery(images, y_true=None, y_pred=None, label_map=None,
                       rows=None, cols=None, value_range=(0, 255), scale=2,
                       path=None, show=None, transparent=True, dpi=60,
                       legend_handles=None, data_format=None):
    """Shows or saves a `rows x cols` grid of images (matplotlib).

    Args:
        images: `(batch, height, width, channels)` images.
        y_true, y_pred: optional class ids per image, written as titles
            through `label_map` (required with them).
        rows, cols: grid size (default: a square-ish grid of the batch).
        value_range: the images' value range, mapped to [0, 255].
        scale: inches per grid cell.
        path: save the figure there (PNG by extension) instead of showing.
        show: show with `pyplot.show()` (default: when `path` is None).
        transparent: transparent background when saving.
        dpi: resolution when saving.
        legend_handles: matplotlib artists for a figure legend.
        data_format: `"channels_last"` or `"channels_first"`.

    >>> import numpy as np, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "gallery.png")
    >>> plot_image_gallery(np.zeros((4, 8, 8, 3)), path=path)
    >>> os.path.getsize(path) > 0
    True
    """
    if path is not None and show:
        raise ValueError(
            "plot_image_gallery: pass either `path` (save) or `show=True`, "
            "not both."
        )
    if (y_true is not None or y_pred is not None) and label_map is None:
        raise ValueError(
            "plot_image_gallery: `label_map` is required with `y_true` or "
            "`y_pred`."
        )
    plt = _common.pyplot()
    data_format = _common.data_format_of(data_format)
    images = _common.channels_last(_common.batch_of_images(images),
                                   data_format)
    show = path is None if show is None else show
    batch = images.shape[0]
    rows = rows or max(math.ceil(math.sqrt(batch)), 1)
    cols = cols or max(math.ceil(batch / rows), 1)
    pixels = np.clip(_common.to_uint8_range(images, value_range), 0, 255)
    pixels = pixels.astype("uint8")
    if pixels.shape[-1] == 1:
        pixels = pixels[..., 0]
    y_true = None if y_true is None else np.asarray(y_true)
    y_pred = None if y_pred is None else np.asarray(y_pred)

    figure, axes = plt.subplots(
        nrows=rows, ncols=cols, figsize=(cols * scale, rows * scale),
        frameon=False, squeeze=False,
    )
    figure.subplots_adjust(wspace=0, hspace=0)
    if legend_handles is not None:
        figure.legend(handles=legend_handles, loc="lower center")
    for index, axis in enumerate(axes.reshape(-1)):
        axis.axis("off")
        if index >= batch:
            continue
        axis.imshow(pixels[index], cmap="gray" if pixels.ndim == 3 else None)
        axis.margins(x=0, y=0)
        title = []
        if y_true is not None and index < len(y_true):
            title.append(f"Label: {label_map.get(y_true[index], 'Unknown')}")
        if y_pred is not None and index < len(y_pred):
            title.append(f"Pred: {label_map.get(y_pred[index], 'Unknown')}")
        if title:
            axis.set_title("  ".join(title), fontsize=8)
    if path is not None:
        figure.savefig(path, pad_inches=0, bbox_inches="tight",
                       transparent=transparent, dpi=dpi)
        plt.close(figure)
    elif show:
        plt.show()
        plt.close(figure)
