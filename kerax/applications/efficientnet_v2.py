"""EfficientNetV2 B0 to B3, S, M and L (Tan & Le, ICML 2021), as
`keras.applications.efficientnet_v2`.

A stride-2 3x3 stem, then stages of Fused-MBConv blocks (one full
convolution in place of expansion plus depthwise convolution) followed by
stages of MBConv blocks with squeeze-and-excite, a 1x1 "top" convolution
and, with the top, global average pooling, dropout and the classifier.
Batch normalization uses momentum 0.9; activations are swish. B1 to B3
scale B0's widths and depths (`round_filters`, `round_repeats`); S, M and L
have their own stage tables.

The input scaling is part of the model (`include_preprocessing=True`):
images with 0-255 values go in as they are. The B variants with 3
channels rescale to 0-1 and normalize with ImageNet's mean and standard
deviation; the others rescale to [-1, 1]. Layer names are Keras's, so
Keras's ImageNet weight files load into it.

>>> from kerax.applications import EfficientNetV2B0
>>> model = EfficientNetV2B0(weights=None, include_top=False,
...                          input_shape=(32, 32, 3), pooling="avg")
>>> model.output_shape
(None, 1280)
"""

from __future__ import annotations

import copy

from kerax import config
from kerax.applications import imagenet_utils, pretrained
from kerax.applications.efficientnet import (
    CONV_KERNEL_INITIALIZER,
    DENSE_KERNEL_INITIALIZER,  # noqa: F401  (Keras's module exports it)
    classifier_top,
    residual,
    round_repeats,
    squeeze_excite,
)

BASE_WEIGHTS_PATH = ("https://storage.googleapis.com/tensorflow/"
                     "keras-applications/efficientnet_v2/")
# (with the top, without) md5s of Keras's ImageNet files, by variant.
WEIGHTS_HASHES = {
    "b0": ("21ecbf6da12460d5c40bb2f29ceb2188",
           "893217f2bb855e2983157299931e43ff"),
    "b1": ("069f0534ff22adf035c89e2d9547a9dc",
           "0e80663031ca32d657f9caa404b6ec37"),
    "b2": ("424e49f28180edbde1e94797771950a7",
           "1dfe2e7a5d45b6632553a8961ea609eb"),
    "b3": ("1f1fc43bd98a6e4fd8fdfd551e02c7a0",
           "f6abf7b5849ac99a89b50dd3fd532856"),
    "-s": ("e1d88a8495beba45748fedd0cecbe016",
           "af0682fb74e8c54910f2d4393339c070"),
    "-m": ("a3bf6aa3276309f4fc6a34aa114c95cd",
           "1b8dc055df72dde80d614482840fe342"),
    "-l": ("27e6d408b53c7ebc868fefa357689935",
           "b0b66b5c863aef5b46e8608fe1711615"),
}

# Stages: conv type (1 Fused-MBConv, 0 MBConv), kernel size, repeats,
# input filters, output filters, expansion ratio, squeeze-excite ratio,
# stride of the stage's first block.
_B_STAGES = (
    (1, 3, 1, 32, 16, 1, 0, 1),
    (1, 3, 2, 16, 32, 4, 0, 2),
    (1, 3, 2, 32, 48, 4, 0, 2),
    (0, 3, 3, 48, 96, 4, 0.25, 2),
    (0, 3, 5, 96, 112, 6, 0.25, 1),
    (0, 3, 8, 112, 192, 6, 0.25, 2),
)
_STAGES = {
    "efficientnetv2-s": (
        (1, 3, 2, 24, 24, 1, 0, 1),
        (1, 3, 4, 24, 48, 4, 0, 2),
        (1, 3, 4, 48, 64, 4, 0, 2),
        (0, 3, 6, 64, 128, 4, 0.25, 2),
        (0, 3, 9, 128, 160, 6, 0.25, 1),
        (0, 3, 15, 160, 256, 6, 0.25, 2),
    ),
    "efficientnetv2-m": (
        (1, 3, 3, 24, 24, 1, 0, 1),
        (1, 3, 5, 24, 48, 4, 0, 2),
        (1, 3, 5, 48, 80, 4, 0, 2),
        (0, 3, 7, 80, 160, 4, 0.25, 2),
        (0, 3, 14, 160, 176, 6, 0.25, 1),
        (0, 3, 18, 176, 304, 6, 0.25, 2),
        (0, 3, 5, 304, 512, 6, 0.25, 1),
    ),
    "efficientnetv2-l": (
        (1, 3, 4, 32, 32, 1, 0, 1),
        (1, 3, 7, 32, 64, 4, 0, 2),
        (1, 3, 7, 64, 96, 4, 0, 2),
        (0, 3, 10, 96, 192, 4, 0.25, 2),
        (0, 3, 19, 192, 224, 6, 0.25, 1),
        (0, 3, 25, 224, 384, 6, 0.25, 2),
        (0, 3, 7, 384, 640, 6, 0.25, 1),
    ),
    **{f"efficientnetv2-b{i}": _B_STAGES for i in range(4)},
}
_KEYS = ("conv_type", "kernel_size", "num_repeat", "input_filters",
         "output_filters", "expand_ratio", "se_ratio", "strides")
DEFAULT_BLOCKS_ARGS = {
    variant: [dict(zip(_KEYS, row)) for row in rows]
    for variant, rows in _STAGES.items()
}
# Model name of each `WEIGHTS_HASHES` key.
_VARIANTS = {key: "efficientnetv2" + (f"-{key}" if key[0] == "b" else key)
             for key in WEIGHTS_HASHES}


def _bn_axis():
    return 3 if config.image_data_format() == "channels_last" else 1


def round_filters(filters, width_coefficient, min_depth, depth_divisor):
    """`filters * width_coefficient` rounded to the nearest multiple of
    `depth_divisor`, at least `min_depth` (or `depth_divisor`)."""
    scaled = filters * width_coefficient
    rounded = int(scaled + depth_divisor / 2) // depth_divisor * depth_divisor
    return int(max(min_depth or depth_divisor, rounded))


def _conv_bn(x, filters, kernel_size, strides, bn_momentum, activation,
             name, conv_name, bn_name, activation_name=None):
    """A "same" bias-free convolution (depthwise when `filters` is None),
    batch normalization and, when `activation_name` is set, the
    activation."""
    from kerax import layers

    if filters is None:
        x = layers.DepthwiseConv2D(
            kernel_size=kernel_size, strides=strides, padding="same",
            depthwise_initializer=CONV_KERNEL_INITIALIZER,
            data_format=config.image_data_format(), use_bias=False,
            name=name + conv_name)(x)
    else:
        x = layers.Conv2D(
            filters, kernel_size=kernel_size, strides=strides,
            padding="same", kernel_initializer=CONV_KERNEL_INITIALIZER,
            data_format=config.image_data_format(), use_bias=False,
            name=name + conv_name)(x)
    x = layers.BatchNormalization(axis=_bn_axis(), momentum=bn_momentum,
                                  name=name + bn_name)(x)
    if activation_name:
        x = layers.Activation(activation, name=name + activation_name)(x)
    return x


def _block_name(name):
    if name is None:
        from kerax.core import naming

        return naming.uniquify("block0") + "_"
    return name


def MBConvBlock(input_filters, output_filters, expand_ratio=1,
                kernel_size=3, strides=1, se_ratio=0.0, bn_momentum=0.9,
                activation="swish", survival_probability=0.8, name=None):
    """An MBConv block, as a function of its input tensor: a 1x1
    expansion (when `expand_ratio != 1`), a depthwise convolution,
    squeeze-and-excite and a 1x1 projection, plus the input (after
    per-sample Dropout of rate `survival_probability`, as Keras names it)
    when stride 1 keeps `input_filters == output_filters`."""
    name = _block_name(name)

    def apply(inputs):
        filters = input_filters * expand_ratio
        x = inputs
        if expand_ratio != 1:
            x = _conv_bn(x, filters, 1, 1, bn_momentum, activation, name,
                         "expand_conv", "expand_bn", "expand_activation")
        x = _conv_bn(x, None, kernel_size, strides, bn_momentum, activation,
                     name, "dwconv2", "bn", "activation")
        x = squeeze_excite(x, filters, input_filters, se_ratio, activation,
                           name)
        x = _conv_bn(x, output_filters, 1, 1, bn_momentum, activation, name,
                     "project_conv", "project_bn")
        if strides == 1 and input_filters == output_filters:
            x = residual(x, inputs, survival_probability, name)
        return x

    return apply


def FusedMBConvBlock(input_filters, output_filters, expand_ratio=1,
                     kernel_size=3, strides=1, se_ratio=0.0, bn_momentum=0.9,
                     activation="swish", survival_probability=0.8,
                     name=None):
    """A Fused-MBConv block, as a function of its input tensor: one
    `kernel_size` convolution (stride `strides`) expanding the channels,
    squeeze-and-excite and a 1x1 projection; with `expand_ratio == 1` the
    projection itself is the `kernel_size` convolution, followed by the
    activation. The residual is MBConvBlock's."""
    name = _block_name(name)

    def apply(inputs):
        filters = input_filters * expand_ratio
        x = inputs
        fused = expand_ratio != 1
        if fused:
            x = _conv_bn(x, filters, kernel_size, strides, bn_momentum,
                         activation, name, "expand_conv", "expand_bn",
                         "expand_activation")
        x = squeeze_excite(x, filters, input_filters, se_ratio, activation,
                           name)
        x = _conv_bn(x, output_filters, 1 if fused else kernel_size,
                     1 if fused else strides, bn_momentum, activation, name,
                     "project_conv", "project_bn",
                     None if fused else "project_activation")
        if strides == 1 and input_filters == output_filters:
            x = residual(x, inputs, survival_probability, name)
        return x

    return apply


def EfficientNetV2(width_coefficient, depth_coefficient, default_size,
                   dropout_rate=0.2, drop_connect_rate=0.2, depth_divisor=8,
                   min_depth=8, bn_momentum=0.9, activation="swish",
                   blocks_args="default", name="efficientnetv2",
                   include_top=True, weights="imagenet", input_tensor=None,
                   input_shape=None, pooling=None, classes=1000,
                   classifier_activation="softmax",
                   include_preprocessing=True, weights_name=None):
    """Builds an EfficientNetV2 scaled by the given coefficients.

    Args:
        width_coefficient: Multiplier of every layer's filters.
        depth_coefficient: Multiplier of every stage's block count.
        default_size: Input side length of the ImageNet weights.
        dropout_rate: Dropout rate before the classifier.
        drop_connect_rate: Block `b` of `n` (the unscaled count) drops its
            residual branch with rate `drop_connect_rate * b / n`.
        depth_divisor: Filter counts are multiples of this.
        min_depth: The least filter count.
        bn_momentum: Momentum of the batch normalizations.
        activation: Activation of the convolutions (default swish).
        blocks_args: `"default"` (the variant's `DEFAULT_BLOCKS_ARGS`) or
            a list of dicts of block arguments plus `conv_type` and
            `num_repeat`.
        weights_name: `WEIGHTS_HASHES` key of the variant (e.g. `"b0"`,
            `"-s"`): its stage table, input scaling and ImageNet file.
            Without it `name` picks them, as in Keras.
        The other arguments are those of `EfficientNetV2B0`.

    Returns:
        A functional `Model`.
    """
    from kerax import layers
    from kerax.initializers import Constant
    from kerax.models import Model

    variant = _VARIANTS.get(weights_name, name)
    if blocks_args == "default":
        if variant not in DEFAULT_BLOCKS_ARGS:
            raise ValueError(
                "`blocks_args='default'` needs a known variant name, one of "
                f"{sorted(DEFAULT_BLOCKS_ARGS)}. Received: name={name}")
        blocks_args = DEFAULT_BLOCKS_ARGS[variant]
    pretrained.check_weights_argument(weights, include_top, classes)
    pretrained.check_weights_name(weights, weights_name, WEIGHTS_HASHES)
    for args in blocks_args:
        if args["num_repeat"] <= 0:
            raise ValueError(
                "The number of repeats in `EfficientNetV2` must be > 0. "
                f"Received: num_repeat={args['num_repeat']}")
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=default_size, min_size=32,
        data_format=config.image_data_format(),
        require_flatten=include_top, weights=weights)
    img_input = pretrained.image_input(input_tensor, input_shape)
    bn_axis = _bn_axis()

    def filters_of(count):
        return round_filters(count, width_coefficient, min_depth,
                             depth_divisor)

    x = img_input
    if include_preprocessing:  # auto-named layers, as in Keras
        channels = input_shape[bn_axis - 1]
        if variant.split("-")[-1].startswith("b") and channels == 3:
            x = layers.Rescaling(scale=1.0 / 255)(x)
            x = layers.Normalization(
                mean=[0.485, 0.456, 0.406],
                variance=[0.229**2, 0.224**2, 0.225**2], axis=bn_axis)(x)
        else:
            x = layers.Rescaling(scale=1.0 / 128.0, offset=-1)(x)

    x = _conv_bn(x, filters_of(blocks_args[0]["input_filters"]), 3, 2,
                 bn_momentum, activation, "", "stem_conv", "stem_bn",
                 "stem_activation")

    # Unlike EfficientNet (v1), the rates count the unscaled blocks.
    total = float(sum(args["num_repeat"] for args in blocks_args))
    done = 0
    for stage, args in enumerate(copy.deepcopy(blocks_args), start=1):
        args["input_filters"] = filters_of(args["input_filters"])
        args["output_filters"] = filters_of(args["output_filters"])
        make_block = (FusedMBConvBlock if args.pop("conv_type")
                      else MBConvBlock)
        repeats = round_repeats(args.pop("num_repeat"), depth_coefficient)
        for j in range(repeats):
            if j > 0:  # only a stage's first block strides or widens
                args["strides"] = 1
                args["input_filters"] = args["output_filters"]
            x = make_block(activation=activation, bn_momentum=bn_momentum,
                           survival_probability=(
                               drop_connect_rate * done / total),
                           name=f"block{stage}{chr(ord('a') + j)}_",
                           **args)(x)
            done += 1

    x = _conv_bn(x, filters_of(1280), 1, 1, bn_momentum, activation, "",
                 "top_conv", "top_bn", "top_activation")
    x = classifier_top(x, include_top, pooling, dropout_rate, classes,
                       classifier_activation, weights,
                       bias_initializer=Constant(0.0))

    model = Model(pretrained.model_inputs(input_tensor, img_input), x,
                  name=name)
    url = file_hash = None
    if weights == "imagenet":
        suffix = "" if include_top else "_notop"
        url = f"{BASE_WEIGHTS_PATH}{_VARIANTS[weights_name]}{suffix}.h5"
        file_hash = WEIGHTS_HASHES[weights_name][0 if include_top else 1]
    pretrained.load_weights(model, weights, url, file_hash)
    return model


_ARGS_DOC = """
    The default input size is {size}x{size}; without the top (or with
    `weights=None` or a file), any input of at least 32x32 works.

    With `include_preprocessing=True` (default) the model takes images
    with 0-255 values as they are, and `preprocess_input` does nothing;
    with False it expects values in [-1, 1].

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
        include_preprocessing: Whether the model starts with its input
            scaling layers (default True).
        name: The model's name (default `"{model}"`).

    Returns:
        A functional `Model`.
"""


def _variant(builder, width, depth, size, weights_name):
    """The public builder `builder` (e.g. "EfficientNetV2B0")."""
    model_name = _VARIANTS[weights_name]

    def build(include_top=True, weights="imagenet", input_tensor=None,
              input_shape=None, pooling=None, classes=1000,
              classifier_activation="softmax", include_preprocessing=True,
              name=model_name):
        return EfficientNetV2(
            width_coefficient=width, depth_coefficient=depth,
            default_size=size, name=name, include_top=include_top,
            weights=weights, input_tensor=input_tensor,
            input_shape=input_shape, pooling=pooling, classes=classes,
            classifier_activation=classifier_activation,
            include_preprocessing=include_preprocessing,
            weights_name=weights_name)

    build.__name__ = build.__qualname__ = builder
    build.__doc__ = (f"Instantiates {builder}."
                     + _ARGS_DOC.format(size=size, model=model_name))
    return build


EfficientNetV2B0 = _variant("EfficientNetV2B0", 1.0, 1.0, 224, "b0")
EfficientNetV2B1 = _variant("EfficientNetV2B1", 1.0, 1.1, 240, "b1")
EfficientNetV2B2 = _variant("EfficientNetV2B2", 1.1, 1.2, 260, "b2")
EfficientNetV2B3 = _variant("EfficientNetV2B3", 1.2, 1.4, 300, "b3")
EfficientNetV2S = _variant("EfficientNetV2S", 1.0, 1.0, 384, "-s")
EfficientNetV2M = _variant("EfficientNetV2M", 1.0, 1.0, 480, "-m")
EfficientNetV2L = _variant("EfficientNetV2L", 1.0, 1.0, 480, "-l")


def preprocess_input(x, data_format=None):
    """Returns `x` unchanged: EfficientNetV2 models scale their inputs
    themselves (see `include_preprocessing`). Kept for Keras
    compatibility."""
    return x


def decode_predictions(preds, top=5):
    """Decodes ImageNet predictions; see
    `kerax.applications.imagenet_utils.decode_predictions`."""
    return imagenet_utils.decode_predictions(preds, top=top)
