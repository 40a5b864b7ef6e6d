"""`GeometricImageLayer`: what the geometric image layers share.

Besides image tensors, these layers take Keras 3's dict inputs
`{"images", "bounding_boxes", "labels", "segmentation_masks"}` (every
key but `"images"` optional; other keys pass through). One random
transformation per call is drawn from the images' shape and applied to
everything in the dict:

- images are warped with the layer's interpolation (compute dtype);
- `bounding_boxes` (`{"boxes": (batch, N, 4) or (N, 4), "labels": ...}`
  in the layer's `bounding_box_format`) are moved with the pixels,
  clipped to the output image, and boxes left empty get label -1;
- `segmentation_masks` are warped with nearest-neighbour sampling and
  keep their dtype;
- `labels` are unchanged.

Subclasses implement `get_random_transformation(images_shape, training)`
(None: the identity), `_warp(images, transformation, interpolation)`
for batched images and `_transform_xyxy(boxes, transformation, height,
width)` returning absolute `xyxy` boxes in the output frame; they may set
`_output_hw(height, width)` when the size changes.
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from kerax.layers.preprocessing import bounding_boxes as bbox_utils
from kerax.layers.preprocessing.image_layer import BaseImageLayer


class GeometricImageLayer(BaseImageLayer):
    """Base of the geometric layers: images, boxes, masks and labels."""

    interpolation = "bilinear"

    def __init__(self, bounding_box_format=None, data_format=None, **kwargs):
        # Images are cast in `transform_images`; boxes stay float32 under
        # a mixed-precision policy (no cast of every float input).
        kwargs.setdefault("autocast", False)
        super().__init__(data_format=data_format, **kwargs)
        if bounding_box_format is not None:
            bbox_utils._check_format(bounding_box_format,
                                     "bounding_box_format")
        self.bounding_box_format = bounding_box_format

    # ------------------------------------------------------ overridable
    def get_random_transformation(self, images_shape, training=True):
        """The transformation for batched images of `images_shape` (a
        dict of arrays), or None for the identity."""
        return None

    def _warp(self, images, transformation, interpolation):
        return images

    def _transform_xyxy(self, boxes, transformation, height, width):
        return boxes

    def _output_hw(self, height, width):
        return height, width

    # ------------------------------------------------------ transforms
    def transform_images(self, images, transformation, training=True):
        """Batched images through `transformation` (compute dtype)."""
        images = self._to_compute(images)
        if transformation is None:
            return images
        return self._warp(images, transformation, self.interpolation)

    def transform_labels(self, labels, transformation, training=True):
        """Labels are not changed by a geometric transform."""
        return labels

    def transform_segmentation_masks(self, segmentation_masks,
                                     transformation, training=True):
        """Batched masks through `transformation`, nearest sampling."""
        masks = jnp.asarray(segmentation_masks)
        if transformation is None:
            return masks
        dtype = masks.dtype
        warped = self._warp(masks.astype(self._float_dtype()),
                            transformation, "nearest")
        if jnp.issubdtype(dtype, jnp.integer):
            warped = jnp.round(warped)
        return warped.astype(dtype)

    def transform_bounding_boxes(self, bounding_boxes, transformation,
                                 training=True, height=None, width=None):
        """Batched `{"boxes", "labels"}` through `transformation`, in the
        layer's `bounding_box_format`; `height`/`width` are the input
        image's size (default: from the transformation's
        `"input_shape"`)."""
        if transformation is None:
            return bounding_boxes
        if height is None or width is None:
            height, width = self._hw(transformation["input_shape"])
        fmt = self.bounding_box_format
        boxes = bbox_utils.convert_format(bounding_boxes["boxes"], fmt,
                                          "xyxy", height, width)
        boxes = self._transform_xyxy(boxes, transformation, height, width)
        out_h, out_w = self._output_hw(height, width)
        result = dict(bounding_boxes)
        result["boxes"] = boxes
        result = bbox_utils.clip_to_image_size(result, out_h, out_w, "xyxy")
        result["boxes"] = bbox_utils.convert_format(result["boxes"], "xyxy",
                                                    fmt, out_h, out_w)
        return result

    # ------------------------------------------------------ dispatch
    def call(self, data, training=True):
        is_dict = isinstance(data, dict)
        if is_dict and "images" not in data:
            raise ValueError(
                f"{self.__class__.__name__} expects a dict input to have an "
                f"'images' key. Received keys: {sorted(data)}"
            )
        images, unbatched = self._batched(data["images"] if is_dict
                                          else data)
        transformation = self.get_random_transformation(images.shape,
                                                        training=training)
        out_images = self.transform_images(images, transformation, training)
        if not is_dict:
            return out_images[0] if unbatched else out_images
        result = dict(data)
        result["images"] = out_images[0] if unbatched else out_images
        height, width = self._hw(images.shape)
        if "bounding_boxes" in data:
            if not self.bounding_box_format:
                raise ValueError(
                    f"{self.__class__.__name__} received 'bounding_boxes' "
                    "but no `bounding_box_format`; pass one to the layer, "
                    "e.g. `bounding_box_format='xyxy'`."
                )
            boxes = densify_bounding_boxes(data["bounding_boxes"], unbatched)
            boxes = self.transform_bounding_boxes(
                boxes, transformation, training, height=height, width=width,
            )
            result["bounding_boxes"] = (_unbatch_boxes(boxes) if unbatched
                                        else boxes)
        if "labels" in data:
            result["labels"] = self.transform_labels(
                jnp.asarray(data["labels"]), transformation, training
            )
        if "segmentation_masks" in data:
            masks = jnp.asarray(data["segmentation_masks"])
            masks = self.transform_segmentation_masks(
                masks[None] if unbatched else masks, transformation, training
            )
            result["segmentation_masks"] = masks[0] if unbatched else masks
        return result

    # ------------------------------------------------------ shapes
    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, dict):
            return self._dict_output_shape(input_shape)
        return self._image_output_shape(tuple(input_shape))

    def _image_output_shape(self, input_shape):
        return tuple(input_shape)

    def _dict_output_shape(self, shapes):
        result = dict(shapes)
        result["images"] = self._image_output_shape(tuple(shapes["images"]))
        if "segmentation_masks" in shapes:
            result["segmentation_masks"] = self._image_output_shape(
                tuple(shapes["segmentation_masks"]))
        return result

    def _float_dtype(self):
        dtype = jnp.dtype(self.compute_dtype)
        return dtype if jnp.issubdtype(dtype, jnp.floating) else "float32"

    def get_config(self):
        config = super().get_config()
        if self.bounding_box_format is not None:
            config["bounding_box_format"] = self.bounding_box_format
        return config


def densify_bounding_boxes(bounding_boxes, unbatched=False,
                           max_boxes=None):
    """`{"boxes": float32 (batch, N, 4), "labels": (batch, N)}` from a
    dict of arrays or (ragged) nested lists; short rows are padded with
    zero boxes and label -1. `unbatched` adds the batch axis.

    >>> out = densify_bounding_boxes({"boxes": [[[0, 0, 1, 1]], []],
    ...                               "labels": [[3], []]})
    >>> out["boxes"].shape, out["labels"].tolist()
    ((2, 1, 4), [[3], [-1]])
    """
    if (not isinstance(bounding_boxes, dict) or "boxes" not in bounding_boxes
            or "labels" not in bounding_boxes):
        raise ValueError(
            "`bounding_boxes` must be a dict with 'boxes' and 'labels' "
            f"keys. Received: {bounding_boxes!r}"
        )
    boxes, labels = bounding_boxes["boxes"], bounding_boxes["labels"]
    if isinstance(boxes, (list, tuple)):
        rows = [boxes] if unbatched else list(boxes)
        label_rows = [labels] if unbatched else list(labels)
        if len(rows) != len(label_rows):
            raise ValueError(
                "`bounding_boxes['boxes']` and `['labels']` must have the "
                f"same length. Received {len(rows)} and {len(label_rows)}."
            )
        size = max_boxes or max([len(r) for r in rows] + [0])
        dense = np.zeros((len(rows), size, 4), "float32")
        dense_labels = np.full((len(rows), size), -1, "int32")
        for i, (row, label_row) in enumerate(zip(rows, label_rows)):
            row = np.asarray(row, "float32").reshape(-1, 4)[:size]
            dense[i, :len(row)] = row
            dense_labels[i, :len(row)] = np.asarray(label_row)[:size]
        boxes, labels = jnp.asarray(dense), jnp.asarray(dense_labels)
    else:
        boxes = jnp.asarray(boxes, "float32")
        labels = jnp.asarray(labels)
        expected = 2 if unbatched else 3
        if boxes.ndim != expected or boxes.shape[-1] != 4:
            raise ValueError(
                f"Expected `bounding_boxes['boxes']` of shape "
                f"{'(num_boxes, 4)' if unbatched else '(batch, num_boxes, 4)'}"
                f" for {'unbatched' if unbatched else 'batched'} images. "
                f"Received: shape={boxes.shape}"
            )
        if unbatched:
            boxes, labels = boxes[None], labels[None]
    result = dict(bounding_boxes)
    result["boxes"], result["labels"] = boxes, labels
    return result


def _unbatch_boxes(bounding_boxes):
    result = dict(bounding_boxes)
    result["boxes"] = bounding_boxes["boxes"][0]
    result["labels"] = bounding_boxes["labels"][0]
    return result


def boxes_through_matrix(boxes, matrix):
    """Absolute xyxy boxes `(batch, N, 4)` moved by the image transform
    whose `(batch, 8)` rows map output pixels to input pixels (Keras's
    `[a0, a1, a2, b0, b1, b2, c0, c1]`): the corners go through the
    inverse map and each result encloses them.

    >>> import numpy as np
    >>> shift_right_by_2 = np.array([[1., 0., -2., 0., 1., 0., 0., 0.]])
    >>> boxes_through_matrix(np.array([[[1., 1., 3., 4.]]]),
    ...                      shift_right_by_2).tolist()
    [[[3.0, 1.0, 5.0, 4.0]]]
    """
    boxes, matrix = jnp.asarray(boxes), jnp.asarray(matrix)
    rows = jnp.concatenate(
        [matrix.astype(boxes.dtype),
         jnp.ones(matrix.shape[:-1] + (1,), boxes.dtype)], axis=-1,
    ).reshape(matrix.shape[:-1] + (3, 3))
    inverse = jnp.linalg.inv(rows)
    x1, y1, x2, y2 = (boxes[..., i] for i in range(4))
    xs = jnp.stack([x1, x2, x2, x1], axis=-1)
    ys = jnp.stack([y1, y1, y2, y2], axis=-1)
    points = jnp.stack([xs, ys, jnp.ones_like(xs)], axis=-1)
    moved = jnp.einsum("bnkj,bij->bnki", points, inverse)
    px = moved[..., 0] / moved[..., 2]
    py = moved[..., 1] / moved[..., 2]
    return jnp.stack([px.min(-1), py.min(-1), px.max(-1), py.max(-1)],
                     axis=-1)
