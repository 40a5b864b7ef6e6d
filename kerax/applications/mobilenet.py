"""MobileNet (Howard et al., 2017), as `keras.applications.mobilenet`.

A strided 3x3 convolution, then 13 depthwise-separable blocks: a 3x3
depthwise convolution and a 1x1 pointwise convolution, each followed by
batch normalization and ReLU6. `alpha` scales every block's width and
`depth_multiplier` the depthwise outputs per channel. On top, global
average pooling, dropout and a 1x1 convolution as the classifier. The
layer names are Keras's, so Keras's ImageNet weight files load into it.

>>> from kerax.applications import MobileNet
>>> model = MobileNet(weights=None, input_shape=(32, 32, 3), alpha=0.25,
...                   include_top=False, pooling="avg")
>>> model.name, model.output_shape
('mobilenet_0.25_32', (None, 256))

`default_size` and `imagenet_rows` are shared with MobileNetV2 and V3.
"""

from __future__ import annotations

import warnings

from kerax import config
from kerax.applications import imagenet_utils, pretrained

BASE_WEIGHT_PATH = ("https://storage.googleapis.com/tensorflow/"
                    "keras-applications/mobilenet/")

# ImageNet weights exist for these widths and (square) input sizes.
_ALPHAS = (0.25, 0.50, 0.75, 1.0)
_SIZES = (128, 160, 192, 224)
_ALPHA_TEXT = {1.0: "1_0", 0.75: "7_5", 0.5: "5_0", 0.25: "2_5"}

# (pointwise filters, stride) of the 13 depthwise-separable blocks.
_BLOCKS = ((64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
           (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2),
           (1024, 1))


def MobileNet(input_shape=None, alpha=1.0, depth_multiplier=1,
              dropout=1e-3, include_top=True, weights="imagenet",
              input_tensor=None, pooling=None, classes=1000,
              classifier_activation="softmax", name=None):
    """Instantiates the MobileNet architecture.

    Call `kerax.applications.mobilenet.preprocess_input` on the images
    first (it scales 0-255 pixels to [-1, 1]).

    Args:
        input_shape: Optional shape tuple, e.g. `(160, 160, 3)`; with the
            top and ImageNet weights it must be `(224, 224, 3)` or another
            square size of 128, 160 or 192 (3 channels, sides of at least
            32). Ignored when `input_tensor` is given.
        alpha: Width multiplier: every layer has `alpha` times the paper's
            filters (default 1.0). ImageNet weights exist for 0.25, 0.5,
            0.75 and 1.0.
        depth_multiplier: Depthwise outputs per input channel (default 1;
            must be 1 for ImageNet weights).
        dropout: Dropout rate before the classifier (default 0.001).
        include_top: Whether to include the classifier (default True).
        weights: `None` (random initialization), `"imagenet"` (default)
            or the path of a weights file.
        input_tensor: Optional Keras tensor to use as the image input.
        pooling: Without the top: `None` (4D output), `"avg"` or `"max"`.
        classes: Number of classes with the top (1000 for ImageNet).
        classifier_activation: Activation of the `"predictions"` layer;
            `None` returns logits. With pretrained weights only `None` or
            `"softmax"`.
        name: The model's name; by default `"mobilenet_{alpha:.2f}_{rows}"`
            (e.g. `"mobilenet_1.00_224"`).

    Returns:
        A functional `Model`.
    """
    from kerax import layers
    from kerax.models import Model

    pretrained.check_weights_argument(weights, include_top, classes)
    data_format = config.image_data_format()
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=default_size(input_shape, _SIZES),
        min_size=32, data_format=data_format, require_flatten=include_top,
        weights=weights)
    rows, cols = spatial_dims(input_shape)
    if weights == "imagenet":
        if depth_multiplier != 1:
            raise ValueError(
                "If imagenet weights are being loaded, depth multiplier "
                f"must be 1.  Received depth_multiplier={depth_multiplier}")
        if alpha not in _ALPHAS:
            raise ValueError(
                "If imagenet weights are being loaded, alpha can be one of "
                "`0.25`, `0.50`, `0.75` or `1.0` only.  Received "
                f"alpha={alpha}")
        rows = imagenet_rows(rows, cols, _SIZES)
    img_input = pretrained.image_input(input_tensor, input_shape)

    x = _conv_block(layers, img_input, int(32 * alpha))
    for block_id, (filters, stride) in enumerate(_BLOCKS, start=1):
        x = _depthwise_conv_block(layers, x, int(filters * alpha),
                                  depth_multiplier, stride, block_id)

    if include_top:
        x = layers.GlobalAveragePooling2D(keepdims=True)(x)
        x = layers.Dropout(dropout, name="dropout")(x)
        x = layers.Conv2D(classes, (1, 1), padding="same",
                          name="conv_preds")(x)
        x = layers.Reshape((classes,), name="reshape_2")(x)
        imagenet_utils.validate_activation(classifier_activation, weights)
        x = layers.Activation(classifier_activation, name="predictions")(x)
    else:
        x = pretrained.global_pool(x, pooling)

    if name is None:
        name = f"mobilenet_{alpha:0.2f}_{rows}"
    model = Model(pretrained.model_inputs(input_tensor, img_input), x,
                  name=name)
    url = weights_url(alpha, rows, include_top) if (
        weights == "imagenet") else None
    pretrained.load_weights(model, weights, url)
    return model


def weights_url(alpha, rows, include_top):
    """The URL of Keras's ImageNet weights for this width and input size
    (e.g. `.../mobilenet_7_5_160_tf_no_top.h5`)."""
    top = "" if include_top else "_no_top"
    return (f"{BASE_WEIGHT_PATH}mobilenet_{_ALPHA_TEXT[float(alpha)]}_"
            f"{rows}_tf{top}.h5")


def _channel_axis():
    return -1 if config.image_data_format() == "channels_last" else 1


def _conv_block(layers, x, filters):
    """The stem: strided 3x3 convolution, batch norm, ReLU6."""
    x = layers.Conv2D(filters, (3, 3), padding="same", use_bias=False,
                      strides=(2, 2), name="conv1")(x)
    x = layers.BatchNormalization(axis=_channel_axis(), name="conv1_bn")(x)
    return layers.ReLU(6.0, name="conv1_relu")(x)


def _depthwise_conv_block(layers, x, filters, depth_multiplier, stride,
                          block_id):
    """3x3 depthwise then 1x1 pointwise convolution, each with batch norm
    and ReLU6; a strided block pads the bottom and right by one first."""
    axis = _channel_axis()
    if stride != 1:
        x = layers.ZeroPadding2D(((0, 1), (0, 1)),
                                 name=f"conv_pad_{block_id}")(x)
    x = layers.DepthwiseConv2D(
        (3, 3), padding="same" if stride == 1 else "valid",
        depth_multiplier=depth_multiplier, strides=(stride, stride),
        use_bias=False, name=f"conv_dw_{block_id}")(x)
    x = layers.BatchNormalization(axis=axis, name=f"conv_dw_{block_id}_bn")(x)
    x = layers.ReLU(6.0, name=f"conv_dw_{block_id}_relu")(x)
    x = layers.Conv2D(filters, (1, 1), padding="same", use_bias=False,
                      strides=(1, 1), name=f"conv_pw_{block_id}")(x)
    x = layers.BatchNormalization(axis=axis, name=f"conv_pw_{block_id}_bn")(x)
    return layers.ReLU(6.0, name=f"conv_pw_{block_id}_relu")(x)


def spatial_dims(shape):
    """`(rows, cols)` of an image shape without the batch axis."""
    if config.image_data_format() == "channels_first":
        return shape[1], shape[2]
    return shape[0], shape[1]


def default_size(shape, sizes):
    """The input size whose weights fit `shape`: its side when it is
    square and one of `sizes`, else 224."""
    if shape is None:
        return 224
    rows, cols = spatial_dims(shape)
    return rows if rows == cols and rows in sizes else 224


def imagenet_rows(rows, cols, sizes, stacklevel=3):
    """The input size of the ImageNet weights to load: `rows`, or 224
    with Keras's warning when the input is not square of one of
    `sizes` (`stacklevel` points the warning at the user's call)."""
    if rows == cols and rows in sizes:
        return rows
    allowed = (f"is not {sizes[0]}" if len(sizes) == 1
               else f"is not in {list(sizes)}")
    warnings.warn(
        "`input_shape` is undefined or non-square, or `rows` "
        f"{allowed}. Weights for input shape (224, 224) will be loaded as "
        "the default.", stacklevel=stacklevel)
    return 224


def preprocess_input(x, data_format=None):
    """Scales a batch of RGB images from 0-255 to [-1, 1], as MobileNet
    was trained (`imagenet_utils.preprocess_input` with `mode="tf"`)."""
    return imagenet_utils.preprocess_input(x, data_format=data_format,
                                           mode="tf")


def decode_predictions(preds, top=5):
    """Decodes ImageNet predictions; see
    `kerax.applications.imagenet_utils.decode_predictions`."""
    return imagenet_utils.decode_predictions(preds, top=top)
