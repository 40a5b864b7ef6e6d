"""VGG19 (Simonyan & Zisserman, ICLR 2015), as `keras.applications.vgg19`.

VGG16 with a fourth convolution in blocks 3, 4 and 5 (2, 2, 4, 4, 4 per
block); same layer names as Keras, so Keras's ImageNet weight files load.

>>> from kerax.applications import VGG19
>>> model = VGG19(weights=None, include_top=False, input_shape=(32, 32, 3))
>>> model.output_shape
(None, 1, 1, 512)
"""

from __future__ import annotations

from kerax.applications import imagenet_utils
from kerax.applications.vgg16 import _ARGS_DOC, build_vgg

WEIGHTS_PATH = (
    "https://storage.googleapis.com/tensorflow/keras-applications/"
    "vgg19/vgg19_weights_tf_dim_ordering_tf_kernels.h5")
WEIGHTS_PATH_NO_TOP = (
    "https://storage.googleapis.com/tensorflow/keras-applications/"
    "vgg19/vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5")
_HASHES = ("cbe5617147190e668d6c5d5026f83318",   # with the top
           "253f8cb515780f3b799900260a226db6")   # without


def VGG19(include_top=True, weights="imagenet", input_tensor=None,
          input_shape=None, pooling=None, classes=1000,
          classifier_activation="softmax", name="vgg19"):
    """Instantiates the VGG19 model (144M parameters with the top,
    20M without)."""
    return build_vgg(
        (2, 2, 4, 4, 4), name, (WEIGHTS_PATH, WEIGHTS_PATH_NO_TOP), _HASHES,
        include_top=include_top, weights=weights, input_tensor=input_tensor,
        input_shape=input_shape, pooling=pooling, classes=classes,
        classifier_activation=classifier_activation)


VGG19.__doc__ += _ARGS_DOC.format(module="vgg19", name="vgg19")


def preprocess_input(x, data_format=None):
    """Preprocesses a batch of RGB images (0-255) for VGG19: RGB to BGR,
    then each channel zero-centered with ImageNet's means, no scaling
    (`imagenet_utils.preprocess_input` with `mode="caffe"`)."""
    return imagenet_utils.preprocess_input(x, data_format=data_format,
                                           mode="caffe")


def decode_predictions(preds, top=5):
    """Decodes ImageNet predictions; see
    `kerax.applications.imagenet_utils.decode_predictions`."""
    return imagenet_utils.decode_predictions(preds, top=top)
