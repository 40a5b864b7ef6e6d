"""MobileNetV3 Small and Large (Howard et al., ICCV 2019), as
`keras.applications.mobilenet_v3`.

Inverted residual blocks as in MobileNetV2, some with squeeze-and-excite
(global pooling, two 1x1 convolutions, a hard sigmoid gating the
channels), with ReLU or hard swish activations and 3x3 or 5x5 depthwise
kernels. `minimalistic=True` drops squeeze-and-excite, hard swish and the
5x5 kernels. The model rescales 0-255 pixels to [-1, 1] itself (a
`Rescaling` layer) unless `include_preprocessing=False`, so this
module's `preprocess_input` returns its input unchanged. The layer names
are Keras's, so Keras's ImageNet weight files load into it.

>>> from kerax.applications import MobileNetV3Small
>>> model = MobileNetV3Small(weights=None, input_shape=(32, 32, 3),
...                          include_top=False, pooling="avg")
>>> model.name, model.output_shape
('MobileNetV3Small', (None, 576))
"""

from __future__ import annotations

from kerax import config
from kerax.applications import imagenet_utils, pretrained
from kerax.applications.mobilenet import imagenet_rows, spatial_dims
from kerax.applications.mobilenet_v2 import (
    channel_axis,
    check_input_tensor,
    make_divisible,
)

BASE_WEIGHT_PATH = ("https://storage.googleapis.com/tensorflow/"
                    "keras-applications/mobilenet_v3/")

# md5 of the weight files (with the top, without it), by model.
WEIGHTS_HASHES = {
    "large_224_0.75_float": ("765b44a33ad4005b3ac83185abf1d0eb",
                             "40af19a13ebea4e2ee0c676887f69a2e"),
    "large_224_1.0_float": ("59e551e166be033d707958cf9e29a6a7",
                            "07fb09a5933dd0c8eaafa16978110389"),
    "large_minimalistic_224_1.0_float": ("675e7b876c45c57e9e63e6d90a36599c",
                                         "ec5221f64a2f6d1ef965a614bdae7973"),
    "small_224_0.75_float": ("cb65d4e5be93758266aa0a7f2c6708b7",
                             "ebdb5cc8e0b497cd13a7c275d475c819"),
    "small_224_1.0_float": ("8768d4c2e7dee89b9d02b2d03d65d862",
                            "d3e8ec802a04aa4fc771ee12a9a9b836"),
    "small_minimalistic_224_1.0_float": ("99cd97fb2fcdad2bf028eb838de69e37",
                                         "cde8136e733e811080d9fcd8a252f7e4"),
}

# Blocks as (expansion, filters, kernel, stride, squeeze-excite, activation):
# kernel None is the model's (5, or 3 when minimalistic), "relu" is always
# ReLU, "hs" is hard swish (ReLU when minimalistic); squeeze-excite is
# dropped when minimalistic.
_SMALL_BLOCKS = (
    (1, 16, 3, 2, True, "relu"), (72 / 16, 24, 3, 2, False, "relu"),
    (88 / 24, 24, 3, 1, False, "relu"), (4, 40, None, 2, True, "hs"),
    (6, 40, None, 1, True, "hs"), (6, 40, None, 1, True, "hs"),
    (3, 48, None, 1, True, "hs"), (3, 48, None, 1, True, "hs"),
    (6, 96, None, 2, True, "hs"), (6, 96, None, 1, True, "hs"),
    (6, 96, None, 1, True, "hs"))
_LARGE_BLOCKS = (
    (1, 16, 3, 1, False, "relu"), (4, 24, 3, 2, False, "relu"),
    (3, 24, 3, 1, False, "relu"), (3, 40, None, 2, True, "relu"),
    (3, 40, None, 1, True, "relu"), (3, 40, None, 1, True, "relu"),
    (6, 80, 3, 2, False, "hs"), (2.5, 80, 3, 1, False, "hs"),
    (2.3, 80, 3, 1, False, "hs"), (2.3, 80, 3, 1, False, "hs"),
    (6, 112, 3, 1, True, "hs"), (6, 112, 3, 1, True, "hs"),
    (6, 160, None, 2, True, "hs"), (6, 160, None, 1, True, "hs"),
    (6, 160, None, 1, True, "hs"))
_SE_RATIO = 0.25


def MobileNetV3Small(input_shape=None, alpha=1.0, minimalistic=False,
                     include_top=True, weights="imagenet", input_tensor=None,
                     classes=1000, pooling=None, dropout_rate=0.2,
                     classifier_activation="softmax",
                     include_preprocessing=True, name="MobileNetV3Small"):
    """Instantiates the MobileNetV3Small architecture (11 blocks, a
    1024-channel head)."""
    return _mobilenet_v3(
        _SMALL_BLOCKS, 1024, "small", input_shape, alpha, minimalistic,
        include_top, weights, input_tensor, classes, pooling, dropout_rate,
        classifier_activation, include_preprocessing, name)


def MobileNetV3Large(input_shape=None, alpha=1.0, minimalistic=False,
                     include_top=True, weights="imagenet", input_tensor=None,
                     classes=1000, pooling=None, dropout_rate=0.2,
                     classifier_activation="softmax",
                     include_preprocessing=True, name="MobileNetV3Large"):
    """Instantiates the MobileNetV3Large architecture (15 blocks, a
    1280-channel head)."""
    return _mobilenet_v3(
        _LARGE_BLOCKS, 1280, "large", input_shape, alpha, minimalistic,
        include_top, weights, input_tensor, classes, pooling, dropout_rate,
        classifier_activation, include_preprocessing, name)


_ARGS_DOC = """
    The model takes 0-255 pixels (it rescales them to [-1, 1] itself);
    with `include_preprocessing=False` it takes pixels already in [-1, 1].

    Args:
        input_shape: Optional shape tuple, e.g. `(160, 160, 3)`; sides of
            at least 32. By default the input takes any size, top included
            (the top pools globally first). ImageNet weights were trained
            at 224x224; other sizes warn. If `input_tensor` is also given,
            their widths must agree.
        alpha: Width multiplier (default 1.0), rounding each block's
            filters to a multiple of 8. ImageNet weights exist for 0.75
            and 1.0 (1.0 only when minimalistic).
        minimalistic: Without squeeze-and-excite, hard swish and 5x5
            kernels (default False).
        include_top: Whether to include the classifier (default True).
        weights: `None` (random initialization), `"imagenet"` (default)
            or the path of a weights file.
        input_tensor: Optional Keras tensor to use as the image input.
        classes: Number of classes with the top (1000 for ImageNet).
        pooling: Without the top: `None` (4D output), `"avg"` or `"max"`.
        dropout_rate: Dropout rate before the last (logits) layer
            (default 0.2; 0 leaves the Dropout layer out).
        classifier_activation: Activation of the `"predictions"` layer;
            `None` returns logits. With pretrained weights only `None` or
            `"softmax"`.
        include_preprocessing: Whether the model starts with the
            `Rescaling` layer (default True).
        name: The model's name (default `"{name}"`).

    Returns:
        A functional `Model`.
"""
MobileNetV3Small.__doc__ += _ARGS_DOC.format(name="MobileNetV3Small")
MobileNetV3Large.__doc__ += _ARGS_DOC.format(name="MobileNetV3Large")


def _mobilenet_v3(blocks, last_point_ch, model_type, input_shape, alpha,
                  minimalistic, include_top, weights, input_tensor, classes,
                  pooling, dropout_rate, classifier_activation,
                  include_preprocessing, name):
    from kerax import layers
    from kerax.core.keras_tensor import is_keras_tensor
    from kerax.models import Model

    pretrained.check_weights_argument(weights, include_top, classes)
    check_input_tensor(input_tensor, input_shape)
    if input_shape is None:
        if input_tensor is not None and is_keras_tensor(input_tensor):
            input_shape = tuple(input_tensor.shape[1:])
        elif config.image_data_format() == "channels_last":
            input_shape = (None, None, 3)
        else:
            input_shape = (3, None, None)
    rows, cols = spatial_dims(input_shape)
    if rows and cols and (rows < 32 or cols < 32):
        raise ValueError(
            "Input size must be at least 32x32; Received "
            f"`input_shape={input_shape}`")
    if weights == "imagenet":
        if alpha not in ((1.0,) if minimalistic else (0.75, 1.0)):
            raise ValueError(
                "If imagenet weights are being loaded, alpha can be one of "
                "`0.75`, `1.0` for non minimalistic or `1.0` for "
                f"minimalistic only. Received: alpha={alpha}")
        imagenet_rows(rows, cols, (224,), stacklevel=4)
    img_input = pretrained.image_input(input_tensor, input_shape)

    if minimalistic:
        kernel, activation, se_ratio = 3, _relu, None
    else:
        kernel, activation, se_ratio = 5, _hard_swish, _SE_RATIO
    x = img_input
    if include_preprocessing:
        x = layers.Rescaling(scale=1.0 / 127.5, offset=-1.0)(x)
    x = layers.Conv2D(16, kernel_size=3, strides=(2, 2), padding="same",
                      use_bias=False, name="conv")(x)
    x = _batch_norm(layers, "conv_bn")(x)
    x = activation(x)
    for block_id, (expansion, filters, size, stride, se, act) in enumerate(
            blocks):
        x = _inverted_res_block(
            x, expansion, make_divisible(filters * alpha), size or kernel,
            stride, se_ratio if se else None,
            _relu if act == "relu" else activation, block_id)

    last_conv_ch = make_divisible(x.shape[channel_axis()] * 6)
    if alpha > 1.0:
        last_point_ch = make_divisible(last_point_ch * alpha)
    x = layers.Conv2D(last_conv_ch, kernel_size=1, padding="same",
                      use_bias=False, name="conv_1")(x)
    x = _batch_norm(layers, "conv_1_bn")(x)
    x = activation(x)
    if include_top:
        x = layers.GlobalAveragePooling2D(keepdims=True)(x)
        x = layers.Conv2D(last_point_ch, kernel_size=1, padding="same",
                          use_bias=True, name="conv_2")(x)
        x = activation(x)
        if dropout_rate > 0:
            x = layers.Dropout(dropout_rate)(x)
        x = layers.Conv2D(classes, kernel_size=1, padding="same",
                          name="logits")(x)
        x = layers.Flatten()(x)
        imagenet_utils.validate_activation(classifier_activation, weights)
        x = layers.Activation(classifier_activation, name="predictions")(x)
    else:
        x = pretrained.global_pool(x, pooling, named=True)

    model = Model(pretrained.model_inputs(input_tensor, img_input), x,
                  name=name)
    url = file_hash = None
    if weights == "imagenet":
        url, file_hash = weights_file(model_type, minimalistic, alpha,
                                      include_top)
    pretrained.load_weights(model, weights, url, file_hash)
    return model


def weights_file(model_type, minimalistic, alpha, include_top):
    """`(url, md5)` of Keras's ImageNet weights for `model_type`
    ("small" or "large"), trained at 224x224."""
    key = (f"{model_type}{'_minimalistic' if minimalistic else ''}"
           f"_224_{float(alpha)}_float")
    suffix = "" if include_top else "_no_top_v2"
    url = f"{BASE_WEIGHT_PATH}weights_mobilenet_v3_{key}{suffix}.h5"
    return url, WEIGHTS_HASHES[key][0 if include_top else 1]


def _batch_norm(layers, name):
    return layers.BatchNormalization(axis=channel_axis(), epsilon=1e-3,
                                     momentum=0.999, name=name)


def _relu(x):
    from kerax import layers

    return layers.ReLU()(x)


def _hard_swish(x):
    from kerax import layers

    return layers.Activation("hard_swish")(x)


def _hard_sigmoid(x):
    """relu6(x + 3) / 6, as Keras builds it (two ops around a ReLU)."""
    from kerax import layers

    return layers.ReLU(6.0)(x + 3.0) * (1.0 / 6.0)


def _se_block(inputs, filters, se_ratio, prefix):
    """Squeeze-and-excite: channel weights from the pooled input, through
    a bottleneck of `filters * se_ratio` channels, gate the input."""
    from kerax import layers

    x = layers.GlobalAveragePooling2D(
        keepdims=True, name=f"{prefix}squeeze_excite_avg_pool")(inputs)
    x = layers.Conv2D(make_divisible(filters * se_ratio), kernel_size=1,
                      padding="same", name=f"{prefix}squeeze_excite_conv")(x)
    x = layers.ReLU(name=f"{prefix}squeeze_excite_relu")(x)
    x = layers.Conv2D(filters, kernel_size=1, padding="same",
                      name=f"{prefix}squeeze_excite_conv_1")(x)
    x = _hard_sigmoid(x)
    return layers.Multiply(name=f"{prefix}squeeze_excite_mul")([inputs, x])


def _inverted_res_block(x, expansion, filters, kernel_size, stride,
                        se_ratio, activation, block_id):
    """Expand (1x1, skipped in block 0), depthwise, optional
    squeeze-and-excite, linear 1x1 projection; adds the input back when
    shapes match."""
    from kerax import layers

    shortcut = x
    in_filters = x.shape[channel_axis()]
    expanded = make_divisible(in_filters * expansion)
    prefix = "expanded_conv_"
    if block_id:
        prefix = f"expanded_conv_{block_id}_"
        x = layers.Conv2D(expanded, kernel_size=1, padding="same",
                          use_bias=False, name=f"{prefix}expand")(x)
        x = _batch_norm(layers, f"{prefix}expand_bn")(x)
        x = activation(x)
    if stride == 2:
        x = layers.ZeroPadding2D(
            padding=imagenet_utils.correct_pad(x, kernel_size),
            name=f"{prefix}depthwise_pad")(x)
    x = layers.DepthwiseConv2D(
        kernel_size, strides=stride, use_bias=False,
        padding="same" if stride == 1 else "valid",
        name=f"{prefix}depthwise")(x)
    x = _batch_norm(layers, f"{prefix}depthwise_bn")(x)
    x = activation(x)
    if se_ratio:
        x = _se_block(x, expanded, se_ratio, prefix)
    x = layers.Conv2D(filters, kernel_size=1, padding="same",
                      use_bias=False, name=f"{prefix}project")(x)
    x = _batch_norm(layers, f"{prefix}project_bn")(x)
    if stride == 1 and in_filters == filters:
        x = layers.Add(name=f"{prefix}add")([shortcut, x])
    return x


def preprocess_input(x, data_format=None):
    """Returns `x` unchanged: MobileNetV3 models rescale their input
    themselves (kept so code written for other models runs as is)."""
    return x


def decode_predictions(preds, top=5):
    """Decodes ImageNet predictions; see
    `kerax.applications.imagenet_utils.decode_predictions`."""
    return imagenet_utils.decode_predictions(preds, top=top)
