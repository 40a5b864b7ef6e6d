"""VGG16 (Simonyan & Zisserman, ICLR 2015), as `keras.applications.vgg16`.

Five blocks of 3x3 "same" ReLU convolutions (2, 2, 3, 3, 3 of them with
64, 128, 256, 512, 512 filters), each block ending in a 2x2 max pool; on
top, Flatten and two 4096-unit ReLU layers before the classifier. The
layer names are Keras's, so Keras's ImageNet weight files load into it.

>>> from kerax.applications import VGG16
>>> model = VGG16(weights=None, include_top=False, input_shape=(32, 32, 3),
...               pooling="max")
>>> model.output_shape
(None, 512)

`build_vgg` is the builder VGG16 and VGG19 share.
"""

from __future__ import annotations

from kerax import config
from kerax.applications import imagenet_utils, pretrained

WEIGHTS_PATH = (
    "https://storage.googleapis.com/tensorflow/keras-applications/"
    "vgg16/vgg16_weights_tf_dim_ordering_tf_kernels.h5")
WEIGHTS_PATH_NO_TOP = (
    "https://storage.googleapis.com/tensorflow/keras-applications/"
    "vgg16/vgg16_weights_tf_dim_ordering_tf_kernels_notop.h5")
_HASHES = ("64373286793e3c8b2b4e3219cbf3544b",   # with the top
           "6d6bbae143d832006294945121d1f1fc")   # without

_FILTERS = (64, 128, 256, 512, 512)

_ARGS_DOC = """
    The default input size is 224x224; with `weights=None` (or a file),
    any input of at least 32x32 works, the top included.

    Call `kerax.applications.{module}.preprocess_input` on the images
    first: RGB to BGR, then each channel zero-centered with ImageNet's
    means, without scaling.

    Args:
        include_top: Whether to include the 3 fully-connected layers on
            top (default True).
        weights: `None` (random initialization), `"imagenet"` (default)
            or the path of a weights file.
        input_tensor: Optional Keras tensor (e.g. the output of `Input()`)
            to use as the image input.
        input_shape: Optional shape tuple, e.g. `(200, 200, 3)`; must be
            `(224, 224, 3)` with `include_top=True` and ImageNet weights.
            Exactly 3 channels for ImageNet weights; each side at least 32.
        pooling: Without the top: `None` (the 4D output of the last
            block), `"avg"` or `"max"` (global pooling to a 2D output).
        classes: Number of classes with the top; 1000 for ImageNet
            weights.
        classifier_activation: Activation of the `"predictions"` layer (a
            string or callable; `None` returns logits). With pretrained
            weights only `None` or `"softmax"`.
        name: The model's name (default `"{name}"`).

    Returns:
        A functional `Model`.
"""


def VGG16(include_top=True, weights="imagenet", input_tensor=None,
          input_shape=None, pooling=None, classes=1000,
          classifier_activation="softmax", name="vgg16"):
    """Instantiates the VGG16 model (138M parameters with the top,
    14.7M without)."""
    return build_vgg(
        (2, 2, 3, 3, 3), name, (WEIGHTS_PATH, WEIGHTS_PATH_NO_TOP), _HASHES,
        include_top=include_top, weights=weights, input_tensor=input_tensor,
        input_shape=input_shape, pooling=pooling, classes=classes,
        classifier_activation=classifier_activation)


VGG16.__doc__ += _ARGS_DOC.format(module="vgg16", name="vgg16")


def build_vgg(convs_per_block, name, urls, hashes, *, include_top, weights,
              input_tensor, input_shape, pooling, classes,
              classifier_activation):
    """A VGG network: `convs_per_block[i]` convolutions in block `i + 1`;
    `urls` and `hashes` are the ImageNet files (with, without the top)."""
    from kerax import layers
    from kerax.models import Model

    pretrained.check_weights_argument(weights, include_top, classes)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=224, min_size=32,
        data_format=config.image_data_format(),
        require_flatten=include_top, weights=weights)
    img_input = pretrained.image_input(input_tensor, input_shape)

    x = img_input
    for block, (filters, convs) in enumerate(
            zip(_FILTERS, convs_per_block), start=1):
        for conv in range(1, convs + 1):
            x = layers.Conv2D(filters, (3, 3), activation="relu",
                              padding="same",
                              name=f"block{block}_conv{conv}")(x)
        x = layers.MaxPooling2D((2, 2), strides=(2, 2),
                                name=f"block{block}_pool")(x)

    if include_top:
        x = layers.Flatten(name="flatten")(x)
        x = layers.Dense(4096, activation="relu", name="fc1")(x)
        x = layers.Dense(4096, activation="relu", name="fc2")(x)
        x = pretrained.predictions(x, classes, classifier_activation,
                                   weights)
    else:
        x = pretrained.global_pool(x, pooling)

    model = Model(pretrained.model_inputs(input_tensor, img_input), x,
                  name=name)
    top = 0 if include_top else 1
    pretrained.load_weights(model, weights, urls[top], hashes[top])
    return model


def preprocess_input(x, data_format=None):
    """Preprocesses a batch of RGB images (0-255) for VGG16: RGB to BGR,
    then each channel zero-centered with ImageNet's means, no scaling
    (`imagenet_utils.preprocess_input` with `mode="caffe"`)."""
    return imagenet_utils.preprocess_input(x, data_format=data_format,
                                           mode="caffe")


def decode_predictions(preds, top=5):
    """Decodes ImageNet predictions; see
    `kerax.applications.imagenet_utils.decode_predictions`."""
    return imagenet_utils.decode_predictions(preds, top=top)
