"""InceptionV3 (Szegedy et al., "Rethinking the Inception Architecture for
Computer Vision", CVPR 2016), layer for layer as Keras builds it, so
Keras's ImageNet weight files load.

A convolutional stem, then eleven "mixed" blocks: three 35x35 blocks of
1x1, 5x5, double 3x3 and pooled branches; a grid reduction; four 17x17
blocks with factorized 7x7 (1x7 then 7x1) branches; a second reduction;
two 8x8 blocks whose 3x3 branches split into 1x3 and 3x1 halves. Every
convolution is conv (no bias), BatchNormalization (no scale) and ReLU.
Inputs are scaled to [-1, 1] with `preprocess_input`; inputs are at least
75x75 (default 299x299).

>>> model = InceptionV3(weights=None, input_shape=(75, 75, 3),
...                     include_top=False, pooling="avg")
>>> model.output_shape
(None, 2048)
"""

from kerax import config, layers
from kerax.applications import imagenet_utils, pretrained
from kerax.models.functional import Functional

WEIGHTS_PATH = (
    "https://storage.googleapis.com/tensorflow/keras-applications/"
    "inception_v3/inception_v3_weights_tf_dim_ordering_tf_kernels.h5"
)
WEIGHTS_PATH_NO_TOP = (
    "https://storage.googleapis.com/tensorflow/keras-applications/"
    "inception_v3/inception_v3_weights_tf_dim_ordering_tf_kernels_notop.h5"
)
_HASH = "9a0d58056eeedaa3f26cb7ebd46da564"
_HASH_NO_TOP = "bcbd6486424b2319ff4ef7d526e38f63"


def _channel_axis():
    return 1 if config.image_data_format() == "channels_first" else 3


def conv2d_bn(x, filters, num_row, num_col, padding="same", strides=(1, 1),
              name=None):
    """Conv2D (no bias), BatchNormalization (`scale=False`) and ReLU.

    With a `name`, the layers are `{name}_conv`, `{name}_bn` and `name`;
    without one, Keras's automatic names.
    """
    x = layers.Conv2D(filters, (num_row, num_col), strides=strides,
                      padding=padding, use_bias=False,
                      name=None if name is None else f"{name}_conv")(x)
    x = layers.BatchNormalization(
        axis=_channel_axis(), scale=False,
        name=None if name is None else f"{name}_bn")(x)
    return layers.Activation("relu", name=name)(x)


def _pool_branch(x, filters):
    x = layers.AveragePooling2D((3, 3), strides=(1, 1), padding="same")(x)
    return conv2d_bn(x, filters, 1, 1)


def _block_35(x, pool_filters, name):
    """35x35 block: 1x1, 5x5, double 3x3 and average-pool branches."""
    branch1x1 = conv2d_bn(x, 64, 1, 1)
    branch5x5 = conv2d_bn(x, 48, 1, 1)
    branch5x5 = conv2d_bn(branch5x5, 64, 5, 5)
    branch3x3dbl = conv2d_bn(x, 64, 1, 1)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3)
    branch_pool = _pool_branch(x, pool_filters)
    return layers.concatenate(
        [branch1x1, branch5x5, branch3x3dbl, branch_pool],
        axis=_channel_axis(), name=name)


def _block_17(x, width, name):
    """17x17 block: 1x1, 7x7 and double 7x7 (factorized into 1x7 and 7x1
    convolutions of `width` channels) and average-pool branches."""
    branch1x1 = conv2d_bn(x, 192, 1, 1)
    branch7x7 = conv2d_bn(x, width, 1, 1)
    branch7x7 = conv2d_bn(branch7x7, width, 1, 7)
    branch7x7 = conv2d_bn(branch7x7, 192, 7, 1)
    branch7x7dbl = conv2d_bn(x, width, 1, 1)
    branch7x7dbl = conv2d_bn(branch7x7dbl, width, 7, 1)
    branch7x7dbl = conv2d_bn(branch7x7dbl, width, 1, 7)
    branch7x7dbl = conv2d_bn(branch7x7dbl, width, 7, 1)
    branch7x7dbl = conv2d_bn(branch7x7dbl, 192, 1, 7)
    branch_pool = _pool_branch(x, 192)
    return layers.concatenate(
        [branch1x1, branch7x7, branch7x7dbl, branch_pool],
        axis=_channel_axis(), name=name)


def _block_8(x, index):
    """8x8 block `mixed{9 + index}`: 1x1, split 3x3, split double 3x3 and
    average-pool branches."""
    axis = _channel_axis()
    branch1x1 = conv2d_bn(x, 320, 1, 1)
    branch3x3 = conv2d_bn(x, 384, 1, 1)
    branch3x3 = layers.concatenate(
        [conv2d_bn(branch3x3, 384, 1, 3), conv2d_bn(branch3x3, 384, 3, 1)],
        axis=axis, name=f"mixed9_{index}")
    branch3x3dbl = conv2d_bn(x, 448, 1, 1)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 384, 3, 3)
    branch3x3dbl = layers.concatenate(
        [conv2d_bn(branch3x3dbl, 384, 1, 3),
         conv2d_bn(branch3x3dbl, 384, 3, 1)], axis=axis)
    branch_pool = _pool_branch(x, 192)
    return layers.concatenate(
        [branch1x1, branch3x3, branch3x3dbl, branch_pool], axis=axis,
        name=f"mixed{9 + index}")


def _reduction_a(x):
    """35x35 -> 17x17 (`mixed3`)."""
    branch3x3 = conv2d_bn(x, 384, 3, 3, strides=(2, 2), padding="valid")
    branch3x3dbl = conv2d_bn(x, 64, 1, 1)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3)
    branch3x3dbl = conv2d_bn(branch3x3dbl, 96, 3, 3, strides=(2, 2),
                             padding="valid")
    branch_pool = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    return layers.concatenate([branch3x3, branch3x3dbl, branch_pool],
                              axis=_channel_axis(), name="mixed3")


def _reduction_b(x):
    """17x17 -> 8x8 (`mixed8`)."""
    branch3x3 = conv2d_bn(x, 192, 1, 1)
    branch3x3 = conv2d_bn(branch3x3, 320, 3, 3, strides=(2, 2),
                          padding="valid")
    branch7x7x3 = conv2d_bn(x, 192, 1, 1)
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 1, 7)
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 7, 1)
    branch7x7x3 = conv2d_bn(branch7x7x3, 192, 3, 3, strides=(2, 2),
                            padding="valid")
    branch_pool = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    return layers.concatenate([branch3x3, branch7x7x3, branch_pool],
                              axis=_channel_axis(), name="mixed8")


def InceptionV3(include_top=True, weights="imagenet", input_tensor=None,
                input_shape=None, pooling=None, classes=1000,
                classifier_activation="softmax", name="inception_v3"):
    """InceptionV3 (23.9M parameters with the top).

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

    x = conv2d_bn(img_input, 32, 3, 3, strides=(2, 2), padding="valid")
    x = conv2d_bn(x, 32, 3, 3, padding="valid")
    x = conv2d_bn(x, 64, 3, 3)
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)
    x = conv2d_bn(x, 80, 1, 1, padding="valid")
    x = conv2d_bn(x, 192, 3, 3, padding="valid")
    x = layers.MaxPooling2D((3, 3), strides=(2, 2))(x)

    for index, pool_filters in enumerate((32, 64, 64)):
        x = _block_35(x, pool_filters, name=f"mixed{index}")
    x = _reduction_a(x)
    for index, width in enumerate((128, 160, 160, 192)):
        x = _block_17(x, width, name=f"mixed{4 + index}")
    x = _reduction_b(x)
    for index in range(2):
        x = _block_8(x, index)

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
