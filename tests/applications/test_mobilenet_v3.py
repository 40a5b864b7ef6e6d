"""kerax.applications.mobilenet_v3 against keras.applications.mobilenet_v3."""

import os

import numpy as np
import pytest

import kerax
from kerax.applications import mobilenet_v3
from kerax.layers.core.op_layer import OpLayer
from tests.applications import keras_parity
from tests.applications.keras_parity import (
    assert_same_predictions,
    assert_same_structure,
    random_images,
)

SHAPE = (32, 32, 3)
BASE = ("https://storage.googleapis.com/tensorflow/keras-applications/"
        "mobilenet_v3/weights_mobilenet_v3_")


def build_pair(keras, tmp_path, name, **kwargs):
    return keras_parity.build_pair(keras, tmp_path, "mobilenet_v3", name,
                                   **kwargs)


def _same_structure(pair):
    assert_same_structure(*pair)


@pytest.fixture(scope="module")
def pair_small(keras, tmp_path_factory):
    return build_pair(keras, tmp_path_factory.mktemp("mobilenet_v3"),
                      "MobileNetV3Small", input_shape=SHAPE,
                      include_top=False)


@pytest.fixture(scope="module")
def pair_small_minimalistic(keras, tmp_path_factory):
    return build_pair(keras, tmp_path_factory.mktemp("mobilenet_v3_min"),
                      "MobileNetV3Small", input_shape=SHAPE,
                      minimalistic=True, classes=7,
                      dropout_rate=0.0, include_preprocessing=False)


def test_small_matches_keras(pair_small):
    mine, theirs = pair_small
    _same_structure(pair_small)
    assert mine.name == "MobileNetV3Small"
    assert mine.output_shape == (None, 1, 1, 576)
    rescaling = mine.layers[1]
    assert isinstance(rescaling, kerax.layers.Rescaling)
    assert (rescaling.scale, rescaling.offset) == (1.0 / 127.5, -1.0)
    # Squeeze-and-excite gates through relu6(x + 3) / 6: two ops per
    # block, graph operations but not layers (as in Keras).
    ops = [op.name for op in mine.operations if isinstance(op, OpLayer)]
    assert len(ops) == 2 * 9
    assert not [x for x in mine.layers if isinstance(x, OpLayer)]
    # The model rescales 0-255 pixels itself.
    assert_same_predictions(mine, theirs, random_images(SHAPE))


def test_small_minimalistic_top_matches_keras(pair_small_minimalistic):
    mine, theirs = pair_small_minimalistic
    _same_structure(pair_small_minimalistic)
    assert mine.output_shape == (None, 7)
    # No Rescaling (include_preprocessing=False), no Dropout (rate 0), no
    # hard swish or squeeze-and-excite (minimalistic).
    assert not [layer.name for layer in mine.operations if isinstance(
        layer, (kerax.layers.Rescaling, kerax.layers.Dropout, OpLayer))
        or "activation" in layer.name or "squeeze" in layer.name]
    x = random_images(SHAPE) / 127.5 - 1.0
    assert_same_predictions(mine, theirs, x)


@pytest.mark.skipif(not os.environ.get("KERAX_SLOW_TESTS"),
                    reason="large model; set KERAX_SLOW_TESTS=1")
def test_large_matches_keras(keras, tmp_path):
    pair = build_pair(keras, tmp_path, "MobileNetV3Large",
                      input_shape=SHAPE, alpha=0.75, classes=5)
    _same_structure(pair)
    mine, theirs = pair
    assert mine.name == "MobileNetV3Large"
    assert mine.get_layer("dropout").rate == 0.2
    assert mine.get_layer("conv_2").filters == 1280
    assert_same_predictions(mine, theirs, random_images(SHAPE))


def test_preprocess_input_is_a_pass_through(keras):
    x = random_images(SHAPE)
    assert mobilenet_v3.preprocess_input(x) is x
    assert keras.applications.mobilenet_v3.preprocess_input(x) is x


@pytest.mark.parametrize("pooling, layer", [("avg", "avg_pool"),
                                            ("max", "max_pool")])
def test_pooling(placeholder_init, pooling, layer):
    model = mobilenet_v3.MobileNetV3Small(
        input_shape=SHAPE, include_top=False, weights=None, pooling=pooling,
        minimalistic=True)
    assert model.output_shape == (None, 576)
    assert model.layers[-1].name == layer


def test_input_tensor_keeps_the_graph_inputs(placeholder_init):
    inputs = kerax.Input((40, 40, 3))
    x = kerax.layers.Rescaling(1.0)(inputs)
    model = mobilenet_v3.MobileNetV3Small(
        input_tensor=x, include_top=False, weights=None, minimalistic=True)
    assert model.inputs[0] is inputs
    assert model.output_shape == (None, 2, 2, 576)


@pytest.mark.parametrize("model_type, minimalistic, alpha, top, key", [
    ("small", False, 0.75, False, "small_224_0.75_float"),
    ("small", False, 1.0, True, "small_224_1.0_float"),
    ("small", True, 1.0, False, "small_minimalistic_224_1.0_float"),
    ("large", False, 0.75, True, "large_224_0.75_float"),
    ("large", False, 1, False, "large_224_1.0_float"),
    ("large", True, 1.0, True, "large_minimalistic_224_1.0_float"),
])
def test_imagenet_file_names(model_type, minimalistic, alpha, top, key):
    url, file_hash = mobilenet_v3.weights_file(model_type, minimalistic,
                                               alpha, top)
    assert url == BASE + key + (".h5" if top else "_no_top_v2.h5")
    assert file_hash == mobilenet_v3.WEIGHTS_HASHES[key][0 if top else 1]


def test_imagenet_loads_the_224_file(loads):
    model = mobilenet_v3.MobileNetV3Small(
        input_shape=(224, 224, 3), minimalistic=True, include_top=False,
        name="pretrained")
    assert model.name == "pretrained"
    assert loads == [mobilenet_v3.weights_file("small", True, 1.0, False)]


@pytest.mark.parametrize("shape", [None, (96, 96, 3), (224, 192, 3)])
def test_imagenet_warns_off_224(loads, shape):
    with pytest.warns(UserWarning, match=r"rows` is not 224\. Weights for "
                      r"input shape \(224, 224\) will be loaded"):
        mobilenet_v3.MobileNetV3Small(input_shape=shape, minimalistic=True)
    key = "small_minimalistic_224_1.0_float"
    assert loads == [(BASE + key + ".h5",
                      mobilenet_v3.WEIGHTS_HASHES[key][0])]


@pytest.mark.parametrize("kwargs, match", [
    ({"weights": "no_such_file.h5"}, "`weights` argument should be"),
    ({"classes": 10}, "`classes` should be 1000"),
    ({"alpha": 0.5, "minimalistic": False}, "alpha can be one of"),
    ({"alpha": 0.75}, "alpha can be one of"),
    ({"input_shape": (31, 64, 3), "weights": None}, "at least 32x32"),
    ({"input_tensor": "input16", "weights": None}, "at least 32x32"),
    ({"input_shape": (32, 40, 3), "input_tensor": "input32",
      "weights": None}, "width of `input_tensor`"),
    ({"input_shape": (224, 224, 3), "classifier_activation": "relu"},
     "Only `None` and `softmax`"),
])
def test_argument_errors(loads, kwargs, match):
    tensor = kwargs.get("input_tensor")
    if isinstance(tensor, str):
        side = int(tensor[len("input"):])
        kwargs = dict(kwargs, input_tensor=kerax.Input((side, side, 3)))
    with pytest.raises(ValueError, match=match):
        mobilenet_v3.MobileNetV3Small(**{"minimalistic": True, **kwargs})
    assert loads == []


def test_decode_predictions_checks_shape():
    with pytest.raises(ValueError, match="shape"):
        mobilenet_v3.decode_predictions(np.zeros((1, 10)))


def test_weight_hashes_match_keras(keras):
    from keras.src.applications import mobilenet_v3 as keras_mobilenet_v3

    assert mobilenet_v3.WEIGHTS_HASHES == keras_mobilenet_v3.WEIGHTS_HASHES
