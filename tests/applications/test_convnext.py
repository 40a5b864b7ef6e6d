"""kerax.applications.convnext against keras.applications.convnext."""

import json
import os

import numpy as np
import pytest

import kerax
from kerax.applications import convnext, convnext_layers
from kerax.applications.convnext_layers import LayerScale, StochasticDepth
from tests.applications.keras_parity import (
    assert_same_predictions,
    assert_same_structure,
    build_pair,
    random_images,
)

SHAPE = (32, 32, 3)  # ConvNeXt's minimum input
BASE = ("https://storage.googleapis.com/tensorflow/keras-applications/"
        "convnext/")
KERAS_MODULE = "keras.src.applications.convnext"
slow = pytest.mark.skipif(not os.environ.get("KERAX_SLOW_TESTS"),
                          reason="set KERAX_SLOW_TESTS=1 (large model)")


def _same_structure(mine, theirs):
    assert_same_structure(mine, theirs)
    assert [w.path for w in mine.weights] == [w.path for w in theirs.weights]


def _scale_layers(model):
    return [layer for layer in model.layers
            if type(layer).__name__ == "LayerScale"]


@pytest.fixture(scope="module")
def pair_no_top(keras, tmp_path_factory):
    mine, theirs = build_pair(
        keras, tmp_path_factory.mktemp("convnext"), "convnext",
        "ConvNeXtTiny", input_shape=SHAPE, include_top=False)
    # LayerScale starts at 1e-6, which hides the blocks: give both models
    # the same larger scales so the comparison sees every block.
    rng = np.random.RandomState(1)
    for a, b in zip(_scale_layers(mine), _scale_layers(theirs)):
        gamma = rng.uniform(0.1, 1.0, a.gamma.shape).astype("float32")
        a.gamma.assign(gamma)
        b.gamma.assign(gamma)
    return mine, theirs


def test_tiny_no_top_matches_keras(pair_no_top):
    mine, theirs = pair_no_top
    assert mine.name == "convnext_tiny"
    _same_structure(mine, theirs)
    assert mine.count_params() == 27820128
    assert mine.output_shape == (None, 1, 1, 768)
    assert [type(layer).__name__ for layer in mine.layers[1:3]] == [
        "Normalization", "Sequential"]
    assert len(_scale_layers(mine)) == 18
    assert_same_predictions(mine, theirs, random_images(SHAPE),
                            rtol=1e-4, atol=1e-3)


def test_layer_configs_match_keras(pair_no_top):
    mine, theirs = pair_no_top

    def configs(model, classes):  # as written to a file (JSON)
        return [[entry["module"], entry["class_name"], entry["config"]]
                for entry in json.loads(model.to_json())["config"]["layers"]
                if entry["class_name"] in classes]

    classes = {"LayerScale", "Normalization"}
    expected = configs(theirs, classes)
    assert len(expected) == 19
    assert configs(mine, classes) == expected
    assert {module for module, name, _ in expected
            if name == "LayerScale"} == {KERAS_MODULE}


def test_top_adds_the_head(placeholder_init):
    kerax.utils.clear_session()
    model = convnext.ConvNeXtTiny(weights=None, input_shape=SHAPE,
                                  classes=7, classifier_activation=None)
    assert [layer.name for layer in model.layers[-3:]] == [
        "convnext_tiny_head_gap", "convnext_tiny_head_layernorm",
        "convnext_tiny_head_dense"]
    assert model.output_shape == (None, 7)
    assert model.count_params() == 27820128 + 768 * 7 + 7


@slow
@pytest.mark.parametrize("name, params", [
    ("ConvNeXtSmall", 49454688), ("ConvNeXtBase", 87566464),
    ("ConvNeXtLarge", 196230336), ("ConvNeXtXLarge", 348147968)])
def test_larger_variants_match_keras_structure(keras, name, params):
    keras.utils.clear_session()
    theirs = getattr(keras.applications, name)(
        weights=None, input_shape=SHAPE, include_top=False)
    kerax.utils.clear_session()
    mine = getattr(convnext, name)(weights=None, input_shape=SHAPE,
                                   include_top=False)
    _same_structure(mine, theirs)
    assert mine.count_params() == params


def test_preprocess_input_is_a_pass_through(keras):
    x = random_images(SHAPE)
    assert convnext.preprocess_input(x) is x
    np.testing.assert_array_equal(
        convnext.preprocess_input(x),
        keras.applications.convnext.preprocess_input(x.copy()))


def test_preprocessing_layer_is_optional(placeholder_init):
    kerax.utils.clear_session()
    model = convnext.ConvNeXtTiny(weights=None, input_shape=SHAPE,
                                  include_top=False, pooling="max",
                                  include_preprocessing=False)
    assert model.layers[1].name == "convnext_tiny_stem"
    assert model.output_shape == (None, 768)
    assert type(model.layers[-1]).__name__ == "LayerNormalization"
    assert model.layers[-2].name == "global_max_pooling2d"


def test_input_tensor_and_avg_pooling(placeholder_init):
    kerax.utils.clear_session()
    inputs = kerax.Input((40, 40, 3))
    x = kerax.layers.Rescaling(1.0)(inputs)
    model = convnext.ConvNeXtTiny(input_tensor=x, include_top=False,
                                  weights=None, pooling="avg")
    assert model.inputs[0] is inputs
    assert model.output_shape == (None, 768)
    assert model.layers[-2].name == "global_average_pooling2d"


@pytest.mark.parametrize("kwargs, suffix, index", [
    ({"input_shape": SHAPE, "include_top": False}, "_notop.h5", 1),
    ({}, ".h5", 0),
])
def test_imagenet_files(loads, kwargs, suffix, index):
    kerax.utils.clear_session()
    convnext.ConvNeXtTiny(**kwargs)
    assert loads == [(BASE + "convnext_tiny" + suffix,
                      convnext.WEIGHTS_HASHES["convnext_tiny"][index])]


def test_channels_first_is_refused():
    kerax.config.set_image_data_format("channels_first")
    try:
        with pytest.raises(ValueError, match="does not support the "
                           "`channels_first`"):
            convnext.ConvNeXtTiny(weights=None)
    finally:
        kerax.config.set_image_data_format("channels_last")


@pytest.mark.parametrize("kwargs, match", [
    ({"weights": "no_such_file.h5"}, "`weights` argument should be"),
    ({"classes": 10}, "`classes` should be 1000"),
    ({"name": "my_model"}, "does not match weights variant"),
    ({"input_shape": SHAPE}, "`input_shape` should be"),
    ({"input_shape": (31, 32, 3), "include_top": False, "weights": None},
     "at least 32x32"),
    ({"include_top": True, "weights": None, "input_shape": (None, None, 3)},
     "static `input_shape`"),
    ({"classifier_activation": "relu"}, "Only `None` and `softmax`"),
])
def test_argument_errors(loads, kwargs, match):
    with pytest.raises(ValueError, match=match):
        convnext.ConvNeXtTiny(**kwargs)
    assert loads == []


# ------------------------------------------------------------ the layers
def test_layer_scale_matches_keras(keras):
    from keras.src.applications.convnext import LayerScale as KerasScale

    x = np.random.RandomState(0).rand(2, 3, 4).astype("float32")
    mine, theirs = LayerScale(0.5, 4, name="s"), KerasScale(0.5, 4, name="s")
    np.testing.assert_allclose(mine(x), theirs(x))
    assert mine.get_config() == theirs.get_config()
    assert [w.shape for w in mine.trainable_weights] == [(4,)]


def test_layer_scale_refuses_a_bad_projection_dim():
    with pytest.raises(ValueError, match="projection_dim=0"):
        LayerScale(1e-6, 0)


def test_stochastic_depth_drops_whole_samples(keras):
    from keras.src.applications.convnext import (
        StochasticDepth as KerasDepth,
    )

    layer = StochasticDepth(0.5, name="d")
    assert layer.get_config() == KerasDepth(0.5, name="d").get_config()
    x = np.ones((256, 2, 3), "float32")
    np.testing.assert_array_equal(layer(x), x)  # inference: identity
    out = np.asarray(layer(x, training=True))
    per_sample = out.reshape(256, -1)
    assert set(np.unique(per_sample)) == {0.0, 2.0}
    assert (per_sample == per_sample[:, :1]).all()
    assert 0.3 < (per_sample[:, 0] == 0).mean() < 0.7


def test_stochastic_depth_refuses_a_bad_rate():
    with pytest.raises(ValueError, match="drop_path_rate=1"):
        StochasticDepth(1)


def test_saved_layers_load_in_keras_and_back(keras, tmp_path):
    inputs = kerax.Input((4, 4, 3))
    x = kerax.layers.Normalization(mean=[1.0, 2.0, 3.0],
                                   variance=[1.0, 4.0, 9.0])(inputs)
    x = LayerScale(0.5, 3, name="scale")(x)
    outputs = StochasticDepth(0.25, name="depth")(x)
    model = kerax.Model(inputs, outputs)
    model.save(tmp_path / "kerax.keras")
    theirs = keras.saving.load_model(tmp_path / "kerax.keras")
    assert type(theirs.get_layer("scale")).__module__ == KERAS_MODULE
    x = random_images((4, 4, 3))
    np.testing.assert_allclose(theirs.predict(x, verbose=0),
                               model.predict(x, verbose=0), rtol=1e-6)
    theirs.save(tmp_path / "keras.keras")
    again = kerax.saving.load_model(tmp_path / "keras.keras")
    assert isinstance(again.get_layer("depth"), StochasticDepth)
    np.testing.assert_allclose(again.predict(x, verbose=0),
                               model.predict(x, verbose=0), rtol=1e-6)


def test_docstring_examples_run():
    import doctest

    for module in (convnext, convnext_layers):
        assert doctest.testmod(module).failed == 0
