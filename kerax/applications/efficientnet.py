"""EfficientNetB0 to B7 (Tan & Le, ICML 2019), as
`keras.applications.efficientnet`.

A stride-2 3x3 stem, seven stages of mobile inverted bottleneck blocks
(expansion 1x1 convolution, depthwise convolution, squeeze-and-excite,
projection 1x1 convolution, and a residual connection with stochastic
depth when shapes allow it), a 1x1 "top" convolution and, with the top,
global average pooling, dropout and the classifier. B1 to B7 scale B0's
widths with `round_filters`, its depths with `round_repeats` and its input
size. All activations are swish.

The input scaling is part of the model: images with 0-255 values go in
as they are (`Rescaling` to 0-1, then a `Normalization` layer whose mean
and variance Keras's ImageNet files set). Layer names are Keras's, so
Keras's ImageNet weight files load into it.

>>> from kerax.applications import EfficientNetB0
>>> model = EfficientNetB0(weights=None, include_top=False,
...                        input_shape=(32, 32, 3), pooling="avg")
>>> model.output_shape
(None, 1280)

`squeeze_excite` and `classifier_top` are shared with
`kerax.applications.efficientnet_v2`.
"""

from __future__ import annotations

import copy
import math

from kerax import config
from kerax.applications import imagenet_utils, pretrained

BASE_WEIGHTS_PATH = "https://storage.googleapis.com/keras-applications/"
# (with the top, without) md5s of Keras's ImageNet files, by variant.
WEIGHTS_HASHES = {
    "b0": ("902e53a9f72be733fc0bcb005b3ebbac",
           "50bc09e76180e00e4465e1a485ddc09d"),
    "b1": ("1d254153d4ab51201f1646940f018540",
           "74c4e6b3e1f6a1eea24c589628592432"),
    "b2": ("b15cce36ff4dcbd00b6dd88e7857a6ad",
           "111f8e2ac8aa800a7a99e3239f7bfb39"),
    "b3": ("ffd1fdc53d0ce67064dc6a9c7960ede0",
           "af6d107764bb5b1abb91932881670226"),
    "b4": ("18c95ad55216b8f92d7e70b3a046e2fc",
           "ebc24e6d6c33eaebbd558eafbeedf1ba"),
    "b5": ("ace28f2a6363774853a83a0b21b9421a",
           "38879255a25d3c92d5e44e04ae6cec6f"),
    "b6": ("165f6e37dce68623721b423839de8be5",
           "9ecce42647a20130c1f39a5d4cb75743"),
    "b7": ("8c03f828fec3ef71311cd463b6759d99",
           "cbcfe4450ddf6f3ad90b1b398090fe4a"),
}

# B0's stages: kernel size, repeats, input filters, output filters,
# expansion ratio, stride of the stage's first block.
_B0_STAGES = (
    (3, 1, 32, 16, 1, 1),
    (3, 2, 16, 24, 6, 2),
    (5, 2, 24, 40, 6, 2),
    (3, 3, 40, 80, 6, 2),
    (5, 3, 80, 112, 6, 1),
    (5, 4, 112, 192, 6, 2),
    (3, 1, 192, 320, 6, 1),
)
DEFAULT_BLOCKS_ARGS = [
    {"kernel_size": kernel, "repeats": repeats, "filters_in": f_in,
     "filters_out": f_out, "expand_ratio": expand, "id_skip": True,
     "strides": strides, "se_ratio": 0.25}
    for kernel, repeats, f_in, f_out, expand, strides in _B0_STAGES
]

CONV_KERNEL_INITIALIZER = {
    "class_name": "VarianceScaling",
    "config": {"scale": 2.0, "mode": "fan_out",
               "distribution": "truncated_normal"},
}
DENSE_KERNEL_INITIALIZER = {
    "class_name": "VarianceScaling",
    "config": {"scale": 1.0 / 3.0, "mode": "fan_out",
               "distribution": "uniform"},
}

# Keras's ImageNet files store these standard deviations as the
# Normalization layer's *variance*; the model divides once more by their
# square roots to end up dividing by the standard deviation.
IMAGENET_STDDEV_RGB = [0.229, 0.224, 0.225]


def _bn_axis():
    return 3 if config.image_data_format() == "channels_last" else 1


def round_filters(filters, width_coefficient, depth_divisor=8):
    """`filters * width_coefficient` rounded to the nearest multiple of
    `depth_divisor` (at least one multiple), one multiple more when
    rounding lost over 10%."""
    scaled = filters * width_coefficient
    rounded = max(depth_divisor,
                  int(scaled + depth_divisor / 2) // depth_divisor
                  * depth_divisor)
    if rounded < 0.9 * scaled:
        rounded += depth_divisor
    return int(rounded)


def round_repeats(repeats, depth_coefficient):
    """`repeats * depth_coefficient`, rounded up."""
    return math.ceil(depth_coefficient * repeats)


def EfficientNet(width_coefficient, depth_coefficient, default_size,
                 dropout_rate=0.2, drop_connect_rate=0.2, depth_divisor=8,
                 activation="swish", blocks_args="default",
                 name="efficientnet", include_top=True, weights="imagenet",
                 input_tensor=None, input_shape=None, pooling=None,
                 classes=1000, classifier_activation="softmax",
                 weights_name=None):
    """Builds an EfficientNet scaled by the given coefficients.

    Args:
        width_coefficient: Multiplier of every layer's filters (through
            `round_filters`).
        depth_coefficient: Multiplier of every stage's block count
            (through `round_repeats`).
        default_size: Input side length of the ImageNet weights.
        dropout_rate: Dropout rate before the classifier.
        drop_connect_rate: Stochastic-depth rate of the last block; block
            `b` of `n` drops its residual branch with rate
            `drop_connect_rate * b / n`.
        depth_divisor: Filter counts are multiples of this.
        activation: Activation of the convolutions (default swish).
        blocks_args: `"default"` (`DEFAULT_BLOCKS_ARGS`, B0's stages) or a
            list of dicts of `block` arguments plus `repeats`.
        weights_name: `WEIGHTS_HASHES` key of the ImageNet file that
            `weights="imagenet"` loads (e.g. `"b0"`).
        The other arguments are those of `EfficientNetB0`.

    Returns:
        A functional `Model`.
    """
    from kerax import layers
    from kerax.models import Model

    if blocks_args == "default":
        blocks_args = DEFAULT_BLOCKS_ARGS
    pretrained.check_weights_argument(weights, include_top, classes)
    pretrained.check_weights_name(weights, weights_name, WEIGHTS_HASHES)
    for args in blocks_args:
        if args["repeats"] <= 0:
            raise ValueError(
                "The number of repeats in `EfficientNet` must be > 0. "
                f"Received: repeats={args['repeats']}")
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=default_size, min_size=32,
        data_format=config.image_data_format(),
        require_flatten=include_top, weights=weights)
    img_input = pretrained.image_input(input_tensor, input_shape)
    bn_axis = _bn_axis()

    def filters_of(count):
        return round_filters(count, width_coefficient, depth_divisor)

    # The stem; the normalization layers are auto-named, as in Keras.
    x = layers.Rescaling(1.0 / 255.0)(img_input)
    x = layers.Normalization(axis=bn_axis)(x)
    if weights == "imagenet":
        x = layers.Rescaling(
            [1.0 / math.sqrt(std) for std in IMAGENET_STDDEV_RGB])(x)
    x = layers.ZeroPadding2D(padding=imagenet_utils.correct_pad(x, 3),
                             name="stem_conv_pad")(x)
    x = layers.Conv2D(filters_of(32), 3, strides=2, padding="valid",
                      use_bias=False,
                      kernel_initializer=CONV_KERNEL_INITIALIZER,
                      name="stem_conv")(x)
    x = layers.BatchNormalization(axis=bn_axis, name="stem_bn")(x)
    x = layers.Activation(activation, name="stem_activation")(x)

    total = float(sum(round_repeats(args["repeats"], depth_coefficient)
                      for args in blocks_args))
    done = 0
    for stage, args in enumerate(copy.deepcopy(blocks_args), start=1):
        repeats = round_repeats(args.pop("repeats"), depth_coefficient)
        args["filters_in"] = filters_of(args["filters_in"])
        args["filters_out"] = filters_of(args["filters_out"])
        for j in range(repeats):
            if j > 0:  # only a stage's first block strides or widens
                args["strides"] = 1
                args["filters_in"] = args["filters_out"]
            x = block(x, activation, drop_connect_rate * done / total,
                      name=f"block{stage}{chr(ord('a') + j)}_", **args)
            done += 1

    x = layers.Conv2D(filters_of(1280), 1, padding="same", use_bias=False,
                      kernel_initializer=CONV_KERNEL_INITIALIZER,
                      name="top_conv")(x)
    x = layers.BatchNormalization(axis=bn_axis, name="top_bn")(x)
    x = layers.Activation(activation, name="top_activation")(x)
    x = classifier_top(x, include_top, pooling, dropout_rate, classes,
                       classifier_activation, weights)

    model = Model(pretrained.model_inputs(input_tensor, img_input), x,
                  name=name)
    url = file_hash = None
    if weights == "imagenet":
        suffix = "" if include_top else "_notop"
        url = f"{BASE_WEIGHTS_PATH}efficientnet{weights_name}{suffix}.h5"
        file_hash = WEIGHTS_HASHES[weights_name][0 if include_top else 1]
    pretrained.load_weights(model, weights, url, file_hash)
    return model


def block(inputs, activation="swish", drop_rate=0.0, name="",
          filters_in=32, filters_out=16, kernel_size=3, strides=1,
          expand_ratio=1, se_ratio=0.0, id_skip=True):
    """A mobile inverted bottleneck block (MBConv).

    A 1x1 expansion to `filters_in * expand_ratio` channels (skipped when
    `expand_ratio` is 1), a `kernel_size` depthwise convolution (stride
    `strides`, explicitly padded when 2), squeeze-and-excite with
    `se_ratio`, and a 1x1 projection to `filters_out`; each convolution is
    batch-normalized. With `id_skip`, stride 1 and equal filter counts the
    input is added back, after a per-sample `Dropout(drop_rate)` of the
    branch (stochastic depth). Layer names start with `name`.

    Returns:
        The block's output tensor.
    """
    from kerax import layers

    bn_axis = _bn_axis()
    filters = filters_in * expand_ratio
    x = inputs
    if expand_ratio != 1:
        x = layers.Conv2D(filters, 1, padding="same", use_bias=False,
                          kernel_initializer=CONV_KERNEL_INITIALIZER,
                          name=f"{name}expand_conv")(x)
        x = layers.BatchNormalization(axis=bn_axis,
                                      name=f"{name}expand_bn")(x)
        x = layers.Activation(activation,
                              name=f"{name}expand_activation")(x)

    padding = "same"
    if strides == 2:
        x = layers.ZeroPadding2D(
            padding=imagenet_utils.correct_pad(x, kernel_size),
            name=f"{name}dwconv_pad")(x)
        padding = "valid"
    x = layers.DepthwiseConv2D(kernel_size, strides=strides, padding=padding,
                               use_bias=False,
                               depthwise_initializer=CONV_KERNEL_INITIALIZER,
                               name=f"{name}dwconv")(x)
    x = layers.BatchNormalization(axis=bn_axis, name=f"{name}bn")(x)
    x = layers.Activation(activation, name=f"{name}activation")(x)
    x = squeeze_excite(x, filters, filters_in, se_ratio, activation, name)

    x = layers.Conv2D(filters_out, 1, padding="same", use_bias=False,
                      kernel_initializer=CONV_KERNEL_INITIALIZER,
                      name=f"{name}project_conv")(x)
    x = layers.BatchNormalization(axis=bn_axis, name=f"{name}project_bn")(x)
    if id_skip and strides == 1 and filters_in == filters_out:
        x = residual(x, inputs, drop_rate, name)
    return x


def squeeze_excite(x, filters, filters_in, se_ratio, activation, name):
    """Scales `x`'s `filters` channels by a sigmoid gate computed from
    their global average through a bottleneck of
    `max(1, int(filters_in * se_ratio))` channels; `x` itself unless
    `0 < se_ratio <= 1`."""
    from kerax import layers

    if not 0 < se_ratio <= 1:
        return x
    squeezed = max(1, int(filters_in * se_ratio))
    shape = (1, 1, filters) if _bn_axis() == 3 else (filters, 1, 1)
    se = layers.GlobalAveragePooling2D(name=f"{name}se_squeeze")(x)
    se = layers.Reshape(shape, name=f"{name}se_reshape")(se)
    se = layers.Conv2D(squeezed, 1, padding="same", activation=activation,
                       kernel_initializer=CONV_KERNEL_INITIALIZER,
                       name=f"{name}se_reduce")(se)
    se = layers.Conv2D(filters, 1, padding="same", activation="sigmoid",
                       kernel_initializer=CONV_KERNEL_INITIALIZER,
                       name=f"{name}se_expand")(se)
    return layers.Multiply(name=f"{name}se_excite")([x, se])


def residual(x, inputs, drop_rate, name):
    """`x + inputs`; when `drop_rate` is set, `x` first goes through a
    Dropout that drops whole samples (stochastic depth)."""
    from kerax import layers

    if drop_rate:
        x = layers.Dropout(drop_rate, noise_shape=(None, 1, 1, 1),
                           name=f"{name}drop")(x)
    return layers.Add(name=f"{name}add")([x, inputs])


def classifier_top(x, include_top, pooling, dropout_rate, classes,
                   classifier_activation, weights,
                   bias_initializer="zeros"):
    """With `include_top`: global average pooling, dropout (when
    `dropout_rate > 0`) and the `"predictions"` Dense layer; without it,
    the optional global `pooling` ("avg" or "max")."""
    from kerax import layers

    if include_top:
        x = layers.GlobalAveragePooling2D(name="avg_pool")(x)
        if dropout_rate > 0:
            x = layers.Dropout(dropout_rate, name="top_dropout")(x)
        imagenet_utils.validate_activation(classifier_activation, weights)
        return layers.Dense(classes, activation=classifier_activation,
                            kernel_initializer=DENSE_KERNEL_INITIALIZER,
                            bias_initializer=bias_initializer,
                            name="predictions")(x)
    if pooling == "avg":
        return layers.GlobalAveragePooling2D(name="avg_pool")(x)
    if pooling == "max":
        return layers.GlobalMaxPooling2D(name="max_pool")(x)
    return x


_ARGS_DOC = """
    The default input size is {size}x{size}; without the top (or with
    `weights=None` or a file), any input of at least 32x32 works.

    The model takes images with 0-255 values as they are: its first
    layers rescale and normalize them, so `preprocess_input` does nothing.

    Args:
        include_top: Whether to include the classifier on top (default
            True).
        weights: `None` (random initialization), `"imagenet"` (default)
            or the path of a weights file.
        input_tensor: Optional Keras tensor (e.g. the output of `Input()`)
            to use as the image input.
        input_shape: Optional shape tuple; must be `({size}, {size}, 3)`
            with `include_top=True` and ImageNet weights. Exactly 3
            channels for ImageNet weights; each side at least 32.
        pooling: Without the top: `None` (the 4D output of the last
            convolution), `"avg"` or `"max"` (global pooling to a 2D
            output).
        classes: Number of classes with the top; 1000 for ImageNet
            weights.
        classifier_activation: Activation of the `"predictions"` layer (a
            string or callable; `None` returns logits). With pretrained
            weights only `None` or `"softmax"`.
        name: The model's name (default `"{model}"`).

    Returns:
        A functional `Model`.
"""


def _variant(builder, width, depth, size, dropout_rate, weights_name):
    """The public builder `builder` (e.g. "EfficientNetB0")."""
    model_name = builder.lower()

    def build(include_top=True, weights="imagenet", input_tensor=None,
              input_shape=None, pooling=None, classes=1000,
              classifier_activation="softmax", name=model_name):
        return EfficientNet(
            width, depth, size, dropout_rate, name=name,
            include_top=include_top, weights=weights,
            input_tensor=input_tensor, input_shape=input_shape,
            pooling=pooling, classes=classes,
            classifier_activation=classifier_activation,
            weights_name=weights_name)

    build.__name__ = build.__qualname__ = builder
    build.__doc__ = (
        f"Instantiates {builder} (width x{width}, depth x{depth})."
        + _ARGS_DOC.format(size=size, model=model_name))
    return build


EfficientNetB0 = _variant("EfficientNetB0", 1.0, 1.0, 224, 0.2, "b0")
EfficientNetB1 = _variant("EfficientNetB1", 1.0, 1.1, 240, 0.2, "b1")
EfficientNetB2 = _variant("EfficientNetB2", 1.1, 1.2, 260, 0.3, "b2")
EfficientNetB3 = _variant("EfficientNetB3", 1.2, 1.4, 300, 0.3, "b3")
EfficientNetB4 = _variant("EfficientNetB4", 1.4, 1.8, 380, 0.4, "b4")
EfficientNetB5 = _variant("EfficientNetB5", 1.6, 2.2, 456, 0.4, "b5")
EfficientNetB6 = _variant("EfficientNetB6", 1.8, 2.6, 528, 0.5, "b6")
EfficientNetB7 = _variant("EfficientNetB7", 2.0, 3.1, 600, 0.5, "b7")


def preprocess_input(x, data_format=None):
    """Returns `x` unchanged: EfficientNet models scale their 0-255 inputs
    themselves. Kept for Keras compatibility."""
    return x


def decode_predictions(preds, top=5):
    """Decodes ImageNet predictions; see
    `kerax.applications.imagenet_utils.decode_predictions`."""
    return imagenet_utils.decode_predictions(preds, top=top)
