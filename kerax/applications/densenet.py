"""DenseNet121, DenseNet169 and DenseNet201 (Huang et al., "Densely
Connected Convolutional Networks", CVPR 2017), layer for layer as Keras
builds them, so Keras's ImageNet weight files load.

Four dense blocks (6, 12, 24/32/48 and 16/32/32 building blocks), each
building block concatenating 32 new channels (BN-ReLU-1x1 conv-BN-ReLU-3x3
conv) onto its input, with a halving transition (BN-ReLU-1x1 conv-2x2
average pooling) between blocks. Inputs are scaled with
`preprocess_input` (mode "torch"). Only `channels_last` is supported.

>>> model = DenseNet121(weights=None, input_shape=(32, 32, 3),
...                     include_top=False, pooling="avg")
>>> model.output_shape
(None, 1024)
"""

from kerax import config, layers
from kerax.applications import imagenet_utils, pretrained
from kerax.models.functional import Functional

BASE_WEIGHTS_PATH = (
    "https://storage.googleapis.com/tensorflow/keras-applications/densenet/"
)
# blocks -> (file stem, hash with the top, hash without it)
_WEIGHTS = {
    (6, 12, 24, 16): ("densenet121", "9d60b8095a5708f2dcce2bca79d332c7",
                      "30ee3e1110167f948a6b9946edeeb738"),
    (6, 12, 32, 32): ("densenet169", "d699b8f76981ab1b30698df4c175e90b",
                      "b8c4d4c20dd625c148057b9ff1c1176b"),
    (6, 12, 48, 32): ("densenet201", "1ceb130c1ea1b78c3bf6114dbdfd8807",
                      "c13680b51ded0fb44dff2d8f86ac8bb1"),
}
_BN_AXIS = 3
_EPSILON = 1.001e-5


def dense_block(x, blocks, name):
    """`blocks` building blocks, named `{name}_block1`, `_block2`, ..."""
    for i in range(blocks):
        x = conv_block(x, 32, name=f"{name}_block{i + 1}")
    return x


def transition_block(x, reduction, name):
    """BN, ReLU, a 1x1 conv keeping `reduction` of the channels, and 2x2
    average pooling."""
    x = layers.BatchNormalization(axis=_BN_AXIS, epsilon=_EPSILON,
                                  name=f"{name}_bn")(x)
    x = layers.Activation("relu", name=f"{name}_relu")(x)
    x = layers.Conv2D(int(x.shape[_BN_AXIS] * reduction), 1, use_bias=False,
                      name=f"{name}_conv")(x)
    return layers.AveragePooling2D(2, strides=2, name=f"{name}_pool")(x)


def conv_block(x, growth_rate, name):
    """One building block: `growth_rate` new channels concatenated onto
    `x`."""
    x1 = layers.BatchNormalization(axis=_BN_AXIS, epsilon=_EPSILON,
                                   name=f"{name}_0_bn")(x)
    x1 = layers.Activation("relu", name=f"{name}_0_relu")(x1)
    x1 = layers.Conv2D(4 * growth_rate, 1, use_bias=False,
                       name=f"{name}_1_conv")(x1)
    x1 = layers.BatchNormalization(axis=_BN_AXIS, epsilon=_EPSILON,
                                   name=f"{name}_1_bn")(x1)
    x1 = layers.Activation("relu", name=f"{name}_1_relu")(x1)
    x1 = layers.Conv2D(growth_rate, 3, padding="same", use_bias=False,
                       name=f"{name}_2_conv")(x1)
    return layers.Concatenate(axis=_BN_AXIS, name=f"{name}_concat")([x, x1])


def DenseNet(blocks, include_top=True, weights="imagenet", input_tensor=None,
             input_shape=None, pooling=None, classes=1000,
             classifier_activation="softmax", name="densenet"):
    """A DenseNet with `blocks` building blocks in its four dense blocks
    (the other arguments as for `DenseNet121`)."""
    if config.image_data_format() == "channels_first":
        raise ValueError(
            "DenseNet does not support the `channels_first` image data "
            "format. Switch to `channels_last` with "
            "`kerax.config.set_image_data_format('channels_last')`.")
    pretrained.check_weights_argument(weights, include_top, classes)
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=224, min_size=32,
        data_format=config.image_data_format(), require_flatten=include_top,
        weights=weights)
    img_input = pretrained.image_input(input_tensor, input_shape)

    x = layers.ZeroPadding2D(padding=((3, 3), (3, 3)))(img_input)
    x = layers.Conv2D(64, 7, strides=2, use_bias=False, name="conv1_conv")(x)
    x = layers.BatchNormalization(axis=_BN_AXIS, epsilon=_EPSILON,
                                  name="conv1_bn")(x)
    x = layers.Activation("relu", name="conv1_relu")(x)
    x = layers.ZeroPadding2D(padding=((1, 1), (1, 1)))(x)
    x = layers.MaxPooling2D(3, strides=2, name="pool1")(x)

    for stage, count in enumerate(blocks):
        x = dense_block(x, count, name=f"conv{stage + 2}")
        if stage < len(blocks) - 1:
            x = transition_block(x, 0.5, name=f"pool{stage + 2}")

    x = layers.BatchNormalization(axis=_BN_AXIS, epsilon=_EPSILON,
                                  name="bn")(x)
    x = layers.Activation("relu", name="relu")(x)

    x = pretrained.pooled_classifier(
        x, include_top, pooling, classes, classifier_activation, weights,
        named_pools=True)

    model = Functional(pretrained.model_inputs(input_tensor, img_input), x,
                       name=name)
    url = file_hash = None
    if weights == "imagenet":
        if tuple(blocks) not in _WEIGHTS:
            raise ValueError(
                "ImageNet weights exist only for DenseNet121, DenseNet169 "
                f"and DenseNet201. Received: blocks={blocks}")
        stem, top_hash, notop_hash = _WEIGHTS[tuple(blocks)]
        suffix = "" if include_top else "_notop"
        url = (f"{BASE_WEIGHTS_PATH}{stem}_weights_tf_dim_ordering_tf_kernels"
               f"{suffix}.h5")
        file_hash = top_hash if include_top else notop_hash
    pretrained.load_weights(model, weights, url, file_hash)
    return model


def DenseNet121(include_top=True, weights="imagenet", input_tensor=None,
                input_shape=None, pooling=None, classes=1000,
                classifier_activation="softmax", name="densenet121"):
    """DenseNet121 (8.1M parameters with the top; default input 224x224).

    Args:
        include_top: Whether to include the classifier (global average
            pooling and a `classes`-way `Dense` named "predictions").
        weights: `"imagenet"`, `None` (random initialization) or the path
            of a weights file.
        input_tensor: Optional tensor (e.g. from `Input()`) to build the
            model on.
        input_shape: Optional `(height, width, 3)`; with `include_top`
            and ImageNet weights it must be `(224, 224, 3)`. Height and
            width are at least 32.
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
    return DenseNet([6, 12, 24, 16], include_top, weights, input_tensor,
                    input_shape, pooling, classes, classifier_activation,
                    name=name)


def DenseNet169(include_top=True, weights="imagenet", input_tensor=None,
                input_shape=None, pooling=None, classes=1000,
                classifier_activation="softmax", name="densenet169"):
    """DenseNet169 (14.3M parameters with the top); arguments as for
    `DenseNet121`."""
    return DenseNet([6, 12, 32, 32], include_top, weights, input_tensor,
                    input_shape, pooling, classes, classifier_activation,
                    name=name)


def DenseNet201(include_top=True, weights="imagenet", input_tensor=None,
                input_shape=None, pooling=None, classes=1000,
                classifier_activation="softmax", name="densenet201"):
    """DenseNet201 (20.2M parameters with the top); arguments as for
    `DenseNet121`."""
    return DenseNet([6, 12, 48, 32], include_top, weights, input_tensor,
                    input_shape, pooling, classes, classifier_activation,
                    name=name)


def preprocess_input(x, data_format=None):
    """Scales 0-255 RGB images to 0-1 and standardizes each channel with
    ImageNet's mean and standard deviation (mode "torch")."""
    return imagenet_utils.preprocess_input(x, data_format=data_format,
                                           mode="torch")


def decode_predictions(preds, top=5):
    """`(class_name, description, score)` tuples, `top` per sample."""
    return imagenet_utils.decode_predictions(preds, top=top)
