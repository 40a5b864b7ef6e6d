"""kerax.applications.efficientnet_v2 against
keras.applications.efficientnet_v2: V2B0 numerically, the other variants
structurally (under KERAX_SLOW_TESTS: they are large)."""

import importlib
import os

import numpy as np
import pytest

import kerax
from kerax.applications import efficientnet_v2, imagenet_utils
from tests.applications.keras_parity import (
    assert_same_predictions,
    assert_same_structure,
    numpy_keras_init,
    placeholder_kerax_init,
    random_images,
)
from tests.applications.test_efficientnet import (
    assert_same_configs,
    fake_imagenet_pair,
    randomized_pair,
)

SHAPE = (32, 32, 3)
BASE = ("https://storage.googleapis.com/tensorflow/keras-applications/"
        "efficientnet_v2/")
SLOW = pytest.mark.skipif(
    not os.environ.get("KERAX_SLOW_TESTS"),
    reason="set KERAX_SLOW_TESTS=1 (Keras takes seconds to minutes to "
           "build each of the larger variants)")
# Per variant: width, depth, stem filters, top filters, block count, the
# weights key and model name.
VARIANTS = {
    "EfficientNetV2B0": (1.0, 1.0, 32, 1280, 21, "b0", "efficientnetv2-b0"),
    "EfficientNetV2B1": (1.0, 1.1, 32, 1280, 27, "b1", "efficientnetv2-b1"),
    "EfficientNetV2B2": (1.1, 1.2, 32, 1408, 28, "b2", "efficientnetv2-b2"),
    "EfficientNetV2B3": (1.2, 1.4, 40, 1536, 32, "b3", "efficientnetv2-b3"),
    "EfficientNetV2S": (1.0, 1.0, 24, 1280, 40, "-s", "efficientnetv2-s"),
    "EfficientNetV2M": (1.0, 1.0, 24, 1280, 57, "-m", "efficientnetv2-m"),
    "EfficientNetV2L": (1.0, 1.0, 32, 1280, 79, "-l", "efficientnetv2-l"),
}


@pytest.fixture(scope="module")
def pair_top(keras, tmp_path_factory):
    return randomized_pair(
        keras, tmp_path_factory.mktemp("efficientnet_v2"), "efficientnet_v2",
        "EfficientNetV2B0", input_shape=SHAPE, classes=7,
        classifier_activation=None)


@pytest.fixture(scope="module")
def imagenet_no_top(keras, tmp_path_factory):
    return fake_imagenet_pair(
        keras, tmp_path_factory.mktemp("efficientnet_v2_imagenet"),
        "efficientnet_v2", "EfficientNetV2B0",
        "efficientnetv2-b0_notop.h5", include_top=False, input_shape=SHAPE,
        pooling="max")


def _images(shape=SHAPE):
    return efficientnet_v2.preprocess_input(random_images(shape))


def _keras_builder(name):
    return getattr(importlib.import_module(
        "keras.applications.efficientnet_v2"), name)


def _build_both(keras, builder, **kwargs):
    """`(kerax_model, keras_model)` of `builder` with random weights, both
    libraries' auto-name counters reset first."""
    keras.utils.clear_session()
    with numpy_keras_init():
        theirs = _keras_builder(builder)(weights=None, **kwargs)
    kerax.utils.clear_session()
    with placeholder_kerax_init():  # structure and configs only
        mine = getattr(efficientnet_v2, builder)(weights=None, **kwargs)
    return mine, theirs


def test_top_matches_keras(pair_top):
    mine, theirs = pair_top
    assert_same_structure(mine, theirs)
    assert mine.name == "efficientnetv2-b0"
    assert mine.output_shape == (None, 7)
    assert_same_predictions(mine, theirs, _images())


def test_layer_configs_match_keras(pair_top):
    # Initializers, swish, BN momentum 0.9, dropout rates and noise shapes.
    assert_same_configs(*pair_top)


def test_input_scaling(pair_top):
    # B variants: 0-1, then ImageNet's mean and standard deviation.
    mine, _ = pair_top
    assert [layer.name for layer in mine.layers[:3]] == [
        "input_layer", "rescaling", "normalization"]
    x = _images()
    scaled = kerax.Model(mine.inputs, mine.get_layer("normalization").output)
    expected = (x / 255.0 - [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225]
    np.testing.assert_allclose(scaled.predict(x, verbose=0), expected,
                               rtol=1e-5, atol=1e-5)


def test_stochastic_depth_dropout(pair_top):
    mine, _ = pair_top
    drops = [layer for layer in mine.layers if layer.name.endswith("_drop")]
    # Block b of 21 (counted from 0) drops with rate 0.2 * b / 21; the
    # first block (rate 0) has none.
    assert [(d.name, d.rate) for d in drops] == [
        (f"block{name}_drop", 0.2 * b / 21) for name, b in (
            ("2b", 2), ("3b", 4), ("4b", 6), ("4c", 7), ("5b", 9),
            ("5c", 10), ("5d", 11), ("5e", 12), ("6b", 14), ("6c", 15),
            ("6d", 16), ("6e", 17), ("6f", 18), ("6g", 19), ("6h", 20))]
    assert all(d.noise_shape == (None, 1, 1, 1) for d in drops)
    out = np.asarray(drops[-1](np.ones((64, 2, 2, 3), "float32"),
                               training=True))
    per_sample = out.reshape(64, -1)
    assert np.all(per_sample == per_sample[:, :1])  # whole samples
    kept = per_sample[:, 0] != 0
    assert 0 < kept.sum() < 64  # some samples dropped, some kept
    np.testing.assert_allclose(per_sample[kept, 0], 1 / (1 - 0.2 * 20 / 21),
                               rtol=1e-6)


def test_imagenet_weights_without_top(imagenet_no_top):
    mine, theirs, calls = imagenet_no_top
    expected = ("efficientnetv2-b0_notop.h5",
                BASE + "efficientnetv2-b0_notop.h5",
                efficientnet_v2.WEIGHTS_HASHES["b0"][1])
    assert calls == [expected, expected]  # Keras's download, then kerax's
    assert_same_structure(mine, theirs)
    assert mine.output_shape == (None, 1280)
    assert mine.layers[-1].name == "max_pool"
    assert_same_predictions(mine, theirs, _images())


_SLOW_BUILD = pytest.mark.skipif(
    not os.environ.get("KERAX_SLOW_TESTS"),
    reason="builds a large model; set KERAX_SLOW_TESTS=1")


@pytest.mark.parametrize("builder", [
    pytest.param(name, marks=_SLOW_BUILD) if name in (
        "EfficientNetV2M", "EfficientNetV2L") else name
    for name in sorted(VARIANTS)])
def test_imagenet_urls(loads, builder):
    *_, key, model_name = VARIANTS[builder]
    for include_top in (True, False):
        getattr(efficientnet_v2, builder)(include_top=include_top,
                                          input_shape=(None, None, 3)
                                          if not include_top else None)
    assert loads == [
        (f"{BASE}{model_name}.h5", efficientnet_v2.WEIGHTS_HASHES[key][0]),
        (f"{BASE}{model_name}_notop.h5",
         efficientnet_v2.WEIGHTS_HASHES[key][1])]


def test_other_input_scalings_match_keras(keras):
    # One channel (or an S/M/L variant): [-1, 1]; include_preprocessing=
    # False: no scaling layers at all.
    mine, theirs = _build_both(keras, "EfficientNetV2B0", include_top=False,
                               input_shape=(32, 32, 1))
    assert [type(layer).__name__ for layer in mine.layers[:3]] == [
        "InputLayer", "Rescaling", "Conv2D"]
    assert mine.layers[1].offset == -1
    assert_same_structure(mine, theirs)
    assert_same_configs(mine, theirs)
    mine, theirs = _build_both(keras, "EfficientNetV2B0", include_top=False,
                               input_shape=SHAPE,
                               include_preprocessing=False)
    assert mine.layers[1].name == "stem_conv"
    assert_same_structure(mine, theirs)


def test_custom_name(placeholder_init):
    # Keras looks the stage table up by the model's name (a KeyError for
    # any other name); kerax by the variant.
    model = efficientnet_v2.EfficientNetV2B0(
        weights=None, include_top=False, input_shape=SHAPE, name="mine")
    default = efficientnet_v2.EfficientNetV2B0(
        weights=None, include_top=False, input_shape=SHAPE)
    assert model.name == "mine"
    assert model.count_params() == default.count_params()
    assert type(model.layers[2]).__name__ == "Normalization"


@pytest.mark.parametrize("pooling, layer", [("avg", "avg_pool"),
                                            ("max", "max_pool")])
def test_pooling(placeholder_init, pooling, layer):
    model = efficientnet_v2.EfficientNetV2B0(weights=None, include_top=False,
                                             pooling=pooling)
    assert model.input_shape == (None, None, None, 3)
    assert model.output_shape == (None, 1280)
    assert model.layers[-1].name == layer


def test_input_tensor(placeholder_init):
    inputs = kerax.layers.Input(shape=SHAPE)
    x = kerax.layers.Activation("linear")(inputs)
    model = efficientnet_v2.EfficientNetV2B0(
        weights=None, include_top=False, input_tensor=x, pooling="avg")
    assert model.inputs[0] is inputs
    assert model.output_shape == (None, 1280)


def test_blocks_without_names_get_unique_ones():
    inputs = kerax.layers.Input(shape=(8, 8, 16))
    x = efficientnet_v2.FusedMBConvBlock(16, 16, expand_ratio=4)(inputs)
    x = efficientnet_v2.MBConvBlock(16, 16, expand_ratio=4,
                                    se_ratio=0.25)(x)
    model = kerax.Model(inputs, x)
    names = [layer.name for layer in model.layers]
    assert len(names) == len(set(names))
    assert model.output_shape == (None, 8, 8, 16)


def test_round_filters_and_repeats():
    for width, depth, stem, top, blocks, _, name in VARIANTS.values():
        args = efficientnet_v2.DEFAULT_BLOCKS_ARGS[name]
        assert efficientnet_v2.round_filters(
            args[0]["input_filters"], width, 8, 8) == stem
        assert efficientnet_v2.round_filters(1280, width, 8, 8) == top
        assert sum(efficientnet_v2.round_repeats(a["num_repeat"], depth)
                   for a in args) == blocks
    # No 10% correction (unlike EfficientNet); at least min_depth.
    assert efficientnet_v2.round_filters(23, 1.0, 8, 16) == 16
    assert efficientnet_v2.round_filters(2, 1.0, None, 8) == 8
    assert efficientnet_v2.round_filters(2, 1.0, 16, 8) == 16


def test_preprocess_input_matches_keras(keras):
    x = random_images(SHAPE)
    assert efficientnet_v2.preprocess_input(x) is x
    np.testing.assert_array_equal(
        efficientnet_v2.preprocess_input(x),
        keras.applications.efficientnet_v2.preprocess_input(x.copy()))


def test_decode_predictions(monkeypatch):
    monkeypatch.setattr(imagenet_utils, "_class_index",
                        {str(i): [f"n{i}", f"class{i}"] for i in range(1000)})
    preds = np.zeros((1, 1000), "float32")
    preds[0, 5] = 1.0
    assert efficientnet_v2.decode_predictions(preds, top=1) == [
        [("n5", "class5", preds[0, 5])]]


def test_errors():
    with pytest.raises(ValueError, match="`weights` argument"):
        efficientnet_v2.EfficientNetV2B0(weights="no/such/file.h5")
    with pytest.raises(ValueError, match="`classes` should be 1000"):
        efficientnet_v2.EfficientNetV2B0(classes=10)
    with pytest.raises(ValueError, match="at least 32x32"):
        efficientnet_v2.EfficientNetV2B0(weights=None, include_top=False,
                                         input_shape=(31, 31, 3))
    with pytest.raises(ValueError, match="classifier_activation"):
        efficientnet_v2.EfficientNetV2B0(classifier_activation="relu")
    with pytest.raises(ValueError, match="num_repeat"):
        efficientnet_v2.EfficientNetV2(
            1.0, 1.0, 224, weights=None,
            blocks_args=[dict(efficientnet_v2.DEFAULT_BLOCKS_ARGS[
                "efficientnetv2-b0"][0], num_repeat=0)])
    with pytest.raises(ValueError, match="known variant name"):
        efficientnet_v2.EfficientNetV2(1.0, 1.0, 224, weights=None)
    with pytest.raises(ValueError, match="no ImageNet weights"):
        efficientnet_v2.EfficientNetV2(1.0, 1.0, 224,
                                       name="efficientnetv2-b0")


@SLOW
@pytest.mark.parametrize("builder", sorted(VARIANTS)[1:])
def test_larger_variants_match_keras_structure(keras, builder):
    mine, theirs = _build_both(keras, builder, input_shape=SHAPE, classes=7)
    assert_same_structure(mine, theirs)
    assert_same_configs(mine, theirs)
    _, _, stem, top, blocks, _, name = VARIANTS[builder]
    assert mine.name == name
    assert mine.get_layer("stem_conv").filters == stem
    assert mine.get_layer("top_conv").filters == top
    assert len({layer.name[:7] for layer in mine.layers
                if layer.name.startswith("block")}) == blocks
