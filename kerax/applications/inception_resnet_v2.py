"""InceptionResNetV2 (Szegedy et al., "Inception-v4, Inception-ResNet and
the Impact of Residual Connections on Learning", AAAI 2017), layer for
layer as Keras builds it, so Keras's ImageNet weight files load.

A convolutional stem and an Inception block (`mixed_5b`), then 10
Inception-ResNet-A blocks (`block35_*`, residuals scaled by 0.17), a
reduction (`mixed_6a`), 20 Inception-ResNet-B blocks (`block17_*`, 0.1),
a reduction (`mixed_7a`), 10 Inception-ResNet-C blocks (`block8_*`, 0.2;
the last one unscaled and without ReLU) and a 1x1 convolution to 1536
channels (`conv_7b`). Each residual block adds `scale * branch` to its
input with a `CustomScaleLayer`, the layer class Keras uses (and writes
into model configs) there. Inputs are scaled to [-1, 1] with
`preprocess_input`; inputs are at least 75x75 (default 299x299).

>>> model = InceptionResNetV2(weights=None, input_shape=(75, 75, 3),
...                           include_top=False, pooling="avg")
>>> model.output_shape
(None, 1536)
"""

from kerax import config, layers, ops
from kerax.applications import imagenet_utils, pretrained
from kerax.layers.layer import Layer
from kerax.models.functional import Functional

BASE_WEIGHT_URL = (
    "https://storage.googleapis.com/tensorflow/"
    "keras-applications/inception_resnet_v2/"
)
_FILE = "inception_resnet_v2_weights_tf_dim_ordering_tf_kernels.h5"
_FILE_NO_TOP = (
    "inception_resnet_v2_weights_tf_dim_ordering_tf_kernels_notop.h5")
_HASH = "e693bd0210a403b3192acc6073ad2e96"
_HASH_NO_TOP = "d19885ff4a710c122648d3b5c3b684e4"


class CustomScaleLayer(Layer):
    """`inputs[0] + inputs[1] * scale`: a residual branch, scaled, added
    to its shortcut.

    Keras defines this layer in `keras.src.applications.
    inception_resnet_v2` and writes it into configs under that module;
    kerax writes and reads it under the same module and class name
    (`_keras_module`), so a model saved by either library loads in the
    other.

    Args:
        scale: float, the factor applied to the second input.

    Input: a list `[shortcut, branch]` of tensors of one shape. Output:
    that shape.

    >>> import numpy as np
    >>> CustomScaleLayer(0.5)([np.ones((1, 2)), np.ones((1, 2))]).tolist()
    [[1.5, 1.5]]
    """

    _keras_module = "keras.src.applications.inception_resnet_v2"

    def __init__(self, scale, **kwargs):
        super().__init__(**kwargs)
        self.scale = scale

    def call(self, inputs):
        return ops.add(inputs[0], ops.multiply(inputs[1], self.scale))

    def get_config(self):
        config = super().get_config()
        config["scale"] = self.scale
        return config


def _channel_axis():
    return 1 if config.image_data_format() == "channels_first" else 3


def conv2d_bn(x, filters, kernel_size, strides=1, padding="same",
              activation="relu", use_bias=False, name=None):
    """Conv2D, then (without a bias) BatchNormalization (`scale=False`),
    then `activation` (none when None).

    With a `name`, the layers are `name`, `{name}_bn` and `{name}_ac`;
    without one, Keras's automatic names.
    """
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding=padding,
                      use_bias=use_bias, name=name)(x)
    if not use_bias:
        x = layers.BatchNormalization(
            axis=_channel_axis(), scale=False,
            name=None if name is None else f"{name}_bn")(x)
    if activation is not None:
        x = layers.Activation(
            activation, name=None if name is None else f"{name}_ac")(x)
    return x


# The residual branches of each block type: per branch, its convolutions
# as (filters, kernel size).
_BRANCHES = {
    "block35": (((32, 1),), ((32, 1), (32, 3)), ((32, 1), (48, 3), (64, 3))),
    "block17": (((192, 1),), ((128, 1), (160, (1, 7)), (192, (7, 1)))),
    "block8": (((192, 1),), ((192, 1), (224, (1, 3)), (256, (3, 1)))),
}


def inception_resnet_block(x, scale, block_type, block_idx,
                           activation="relu"):
    """One Inception-ResNet block: its branches (`block_type` "block35",
    "block17" or "block8"), concatenated (`{block_type}_{block_idx}_mixed`)
    and projected back to `x`'s width by a 1x1 conv with bias
    (`..._conv`), added to `x` as `x + scale * branch`, then
    `activation` (`..._ac`; none when None)."""
    if block_type not in _BRANCHES:
        raise ValueError(
            "Unknown Inception-ResNet block type. Expects \"block35\", "
            f"\"block17\" or \"block8\". Received: block_type={block_type}")
    axis = _channel_axis()
    branches = []
    for convs in _BRANCHES[block_type]:
        branch = x
        for filters, kernel_size in convs:
            branch = conv2d_bn(branch, filters, kernel_size)
        branches.append(branch)
    block_name = f"{block_type}_{block_idx}"
    mixed = layers.Concatenate(axis=axis, name=f"{block_name}_mixed")(
        branches)
    up = conv2d_bn(mixed, x.shape[axis], 1, activation=None, use_bias=True,
                   name=f"{block_name}_conv")
    x = CustomScaleLayer(scale)([x, up])
    if activation is not None:
        x = layers.Activation(activation, name=f"{block_name}_ac")(x)
    return x


def _stem(x):
    """Convolutions and poolings to 35x35x192, then `mixed_5b` (320)."""
    x = conv2d_bn(x, 32, 3, strides=2, padding="valid")
    x = conv2d_bn(x, 32, 3, padding="valid")
    x = conv2d_bn(x, 64, 3)
    x = layers.MaxPooling2D(3, strides=2)(x)
    x = conv2d_bn(x, 80, 1, padding="valid")
    x = conv2d_bn(x, 192, 3, padding="valid")
    x = layers.MaxPooling2D(3, strides=2)(x)

    branch_0 = conv2d_bn(x, 96, 1)
    branch_1 = conv2d_bn(conv2d_bn(x, 48, 1), 64, 5)
    branch_2 = conv2d_bn(conv2d_bn(conv2d_bn(x, 64, 1), 96, 3), 96, 3)
    branch_pool = layers.AveragePooling2D(3, strides=1, padding="same")(x)
    branch_pool = conv2d_bn(branch_pool, 64, 1)
    return layers.Concatenate(axis=_channel_axis(), name="mixed_5b")(
        [branch_0, branch_1, branch_2, branch_pool])


def _reduction_a(x):
    """35x35 -> 17x17x1088 (`mixed_6a`)."""
    branch_0 = conv2d_bn(x, 384, 3, strides=2, padding="valid")
    branch_1 = conv2d_bn(conv2d_bn(x, 256, 1), 256, 3)
    branch_1 = conv2d_bn(branch_1, 384, 3, strides=2, padding="valid")
    branch_pool = layers.MaxPooling2D(3, strides=2, padding="valid")(x)
    return layers.Concatenate(axis=_channel_axis(), name="mixed_6a")(
        [branch_0, branch_1, branch_pool])


def _reduction_b(x):
    """17x17 -> 8x8x2080 (`mixed_7a`)."""
    branch_0 = conv2d_bn(x, 256, 1)
    branch_0 = conv2d_bn(branch_0, 384, 3, strides=2, padding="valid")
    branch_1 = conv2d_bn(x, 256, 1)
    branch_1 = conv2d_bn(branch_1, 288, 3, strides=2, padding="valid")
    branch_2 = conv2d_bn(conv2d_bn(x, 256, 1), 288, 3)
    branch_2 = conv2d_bn(branch_2, 320, 3, strides=2, padding="valid")
    branch_pool = layers.MaxPooling2D(3, strides=2, padding="valid")(x)
    return layers.Concatenate(axis=_channel_axis(), name="mixed_7a")(
        [branch_0, branch_1, branch_2, branch_pool])


def InceptionResNetV2(include_top=True, weights="imagenet", input_tensor=None,
                      input_shape=None, pooling=None, classes=1000,
                      classifier_activation="softmax",
                      name="inception_resnet_v2"):
    """InceptionResNetV2 (55.9M parameters with the top).

    Args:
        include_top: Whether to include the classifier (global average
            pooling and a `classes`-way `Dense` named "predictions").
        weights: `"imagenet"`, `None` (random initialization) or the path
            of a weights file.
        input_tensor: Optional tensor (e.g. from `Input()`) to build the
            model on.
        input_shape: Optional image shape; with `include_top` and ImageNet
            weights it must be `(299, 299, 3)` (`(3, 299, 299)` for
            `channels_first`). Height and width are at least 75.
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
        input_shape, default_size=299, min_size=75,
        data_format=config.image_data_format(), require_flatten=include_top,
        weights=weights)
    img_input = pretrained.image_input(input_tensor, input_shape)

    x = _stem(img_input)
    for block_idx in range(1, 11):
        x = inception_resnet_block(x, 0.17, "block35", block_idx)
    x = _reduction_a(x)
    for block_idx in range(1, 21):
        x = inception_resnet_block(x, 0.1, "block17", block_idx)
    x = _reduction_b(x)
    for block_idx in range(1, 10):
        x = inception_resnet_block(x, 0.2, "block8", block_idx)
    x = inception_resnet_block(x, 1.0, "block8", 10, activation=None)
    x = conv2d_bn(x, 1536, 1, name="conv_7b")

    x = pretrained.pooled_classifier(
        x, include_top, pooling, classes, classifier_activation, weights)

    model = Functional(pretrained.model_inputs(input_tensor, img_input), x,
                       name=name)
    fname, file_hash = ((_FILE, _HASH) if include_top
                        else (_FILE_NO_TOP, _HASH_NO_TOP))
    pretrained.load_weights(model, weights, BASE_WEIGHT_URL + fname,
                            file_hash)
    return model


def preprocess_input(x, data_format=None):
    """Scales 0-255 RGB images to [-1, 1] (mode "tf")."""
    return imagenet_utils.preprocess_input(x, data_format=data_format,
                                           mode="tf")


def decode_predictions(preds, top=5):
    """`(class_name, description, score)` tuples, `top` per sample."""
    return imagenet_utils.decode_predictions(preds, top=top)
