"""kerax.applications.inception_resnet_v2 against
keras.applications.inception_resnet_v2."""

import os

import numpy as np
import pytest

import kerax
from kerax.applications import inception_resnet_v2
from kerax.applications.inception_resnet_v2 import CustomScaleLayer
from tests.applications.keras_parity import (
    assert_same_predictions,
    assert_same_structure,
    build_pair,
    numpy_keras_init,
    random_images,
    write_keras2_weights,
)

SHAPE = (75, 75, 3)  # InceptionResNetV2's minimum input
BASE = ("https://storage.googleapis.com/tensorflow/keras-applications/"
        "inception_resnet_v2/inception_resnet_v2_weights_tf_dim_ordering_"
        "tf_kernels")
KERAS_MODULE = "keras.src.applications.inception_resnet_v2"
slow = pytest.mark.skipif(not os.environ.get("KERAX_SLOW_TESTS"),
                          reason="set KERAX_SLOW_TESTS=1 (55M parameters)")


@pytest.fixture(scope="module")
def no_top():
    """The kerax model alone, built right after a `clear_session`."""
    kerax.utils.clear_session()
    return inception_resnet_v2.InceptionResNetV2(
        input_shape=SHAPE, include_top=False, weights=None)


@pytest.fixture(scope="module")
def keras_scale_layer(keras):
    from keras.src.applications.inception_resnet_v2 import (
        CustomScaleLayer as KerasCustomScaleLayer,
    )

    return KerasCustomScaleLayer


def _scale_layers(model):
    """(module, class, name, scale) of each CustomScaleLayer in the
    model's config."""
    return [(entry["module"], entry["class_name"], entry["name"],
             entry["config"]["scale"])
            for entry in model.get_config()["layers"]
            if entry["class_name"] == "CustomScaleLayer"]


@slow
def test_no_top_matches_keras(keras, tmp_path):
    # Keras alone takes 30-60 s to build this model here; the blocks are
    # compared with Keras's below in every run.
    mine, theirs = build_pair(keras, tmp_path, "inception_resnet_v2",
                              "InceptionResNetV2", input_shape=SHAPE,
                              include_top=False)
    assert_same_structure(mine, theirs)
    assert _scale_layers(mine) == _scale_layers(theirs)
    x = inception_resnet_v2.preprocess_input(random_images(SHAPE))
    assert_same_predictions(mine, theirs, x)


@pytest.mark.parametrize("block_type, scale, activation", [
    ("block35", 0.17, "relu"), ("block17", 0.1, "relu"),
    ("block8", 0.2, "relu"), ("block8", 1.0, None)])
def test_blocks_match_keras(keras, tmp_path, block_type, scale, activation):
    from keras.src.applications import inception_resnet_v2 as keras_module

    keras.utils.clear_session()
    inputs = keras.Input((5, 5, 48))
    with numpy_keras_init():  # every weight is overwritten just below
        theirs = keras.Model(inputs, keras_module.inception_resnet_block(
            inputs, scale, block_type, 3, activation=activation),
            name="block")
    rng = np.random.RandomState(0)
    for weight in theirs.weights:  # BatchNormalization statistics too
        weight.assign(rng.uniform(0.5, 1.5, weight.shape).astype("float32"))
    write_keras2_weights(theirs, tmp_path / "block.h5")

    kerax.utils.clear_session()
    inputs = kerax.Input((5, 5, 48))
    mine = kerax.Model(inputs, inception_resnet_v2.inception_resnet_block(
        inputs, scale, block_type, 3, activation=activation), name="block")
    mine.load_weights(str(tmp_path / "block.h5"))
    assert_same_structure(mine, theirs)
    assert _scale_layers(mine) == _scale_layers(theirs) == [
        (KERAS_MODULE, "CustomScaleLayer", "custom_scale_layer", scale)]
    x = rng.uniform(-1, 1, (2, 5, 5, 48)).astype("float32")
    assert_same_predictions(mine, theirs, x, rtol=1e-4, atol=1e-3)


def test_no_top_structure(no_top):
    assert no_top.name == "inception_resnet_v2"
    assert len(no_top.layers) == 780
    assert no_top.count_params() == 54336736
    assert no_top.output_shape == (None, 1, 1, 1536)
    assert [layer.name for layer in no_top.layers[-4:]] == [
        "custom_scale_layer_39", "conv_7b", "conv_7b_bn", "conv_7b_ac"]
    scales = _scale_layers(no_top)
    assert [scale for *_, scale in scales] == (
        [0.17] * 10 + [0.1] * 20 + [0.2] * 9 + [1.0])
    assert [name for _, _, name, _ in scales] == ["custom_scale_layer"] + [
        f"custom_scale_layer_{i}" for i in range(1, 40)]


def test_top_adds_pooling_and_classifier(placeholder_init, no_top):
    kerax.utils.clear_session()
    top = inception_resnet_v2.InceptionResNetV2(
        input_shape=SHAPE, weights=None, classes=7,
        classifier_activation=None)
    names = [layer.name for layer in top.layers]
    assert names == [layer.name for layer in no_top.layers] + [
        "avg_pool", "predictions"]
    assert top.output_shape == (None, 7)
    assert top.count_params() == no_top.count_params() + 1536 * 7 + 7


def test_custom_scale_layer_computes_and_configures_as_keras(
        keras_scale_layer):
    rng = np.random.RandomState(0)
    a, b = rng.rand(2, 3, 4).astype("float32"), rng.rand(2, 3, 4).astype(
        "float32")
    mine = CustomScaleLayer(0.17, name="s")
    theirs = keras_scale_layer(0.17, name="s")
    np.testing.assert_allclose(mine([a, b]), theirs([a, b]), rtol=1e-6)
    assert mine.get_config() == theirs.get_config()
    assert mine.weights == []


def test_custom_scale_layer_serializes_under_keras_module(keras,
                                                          keras_scale_layer):
    mine = kerax.saving.serialize_keras_object(CustomScaleLayer(0.2,
                                                                name="s"))
    theirs = keras.saving.serialize_keras_object(keras_scale_layer(0.2,
                                                                   name="s"))
    assert (mine["module"], mine["class_name"], mine["config"]) == (
        theirs["module"], theirs["class_name"], theirs["config"])
    restored = kerax.saving.deserialize_keras_object(theirs)
    assert type(restored) is CustomScaleLayer
    assert restored.scale == 0.2 and restored.name == "s"


def _scale_model(lib, layer_class):
    inputs = lib.Input((3,))
    branch = lib.layers.Dense(3, name="branch")(inputs)
    outputs = layer_class(0.1, name="scale")([inputs, branch])
    return lib.Model(inputs, outputs)


def test_keras_files_with_the_layer_load_both_ways(keras, keras_scale_layer,
                                                   tmp_path):
    x = np.random.RandomState(1).rand(4, 3).astype("float32")
    theirs = _scale_model(keras, keras_scale_layer)
    theirs.save(tmp_path / "keras.keras")
    mine = kerax.saving.load_model(tmp_path / "keras.keras")
    assert type(mine.get_layer("scale")) is CustomScaleLayer
    np.testing.assert_allclose(mine.predict(x, verbose=0),
                               theirs.predict(x, verbose=0), rtol=1e-5)

    mine.save(tmp_path / "kerax.keras")
    back = keras.saving.load_model(tmp_path / "kerax.keras")
    assert type(back.get_layer("scale")) is keras_scale_layer
    np.testing.assert_allclose(back.predict(x, verbose=0),
                               theirs.predict(x, verbose=0), rtol=1e-5)


def test_unknown_block_type():
    with pytest.raises(ValueError, match="block_type=block9"):
        inception_resnet_v2.inception_resnet_block(
            kerax.Input((8, 8, 32)), 0.1, "block9", 1)


def test_preprocess_input_matches_keras(keras):
    x = random_images(SHAPE)
    np.testing.assert_allclose(
        inception_resnet_v2.preprocess_input(x),
        keras.applications.inception_resnet_v2.preprocess_input(x.copy()),
        rtol=1e-6)


# Each build below takes seconds (780 layers): one checks several things.
def test_input_tensor_keeps_the_graph_inputs_and_avg_pooling(
        placeholder_init):
    inputs = kerax.Input((139, 139, 3))
    x = kerax.layers.Rescaling(1.0)(inputs)
    model = inception_resnet_v2.InceptionResNetV2(
        input_tensor=x, include_top=False, weights=None, pooling="avg")
    assert model.inputs[0] is inputs
    assert model.output_shape == (None, 1536)
    assert model.layers[-1].__class__.__name__ == "GlobalAveragePooling2D"


@pytest.mark.parametrize("include_top, suffix, file_hash, output", [
    (True, ".h5", "e693bd0210a403b3192acc6073ad2e96", (None, 1000)),
    (False, "_notop.h5", "d19885ff4a710c122648d3b5c3b684e4", (None, 1536)),
])
def test_imagenet_files_and_max_pooling(loads, include_top, suffix,
                                        file_hash, output):
    model = inception_resnet_v2.InceptionResNetV2(include_top=include_top,
                                                  pooling="max")
    assert loads == [(BASE + suffix, file_hash)]
    assert model.output_shape == output
    if not include_top:
        assert model.layers[-1].__class__.__name__ == "GlobalMaxPooling2D"


@pytest.mark.parametrize("kwargs, match", [
    ({"weights": "no_such_file.h5"}, "`weights` argument should be"),
    ({"classes": 10}, "`classes` should be 1000"),
    ({"input_shape": SHAPE}, "`input_shape` should be"),
    ({"input_shape": (75, 74, 3), "include_top": False, "weights": None},
     "at least 75x75"),
    ({"classifier_activation": "relu"}, "Only `None` and `softmax`"),
])
def test_argument_errors(loads, kwargs, match):
    with pytest.raises(ValueError, match=match):
        inception_resnet_v2.InceptionResNetV2(**kwargs)
    assert loads == []
