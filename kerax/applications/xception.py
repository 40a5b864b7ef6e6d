"""Xception (Chollet, "Xception: Deep Learning with Depthwise Separable
Convolutions", CVPR 2017), layer for layer as Keras builds it, so Keras's
ImageNet weight files load.

Entry flow: two plain 3x3 convolutions, then three blocks (blocks 2-4)
of two separable convolutions and a strided max pooling, each added to a
strided 1x1-convolution shortcut. Middle flow: eight residual blocks
(blocks 5-12) of three ReLU-separable-conv-BN steps at 728 channels.
Exit flow: one more shortcut block (block 13) and two separable
convolutions (block 14) to 2048 channels. Inputs are scaled to [-1, 1]
with `preprocess_input`; inputs are at least 71x71 (default 299x299).

>>> model = Xception(weights=None, input_shape=(71, 71, 3),
...                  include_top=False, pooling="avg")
>>> model.output_shape
(None, 2048)
"""

from kerax import config, layers
from kerax.applications import imagenet_utils, pretrained
from kerax.models.functional import Functional

WEIGHTS_PATH = (
    "https://storage.googleapis.com/tensorflow/keras-applications/"
    "xception/xception_weights_tf_dim_ordering_tf_kernels.h5"
)
WEIGHTS_PATH_NO_TOP = (
    "https://storage.googleapis.com/tensorflow/keras-applications/"
    "xception/xception_weights_tf_dim_ordering_tf_kernels_notop.h5"
)
_HASH = "0a58e3b7378bc2990ea3b43d5981f1f6"
_HASH_NO_TOP = "b0042744bf5b25fce3cb969f33bebb97"


def _channel_axis():
    return 1 if config.image_data_format() == "channels_first" else -1


def _relu(x, name):
    return layers.Activation("relu", name=name)(x)


def _sepconv_bn(x, filters, name):
    """A 3x3 "same" SeparableConv2D (no bias) named `name`, then
    BatchNormalization `{name}_bn`."""
    x = layers.SeparableConv2D(filters, (3, 3), padding="same",
                               use_bias=False, name=name)(x)
    return layers.BatchNormalization(axis=_channel_axis(),
                                     name=f"{name}_bn")(x)


def _shortcut_block(x, filters, block, relu_first=True):
    """Two separable convolutions (`filters` = the two widths) and a 3x3
    stride-2 max pooling, added to a stride-2 1x1 conv + BN shortcut
    (unnamed layers, as in Keras). Block 2 starts without the first
    ReLU."""
    axis = _channel_axis()
    prefix = f"block{block}"
    residual = layers.Conv2D(filters[1], (1, 1), strides=(2, 2),
                             padding="same", use_bias=False)(x)
    residual = layers.BatchNormalization(axis=axis)(residual)
    if relu_first:
        x = _relu(x, f"{prefix}_sepconv1_act")
    x = _sepconv_bn(x, filters[0], f"{prefix}_sepconv1")
    x = _relu(x, f"{prefix}_sepconv2_act")
    x = _sepconv_bn(x, filters[1], f"{prefix}_sepconv2")
    x = layers.MaxPooling2D((3, 3), strides=(2, 2), padding="same",
                            name=f"{prefix}_pool")(x)
    return layers.add([x, residual])


def _middle_block(x, block):
    """Three ReLU, 728-channel separable conv and BN steps, added to the
    block's input."""
    residual = x
    for step in (1, 2, 3):
        x = _relu(x, f"block{block}_sepconv{step}_act")
        x = _sepconv_bn(x, 728, f"block{block}_sepconv{step}")
    return layers.add([x, residual])


def Xception(include_top=True, weights="imagenet", input_tensor=None,
             input_shape=None, pooling=None, classes=1000,
             classifier_activation="softmax", name="xception"):
    """Xception (22.9M parameters with the top).

    Args:
        include_top: Whether to include the classifier (global average
            pooling and a `classes`-way `Dense` named "predictions").
        weights: `"imagenet"`, `None` (random initialization) or the path
            of a weights file.
        input_tensor: Optional tensor (e.g. from `Input()`) to build the
            model on.
        input_shape: Optional image shape; with `include_top` and ImageNet
            weights it must be `(299, 299, 3)`. Height and width are at
            least 71.
        pooling: Without the top, `None` (4D output of the last block),
            `"avg"` or `"max"` (global pooling, 2D output).
        classes: Number of classes with the top (1000 for ImageNet
            weights).
        classifier_activation: Activation of the top layer (`None` gives
            logits; ImageNet weights allow only `None` or `"softmax"`).
        name: The model's name.

    Returns:
        A functional `Model`.
    """
    pretrained.check_weights_argument(weights, include_top, classes)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=299, min_size=71,
        data_format=config.image_data_format(), require_flatten=include_top,
        weights=weights)
    img_input = pretrained.image_input(input_tensor, input_shape)
    axis = _channel_axis()

    x = layers.Conv2D(32, (3, 3), strides=(2, 2), use_bias=False,
                      name="block1_conv1")(img_input)
    x = layers.BatchNormalization(axis=axis, name="block1_conv1_bn")(x)
    x = _relu(x, "block1_conv1_act")
    x = layers.Conv2D(64, (3, 3), use_bias=False, name="block1_conv2")(x)
    x = layers.BatchNormalization(axis=axis, name="block1_conv2_bn")(x)
    x = _relu(x, "block1_conv2_act")

    x = _shortcut_block(x, (128, 128), 2, relu_first=False)
    x = _shortcut_block(x, (256, 256), 3)
    x = _shortcut_block(x, (728, 728), 4)
    for block in range(5, 13):
        x = _middle_block(x, block)
    x = _shortcut_block(x, (728, 1024), 13)

    x = _sepconv_bn(x, 1536, "block14_sepconv1")
    x = _relu(x, "block14_sepconv1_act")
    x = _sepconv_bn(x, 2048, "block14_sepconv2")
    x = _relu(x, "block14_sepconv2_act")

    x = pretrained.pooled_classifier(
        x, include_top, pooling, classes, classifier_activation, weights)

    model = Functional(pretrained.model_inputs(input_tensor, img_input), x,
                       name=name)
    url, file_hash = ((WEIGHTS_PATH, _HASH) if include_top
                      else (WEIGHTS_PATH_NO_TOP, _HASH_NO_TOP))
    pretrained.load_weights(model, weights, url, file_hash)
    return model


def preprocess_input(x, data_format=None):
    """Scales 0-255 RGB images to [-1, 1] (mode "tf")."""
    return imagenet_utils.preprocess_input(x, data_format=data_format,
                                           mode="tf")


def decode_predictions(preds, top=5):
    """`(class_name, description, score)` tuples, `top` per sample."""
    return imagenet_utils.decode_predictions(preds, top=top)
