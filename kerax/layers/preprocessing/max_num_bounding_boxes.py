"""`MaxNumBoundingBoxes`: a fixed number of boxes per image.

>>> import numpy as np
>>> out = MaxNumBoundingBoxes(3)({
...     "images": np.zeros((1, 4, 4, 3)),
...     "bounding_boxes": {"boxes": np.ones((1, 2, 4)),
...                        "labels": np.array([[5, 6]])}})
>>> out["bounding_boxes"]["labels"].tolist()
[[5, 6, -1]]
"""

import jax.numpy as jnp

from kerax.layers.preprocessing.geometric_layer import GeometricImageLayer


class MaxNumBoundingBoxes(GeometricImageLayer):
    """Pads or truncates the boxes of each image to `max_number`.

    Takes `{"images", "bounding_boxes", ...}` dicts; boxes and labels
    beyond `max_number` are dropped and missing ones are filled with
    `fill_value`, so batches of images with different box counts get one
    static shape (one compiled step). Images, labels and masks pass
    through unchanged; a plain image tensor is returned as is.

    Args:
        max_number: int, the number of boxes per image.
        fill_value: value of the padded boxes and labels (default -1).
        bounding_box_format: accepted for symmetry with the other layers
            (boxes are not converted).
    """

    def __init__(self, max_number, fill_value=-1, **kwargs):
        super().__init__(**kwargs)
        if isinstance(max_number, bool) or int(max_number) < 1:
            raise ValueError(
                "MaxNumBoundingBoxes: `max_number` must be a positive int. "
                f"Received: max_number={max_number}"
            )
        self.max_number = int(max_number)
        self.fill_value = int(fill_value)
        self.bounding_box_format = self.bounding_box_format or "xyxy"

    def get_random_transformation(self, images_shape, training=True):
        return {"input_shape": tuple(images_shape)}

    def transform_images(self, images, transformation, training=True):
        return images

    def transform_segmentation_masks(self, segmentation_masks,
                                     transformation, training=True):
        return segmentation_masks

    def transform_bounding_boxes(self, bounding_boxes, transformation,
                                 training=True, height=None, width=None):
        boxes = bounding_boxes["boxes"][:, :self.max_number]
        labels = bounding_boxes["labels"][:, :self.max_number]
        missing = self.max_number - boxes.shape[1]
        boxes = jnp.pad(boxes, [(0, 0), (0, missing), (0, 0)],
                        constant_values=self.fill_value)
        label_pad = [(0, 0), (0, missing)] + [(0, 0)] * (labels.ndim - 2)
        labels = jnp.pad(labels, label_pad, constant_values=self.fill_value)
        result = dict(bounding_boxes)
        result["boxes"], result["labels"] = boxes, labels
        return result

    def _dict_output_shape(self, shapes):
        result = super()._dict_output_shape(shapes)
        if "bounding_boxes" in shapes:
            boxes = dict(shapes["bounding_boxes"])
            for key in ("boxes", "labels"):
                shape = list(boxes[key])
                shape[-2 if key == "boxes" else min(1, len(shape) - 1)] = (
                    self.max_number)
                boxes[key] = tuple(shape)
            result["bounding_boxes"] = boxes
        return result

    def get_config(self):
        config = super().get_config()
        config.update({"max_number": self.max_number,
                       "fill_value": self.fill_value})
        return config
