"""`keras.applications.resnet50`: the ResNet50 names of
`kerax.applications.resnet`, for code that imports them from here.

>>> from kerax.applications import resnet, resnet50
>>> resnet50.ResNet50 is resnet.ResNet50
True
"""

from kerax.applications.resnet import (
    ResNet50,
    decode_predictions,
    preprocess_input,
)

__all__ = ["ResNet50", "decode_predictions", "preprocess_input"]
