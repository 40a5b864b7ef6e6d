"""Bounding-box utilities (Keras's `keras.utils.bounding_boxes`): the
implementation is `kerax.layers.preprocessing.bounding_boxes`, which the
geometric preprocessing layers use; this is its public path.

>>> import numpy as np
>>> convert_format(np.array([[10, 20, 30, 60]]), "xyxy", "xywh").tolist()
[[10.0, 20.0, 20.0, 40.0]]
"""

from kerax.layers.preprocessing.bounding_boxes import (
    SUPPORTED_FORMATS,
    affine_transform,
    clip_to_image_size,
    compute_ciou,
    compute_iou,
    convert_format,
    crop,
    decode_deltas_to_boxes,
    encode_box_to_deltas,
    pad,
)

__all__ = [
    "SUPPORTED_FORMATS", "affine_transform", "clip_to_image_size",
    "compute_ciou", "compute_iou", "convert_format", "crop",
    "decode_deltas_to_boxes", "encode_box_to_deltas", "pad",
]
