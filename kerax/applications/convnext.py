"""ConvNeXt (Tiny, Small, Base, Large, XLarge), as Keras builds it.

Reference: [A ConvNet for the 2020s](https://arxiv.org/abs/2201.03545)
(CVPR 2022).

The model normalizes its own input (a `Normalization` layer with
ImageNet's mean and variance, when `include_preprocessing=True` and the
input has 3 channels), so it takes float or uint8 pixels in [0, 255];
`preprocess_input` is the identity. The stem and the three downsampling
blocks are nested `Sequential` models, as in Keras; each block ends in a
`LayerScale` and a residual sum (see `convnext_layers`).

>>> from kerax.applications import ConvNeXtTiny
>>> model = ConvNeXtTiny(weights=None, include_top=False,
...                      input_shape=(32, 32, 3), pooling="avg")
>>> model.output_shape
(None, 768)
"""

from kerax import config, layers
from kerax.applications import imagenet_utils, pretrained
from kerax.applications.convnext_layers import (  # noqa: F401
    LayerScale,
    StochasticDepth,  # Keras's module defines it (saved models name it)
)
from kerax.models.functional import Functional
from kerax.models.sequential import Sequential

BASE_WEIGHTS_PATH = ("https://storage.googleapis.com/tensorflow/"
                     "keras-applications/convnext/")

# SHA-256 of `<variant>.h5` and `<variant>_notop.h5`.
WEIGHTS_HASHES = {
    "convnext_tiny": (
        "8ae6e78ce2933352b1ef4008e6dd2f17bc40771563877d156bc6426c7cf503ff",
        "d547c096cabd03329d7be5562c5e14798aa39ed24b474157cef5e85ab9e49ef1",
    ),
    "convnext_small": (
        "ce1277d8f1ee5a0ef0e171469089c18f5233860ceaf9b168049cb9263fd7483c",
        "6fc8009faa2f00c1c1dfce59feea9b0745eb260a7dd11bee65c8e20843da6eab",
    ),
    "convnext_base": (
        "52cbb006d3dadd03f6e095a8ca1aca47aecdd75acb4bc74bce1f5c695d0086e6",
        "40a20c5548a5e9202f69735ecc06c990e6b7c9d2de39f0361e27baeb24cb7c45",
    ),
    "convnext_large": (
        "070c5ed9ed289581e477741d3b34beffa920db8cf590899d6d2c67fba2a198a6",
        "96f02b6f0753d4f543261bc9d09bed650f24dd6bc02ddde3066135b63d23a1cd",
    ),
    "convnext_xlarge": (
        "c1f5ccab661354fc3a79a10fa99af82f0fbf10ec65cb894a3ae0815f17a889ee",
        "de3f8a54174130e0cecdc71583354753d557fcf1f4487331558e2a16ba0cfe05",
    ),
}

# Blocks per stage and channels per stage.
MODEL_CONFIGS = {
    "tiny": ([3, 3, 9, 3], [96, 192, 384, 768]),
    "small": ([3, 3, 27, 3], [96, 192, 384, 768]),
    "base": ([3, 3, 27, 3], [128, 256, 512, 1024]),
    "large": ([3, 3, 27, 3], [192, 384, 768, 1536]),
    "xlarge": ([3, 3, 27, 3], [256, 512, 1024, 2048]),
}

# ImageNet's per-channel pixel mean and variance (0-255 scale).
_MEAN = [0.485 * 255, 0.456 * 255, 0.406 * 255]
_VARIANCE = [(0.229 * 255) ** 2, (0.224 * 255) ** 2, (0.225 * 255) ** 2]


def _block(x, projection_dim, name):
    """One ConvNeXt block: 7x7 depthwise conv, LayerNorm, two pointwise
    `Dense` layers (4x expansion, GELU), layer scale, residual sum.

    Keras's builders use no stochastic depth (rate 0), so the residual
    branch ends in a linear `Activation` where a `StochasticDepth` would
    stand."""
    shortcut = x
    x = layers.Conv2D(projection_dim, kernel_size=7, padding="same",
                      groups=projection_dim,
                      name=f"{name}_depthwise_conv")(x)
    x = layers.LayerNormalization(epsilon=1e-6, name=f"{name}_layernorm")(x)
    x = layers.Dense(4 * projection_dim, name=f"{name}_pointwise_conv_1")(x)
    x = layers.Activation("gelu", name=f"{name}_gelu")(x)
    x = layers.Dense(projection_dim, name=f"{name}_pointwise_conv_2")(x)
    x = LayerScale(1e-6, projection_dim, name=f"{name}_layer_scale")(x)
    x = layers.Activation("linear", name=f"{name}_identity")(x)
    return shortcut + x


def _downsampling_blocks(projection_dims, name):
    """The stem (4x4 conv, stride 4) and three 2x2, stride 2 downsampling
    blocks, each a nested `Sequential` named as in Keras."""
    blocks = [Sequential([
        layers.Conv2D(projection_dims[0], kernel_size=4, strides=4,
                      name=f"{name}_stem_conv"),
        layers.LayerNormalization(epsilon=1e-6,
                                  name=f"{name}_stem_layernorm"),
    ], name=f"{name}_stem")]
    for i in range(3):
        blocks.append(Sequential([
            layers.LayerNormalization(
                epsilon=1e-6, name=f"{name}_downsampling_layernorm_{i}"),
            layers.Conv2D(projection_dims[i + 1], kernel_size=2, strides=2,
                          name=f"{name}_downsampling_conv_{i}"),
        ], name=f"{name}_downsampling_block_{i}"))
    return blocks


def _convnext(variant, name, include_top, include_preprocessing, weights,
              input_tensor, input_shape, pooling, classes,
              classifier_activation):
    if config.image_data_format() == "channels_first":
        raise ValueError(
            "ConvNeXt does not support the `channels_first` image data "
            "format. Switch to `channels_last` with "
            "`kerax.config.set_image_data_format('channels_last')`.")
    pretrained.check_weights_argument(weights, include_top, classes)
    weights_name = f"convnext_{variant}"
    if weights == "imagenet" and weights_name not in name:
        raise ValueError(
            f'Model name "{name}" does not match weights variant '
            f'"{weights_name}". When using imagenet weights, model name '
            f'must contain the weights variant (e.g., "{weights_name}").')
    input_shape = imagenet_utils.obtain_input_shape(
        input_shape, default_size=224, min_size=32,
        data_format=config.image_data_format(), require_flatten=include_top,
        weights=weights)
    if include_top:
        imagenet_utils.validate_activation(classifier_activation, weights)

    img_input = pretrained.image_input(input_tensor, input_shape)
    x = img_input
    if include_preprocessing and input_shape[-1] == 3:
        x = layers.Normalization(
            mean=_MEAN, variance=_VARIANCE,
            name=f"{name}_prestem_normalization")(x)

    depths, projection_dims = MODEL_CONFIGS[variant]
    downsampling = _downsampling_blocks(projection_dims, name)
    for i, (depth, dim) in enumerate(zip(depths, projection_dims)):
        x = downsampling[i](x)
        for j in range(depth):
            x = _block(x, dim, name=f"{name}_stage_{i}_block_{j}")

    if include_top:
        x = layers.GlobalAveragePooling2D(name=f"{name}_head_gap")(x)
        x = layers.LayerNormalization(epsilon=1e-6,
                                      name=f"{name}_head_layernorm")(x)
        x = layers.Dense(classes, activation=classifier_activation,
                         name=f"{name}_head_dense")(x)
    else:
        if pooling == "avg":
            x = layers.GlobalAveragePooling2D()(x)
        elif pooling == "max":
            x = layers.GlobalMaxPooling2D()(x)
        x = layers.LayerNormalization(epsilon=1e-6)(x)

    # Keras takes the first source input of `input_tensor` (a single one).
    inputs = pretrained.model_inputs(input_tensor, img_input)
    if input_tensor is not None:
        inputs = inputs[0]
    model = Functional(inputs, x, name=name)

    suffix = ".h5" if include_top else "_notop.h5"
    pretrained.load_weights(
        model, weights, BASE_WEIGHTS_PATH + weights_name + suffix,
        WEIGHTS_HASHES[weights_name][0 if include_top else 1])
    return model


def _variant(variant):
    """The public builder of one ConvNeXt size (Keras's signature)."""

    def builder(include_top=True, include_preprocessing=True,
                weights="imagenet", input_tensor=None, input_shape=None,
                pooling=None, classes=1000,
                classifier_activation="softmax",
                name=f"convnext_{variant}"):
        return _convnext(
            variant, name=name, include_top=include_top,
            include_preprocessing=include_preprocessing, weights=weights,
            input_tensor=input_tensor, input_shape=input_shape,
            pooling=pooling, classes=classes,
            classifier_activation=classifier_activation)

    title = {"xlarge": "XLarge"}.get(variant, variant.capitalize())
    builder.__name__ = builder.__qualname__ = f"ConvNeXt{title}"
    builder.__doc__ = _DOCSTRING.format(name=builder.__name__,
                                        variant=variant)
    return builder


_DOCSTRING = """Instantiates the {name} architecture (`convnext_{variant}`).

    The `base`, `large` and `xlarge` ImageNet weights were pre-trained on
    ImageNet-21k and fine-tuned on ImageNet-1k. Input: float or uint8
    pixels in [0, 255] (the model normalizes them itself).

    Args:
        include_top: whether to include the classification head
            (global average pooling, LayerNormalization, Dense). Default
            True.
        include_preprocessing: whether the model starts with a
            `Normalization` layer (ImageNet mean and variance); keep True
            with `weights="imagenet"`. Default True.
        weights: `None` (random initialization), `"imagenet"` (default)
            or the path of a weights file.
        input_tensor: optional tensor (e.g. from `kerax.Input()`) to use
            as the model's image input.
        input_shape: optional `(height, width, 3)`, at least 32x32; with
            `include_top=True` and ImageNet weights it must be
            `(224, 224, 3)`.
        pooling: without the top, `None` (4D output), `"avg"` or `"max"`
            (2D output); a LayerNormalization follows either way.
        classes: number of classes with `include_top=True` (1000 with
            ImageNet weights).
        classifier_activation: activation of the top `Dense` layer; only
            `None` or `"softmax"` with pretrained weights.
        name: the model's name (must contain `convnext_{variant}` with
            ImageNet weights).

    Returns:
        A `Functional` model.
    """

ConvNeXtTiny = _variant("tiny")
ConvNeXtSmall = _variant("small")
ConvNeXtBase = _variant("base")
ConvNeXtLarge = _variant("large")
ConvNeXtXLarge = _variant("xlarge")


def preprocess_input(x, data_format=None):
    """Returns `x` unchanged: ConvNeXt normalizes its input itself (kept
    for Keras's API)."""
    return x


def decode_predictions(preds, top=5):
    """See `kerax.applications.imagenet_utils.decode_predictions`."""
    return imagenet_utils.decode_predictions(preds, top=top)
