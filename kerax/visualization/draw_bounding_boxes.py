"""`draw_bounding_boxes`: boxes and class names drawn onto images."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from kerax.layers.preprocessing.bounding_boxes import convert_format
from kerax.visualization import _common


def draw_bounding_boxes(images, bounding_boxes, bounding_box_format,
                        class_mapping=None, color=(128, 128, 128),
                        line_thickness=2, text_thickness=1, font_scale=1.0,
                        data_format=None):
    """Draws each image's boxes (and class names) with Pillow.

    Boxes whose label is -1 (padding) are skipped. Float images are
    taken as [0, 1] when their maximum is at most 1, else as [0, 255].

    Args:
        images: `(batch, height, width, channels)` images (channels first
            with `data_format="channels_first"`).
        bounding_boxes: dict with `"boxes"` `(batch, N, 4)`, `"labels"`
            `(batch, N)` and optionally `"confidences"` `(batch, N)`.
        bounding_box_format: the boxes' format (see
            `kerax.utils.bounding_boxes`).
        class_mapping: dict from class id to the name written above a box
            (no text when None or the id is missing).
        color: RGB colour of boxes and text.
        line_thickness: box outline width in pixels.
        text_thickness: stroke width of the text (`line_thickness` when
            None or 0).
        font_scale: text size, 1.0 being about 12 pixels.
        data_format: `"channels_last"` or `"channels_first"` (default:
            the configured image data format).

    Returns:
        uint8 NumPy images of the input's shape.

    >>> import numpy as np
    >>> out = draw_bounding_boxes(
    ...     np.zeros((1, 8, 8, 3)),
    ...     {"boxes": np.array([[[1, 1, 6, 6]]]), "labels": np.array([[0]])},
    ...     "xyxy", color=(255, 0, 0), line_thickness=1)
    >>> out[0, 1, 1].tolist(), out[0, 3, 3].tolist()
    ([255, 0, 0], [0, 0, 0])
    """
    data_format = _common.data_format_of(data_format)
    images = _common.batch_of_images(images)
    if not isinstance(bounding_boxes, dict):
        raise TypeError(
            "`bounding_boxes` must be a dict with 'boxes' and 'labels'. "
            f"Received: {type(bounding_boxes).__name__}"
        )
    if "boxes" not in bounding_boxes or "labels" not in bounding_boxes:
        raise ValueError(
            "`bounding_boxes` must have 'boxes' and 'labels' keys. "
            f"Received keys: {sorted(bounding_boxes)}"
        )
    class_mapping = class_mapping or {}
    text_thickness = text_thickness or line_thickness
    pixels = _to_uint8(_common.channels_last(images, data_format))
    height, width = pixels.shape[1:3]
    boxes = np.asarray(convert_format(bounding_boxes["boxes"],
                                      bounding_box_format, "xyxy",
                                      height, width))
    labels = np.asarray(bounding_boxes["labels"])
    confidences = bounding_boxes.get("confidences")
    if confidences is not None:
        confidences = np.asarray(confidences)
    font = _font(font_scale)
    drawn = []
    for i, image in enumerate(pixels):
        canvas, fill = _canvas(image, color)
        draw = ImageDraw.Draw(canvas)
        for j, box in enumerate(boxes[i]):
            label = int(labels[i][j])
            if label == -1:
                continue
            x1, y1, x2, y2 = (int(v) for v in box)
            draw.rectangle([x1, y1, x2, y2], outline=fill,
                           width=int(line_thickness))
            if label in class_mapping:
                text = str(class_mapping[label])
                if confidences is not None:
                    text = f"{text} | {float(confidences[i][j]):.2f}"
                draw.text(_text_origin(x1, y1, font_scale), text, fill=fill,
                          font=font, stroke_width=max(int(text_thickness) - 1,
                                                      0),
                          stroke_fill=fill)
        drawn.append(_from_canvas(canvas, image.shape))
    result = np.stack(drawn, axis=0)
    if data_format == "channels_first":
        result = np.transpose(result, (0, 3, 1, 2))
    return result


def _to_uint8(images):
    if images.dtype.kind == "f" and images.size:
        if images.max() <= 1.0:
            images = np.clip(images, 0, 1) * 255
        else:
            images = np.clip(images, 0, 255)
    return images.astype("uint8")


def _canvas(image, color):
    """A Pillow image of one HWC uint8 array and the fill for `color`."""
    channels = image.shape[-1]
    color = tuple(int(c) for c in color)
    if channels == 1:
        return Image.fromarray(image[..., 0], "L"), int(np.mean(color[:3]))
    if channels == 4:
        return Image.fromarray(image, "RGBA"), color[:3] + (255,)
    if channels == 3:
        return Image.fromarray(image, "RGB"), color[:3]
    raise ValueError(
        "draw_bounding_boxes draws on images with 1, 3 or 4 channels. "
        f"Received: {channels} channels"
    )


def _from_canvas(canvas, shape):
    return np.asarray(canvas, "uint8").reshape(shape)


def _font(font_scale):
    size = max(round(12 * font_scale), 1)
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1 has one fixed-size default font
        return ImageFont.load_default()


def _text_origin(x, y, font_scale):
    """Above the box when it fits, else just inside its top-left corner."""
    font_height = int(font_scale * 12)
    if y - 8 - 2 * font_height > 0:
        return x, y - 8 - font_height
    return x + 3, y + 3
