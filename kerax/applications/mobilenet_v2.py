"""MobileNetV2 (Sandler et al., CVPR 2018), as
`keras.applications.mobilenet_v2`.

A strided 3x3 convolution, then 17 inverted residual blocks: a 1x1
expansion (6x the input channels, except in the first block), a 3x3
depthwise convolution and a linear 1x1 projection, with a residual
connection where the shape allows; each convolution has batch
normalization, the first two ReLU6. A 1x1 convolution to 1280 channels
ends the network, then global average pooling and the classifier.
`alpha` scales the widths (rounded to multiples of 8). The layer names
are Keras's, so Keras's ImageNet weight files load into it.

>>> from kerax.applications import MobileNetV2
>>> model = MobileNetV2(weights=None, input_shape=(32, 32, 3), alpha=0.35,
...                     include_top=False, pooling="avg")
>>> model.name, model.output_shape
('mobilenetv2_0.35_32', (None, 1280))

`make_divisible` and `check_input_tensor` are shared with MobileNetV3.
"""

from __future__ import annotations

from kerax import config
from kerax.applications import imagenet_utils, pretrained
from kerax.applications.mobilenet import (
    default_size,
    imagenet_rows,
    spatial_dims,
)

BASE_WEIGHT_PATH = ("https://storage.googleapis.com/tensorflow/"
                    "keras-applications/mobilenet_v2/")

_ALPHAS = (0.35, 0.50, 0.75, 1.0, 1.3, 1.4)
_SIZES = (96, 128, 160, 192, 224)

# (output filters, stride, expansion) of the 17 inverted residual blocks.
_BLOCKS = ((16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6),
           (32, 1, 6), (64, 2, 6), (64, 1, 6), (64, 1, 6), (64, 1, 6),
           (96, 1, 6), (96, 1, 6), (96, 1, 6), (160, 2, 6), (160, 1, 6),
           (160, 1, 6), (320, 1, 6))


def MobileNetV2(input_shape=None, alpha=1.0, include_top=True,
                weights="imagenet", input_tensor=None, pooling=None,
                classes=1000, classifier_activation="softmax", name=None):
    """Instantiates the MobileNetV2 architecture.

    Call `kerax.applications.mobilenet_v2.preprocess_input` on the images
    first (it scales 0-255 pixels to [-1, 1]).

    Args:
        input_shape: Optional shape tuple, e.g. `(160, 160, 3)`; with the
            top and ImageNet weights it must be square with a side of 96,
            128, 160, 192 or 224 (default 224), 3 channels, sides of at
            least 32. If `input_tensor` is also given, their widths must
            agree.
        alpha: Width multiplier (default 1.0); each block's filters are
            `alpha` times the paper's, rounded to a multiple of 8, and the
            last convolution widens past 1280 when `alpha > 1`. ImageNet
            weights exist for 0.35, 0.5, 0.75, 1.0, 1.3 and 1.4.
        include_top: Whether to include the classifier (default True).
        weights: `None` (random initialization), `"imagenet"` (default)
            or the path of a weights file.
        input_tensor: Optional Keras tensor to use as the image input.
        pooling: Without the top: `None` (4D output), `"avg"` or `"max"`.
        classes: Number of classes with the top (1000 for ImageNet).
        classifier_activation: Activation of the `"predictions"` layer;
            `None` returns logits. With pretrained weights only `None` or
            `"softmax"`.
        name: The model's name; by default
            `"mobilenetv2_{alpha:.2f}_{rows}"` (e.g. `"mobilenetv2_1.00_224"`).

    Returns:
        A functional `Model`.
    """
    from kerax import layers
    from kerax.models import Model

    pretrained.check_weights_argument(weights, include_top, classes)
    check_input_tensor(input_tensor, input_shape)
    shape_hint = input_shape
    if shape_hint is None and _is_symbolic(input_tensor):
        shape_hint = tuple(input_tensor.shape[1:])
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=default_size(shape_hint, _SIZES),
        min_size=32, data_format=config.image_data_format(),
        require_flatten=include_top, weights=weights)
    rows, cols = spatial_dims(input_shape)
    if weights == "imagenet":
        if alpha not in _ALPHAS:
            raise ValueError(
                "If imagenet weights are being loaded, alpha must be one of "
                "`0.35`, `0.50`, `0.75`, `1.0`, `1.3` or `1.4` only; "
                f"Received `alpha={alpha}`")
        rows = imagenet_rows(rows, cols, _SIZES)
    img_input = pretrained.image_input(input_tensor, input_shape)

    x = layers.Conv2D(make_divisible(32 * alpha, 8), kernel_size=3,
                      strides=(2, 2), padding="same", use_bias=False,
                      name="Conv1")(img_input)
    x = _batch_norm(layers, "bn_Conv1")(x)
    x = layers.ReLU(6.0, name="Conv1_relu")(x)
    for block_id, (filters, stride, expansion) in enumerate(_BLOCKS):
        x = _inverted_res_block(layers, x, expansion, stride,
                                make_divisible(int(filters * alpha), 8),
                                block_id)
    last_filters = make_divisible(1280 * alpha, 8) if alpha > 1.0 else 1280
    x = layers.Conv2D(last_filters, kernel_size=1, use_bias=False,
                      name="Conv_1")(x)
    x = _batch_norm(layers, "Conv_1_bn")(x)
    x = layers.ReLU(6.0, name="out_relu")(x)

    if include_top:
        x = layers.GlobalAveragePooling2D()(x)
        x = pretrained.predictions(x, classes, classifier_activation,
                                   weights)
    else:
        x = pretrained.global_pool(x, pooling)

    if name is None:
        name = f"mobilenetv2_{alpha:0.2f}_{rows}"
    model = Model(pretrained.model_inputs(input_tensor, img_input), x,
                  name=name)
    url = weights_url(alpha, rows, include_top) if (
        weights == "imagenet") else None
    pretrained.load_weights(model, weights, url)
    return model


def weights_url(alpha, rows, include_top):
    """The URL of Keras's ImageNet weights for this width and input size
    (e.g. `..._kernels_0.35_96_no_top.h5`)."""
    top = "" if include_top else "_no_top"
    return (f"{BASE_WEIGHT_PATH}mobilenet_v2_weights_tf_dim_ordering_"
            f"tf_kernels_{float(alpha)}_{rows}{top}.h5")


def _inverted_res_block(layers, inputs, expansion, stride, filters,
                        block_id):
    """Expand (1x1, skipped in block 0), depthwise 3x3, project (1x1,
    linear); adds the input back when shapes match."""
    in_channels = inputs.shape[channel_axis()]
    x = inputs
    if block_id:
        prefix = f"block_{block_id}_"
        x = layers.Conv2D(expansion * in_channels, kernel_size=1,
                          padding="same", use_bias=False, activation=None,
                          name=f"{prefix}expand")(x)
        x = _batch_norm(layers, f"{prefix}expand_BN")(x)
        x = layers.ReLU(6.0, name=f"{prefix}expand_relu")(x)
    else:
        prefix = "expanded_conv_"
    if stride == 2:
        x = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(x, 3),
                                 name=f"{prefix}pad")(x)
    x = layers.DepthwiseConv2D(
        kernel_size=3, strides=stride, activation=None, use_bias=False,
        padding="same" if stride == 1 else "valid",
        name=f"{prefix}depthwise")(x)
    x = _batch_norm(layers, f"{prefix}depthwise_BN")(x)
    x = layers.ReLU(6.0, name=f"{prefix}depthwise_relu")(x)
    x = layers.Conv2D(filters, kernel_size=1, padding="same",
                      use_bias=False, activation=None,
                      name=f"{prefix}project")(x)
    x = _batch_norm(layers, f"{prefix}project_BN")(x)
    if in_channels == filters and stride == 1:
        return layers.Add(name=f"{prefix}add")([inputs, x])
    return x


def _batch_norm(layers, name):
    return layers.BatchNormalization(axis=channel_axis(), epsilon=1e-3,
                                     momentum=0.999, name=name)


def channel_axis():
    return -1 if config.image_data_format() == "channels_last" else 1


def make_divisible(value, divisor=8, min_value=None):
    """`value` rounded to the nearest multiple of `divisor` (at least
    `min_value`, default `divisor`), rounded up a step when rounding down
    lost more than 10%."""
    if min_value is None:
        min_value = divisor
    rounded = max(min_value, int(value + divisor / 2) // divisor * divisor)
    if rounded < 0.9 * value:
        rounded += divisor
    return rounded


def _is_symbolic(tensor):
    from kerax.core.keras_tensor import is_keras_tensor

    return tensor is not None and is_keras_tensor(tensor)


def check_input_tensor(input_tensor, input_shape):
    """With both `input_tensor` and `input_shape`, the tensor must be
    symbolic and its width must equal `input_shape`'s (Keras's check;
    Keras compares the channels by mistake under `channels_first`)."""
    if input_tensor is None or input_shape is None:
        return
    if not _is_symbolic(input_tensor):
        raise ValueError(
            "input_tensor is not a Keras tensor; Received "
            f"`input_tensor={input_tensor}`")
    width_axis = 2 if config.image_data_format() == "channels_first" else 1
    if input_tensor.shape[width_axis + 1] != input_shape[width_axis]:
        raise ValueError(
            "The width of `input_tensor` must equal the width in "
            f"`input_shape`; Received `input_tensor.shape="
            f"{input_tensor.shape}`, `input_shape={input_shape}`")


def preprocess_input(x, data_format=None):
    """Scales a batch of RGB images from 0-255 to [-1, 1], as MobileNetV2
    was trained (`imagenet_utils.preprocess_input` with `mode="tf"`)."""
    return imagenet_utils.preprocess_input(x, data_format=data_format,
                                           mode="tf")


def decode_predictions(preds, top=5):
    """Decodes ImageNet predictions; see
    `kerax.applications.imagenet_utils.decode_predictions`."""
    return imagenet_utils.decode_predictions(preds, top=top)
