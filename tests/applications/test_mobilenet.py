"""kerax.applications.mobilenet against keras.applications.mobilenet."""

import numpy as np
import pytest

import kerax
from kerax.applications import mobilenet
from tests.applications.keras_parity import (
    assert_same_predictions,
    assert_same_structure,
    build_pair,
    random_images,
)

SHAPE = (32, 32, 3)
BASE = ("https://storage.googleapis.com/tensorflow/keras-applications/"
        "mobilenet/")


@pytest.fixture(scope="module")
def pair_no_top(keras, tmp_path_factory):
    return build_pair(keras, tmp_path_factory.mktemp("mobilenet"),
                      "mobilenet", "MobileNet", input_shape=SHAPE,
                      alpha=0.25, include_top=False)


@pytest.fixture(scope="module")
def pair_top(keras, tmp_path_factory):
    return build_pair(keras, tmp_path_factory.mktemp("mobilenet_top"),
                      "mobilenet", "MobileNet", input_shape=SHAPE,
                      alpha=0.25, dropout=0.3, classes=7)


def _images():
    return mobilenet.preprocess_input(random_images(SHAPE))


def test_no_top_matches_keras(pair_no_top):
    mine, theirs = pair_no_top
    assert mine.name == "mobilenet_0.25_32"
    assert_same_structure(mine, theirs)
    assert mine.output_shape == (None, 1, 1, 256)
    assert_same_predictions(mine, theirs, _images())


def test_top_matches_keras(pair_top):
    mine, theirs = pair_top
    assert_same_structure(mine, theirs)
    assert mine.output_shape == (None, 7)
    assert mine.get_layer("dropout").rate == 0.3
    assert_same_predictions(mine, theirs, _images())


def test_preprocess_input_matches_keras(keras):
    x = random_images(SHAPE)
    np.testing.assert_allclose(
        mobilenet.preprocess_input(x),
        keras.applications.mobilenet.preprocess_input(x.copy()), rtol=1e-6)


@pytest.mark.parametrize("pooling, depth_multiplier", [("avg", 1),
                                                      ("max", 2)])
def test_pooling_and_depth_multiplier(placeholder_init, pooling,
                                      depth_multiplier):
    model = mobilenet.MobileNet(input_shape=SHAPE, alpha=0.25,
                                depth_multiplier=depth_multiplier,
                                include_top=False, weights=None,
                                pooling=pooling)
    assert model.output_shape == (None, 256)
    # Each of the 8 stem channels gets `depth_multiplier` depthwise outputs.
    kernel = model.get_layer("conv_dw_1").weights[0]
    assert tuple(kernel.shape) == (3, 3, 8, depth_multiplier)
    pointwise = model.get_layer("conv_pw_1").weights[0]
    assert tuple(pointwise.shape) == (1, 1, 8 * depth_multiplier, 16)


def test_input_tensor_keeps_the_graph_inputs(placeholder_init):
    inputs = kerax.Input((40, 40, 3))
    x = kerax.layers.Rescaling(1.0)(inputs)
    model = mobilenet.MobileNet(input_tensor=x, alpha=0.25,
                                include_top=False, weights=None)
    assert model.inputs[0] is inputs
    assert model.output_shape == (None, 1, 1, 256)


@pytest.mark.parametrize("kwargs, name", [
    ({"include_top": False}, "mobilenet_0.25_None"),
    ({"input_shape": (64, 48, 3), "include_top": False},
     "mobilenet_0.25_64"),
    ({}, "mobilenet_0.25_224"),
])
def test_default_names(placeholder_init, kwargs, name):
    assert mobilenet.MobileNet(alpha=0.25, weights=None,
                               **kwargs).name == name


@pytest.mark.parametrize("alpha, rows, include_top, file", [
    (0.75, 160, False, "mobilenet_7_5_160_tf_no_top.h5"),
    (0.5, 128, True, "mobilenet_5_0_128_tf.h5"),
    (1.0, 224, True, "mobilenet_1_0_224_tf.h5"),
    (0.25, 192, False, "mobilenet_2_5_192_tf_no_top.h5"),
])
def test_imagenet_file_names(alpha, rows, include_top, file):
    assert mobilenet.weights_url(alpha, rows, include_top) == BASE + file


@pytest.mark.parametrize("kwargs, name, file", [
    ({"input_shape": (128, 128, 3), "include_top": False},
     "mobilenet_0.25_128", "mobilenet_2_5_128_tf_no_top.h5"),
    ({}, "mobilenet_0.25_224", "mobilenet_2_5_224_tf.h5"),
])
def test_imagenet_loads_the_file_for_alpha_and_rows(loads, kwargs, name,
                                                    file):
    model = mobilenet.MobileNet(alpha=0.25, **kwargs)
    assert model.name == name
    assert loads == [(BASE + file, None)]


@pytest.mark.parametrize("shape", [None, (100, 100, 3), (128, 160, 3)])
def test_imagenet_warns_and_loads_224_weights(loads, shape):
    with pytest.warns(UserWarning, match=r"rows` is not in \[128, 160, "
                      r"192, 224\]\. Weights for input shape \(224, 224\)"):
        model = mobilenet.MobileNet(input_shape=shape, alpha=0.25,
                                    include_top=False)
    assert model.name == "mobilenet_0.25_224"
    assert loads == [(BASE + "mobilenet_2_5_224_tf_no_top.h5", None)]


@pytest.mark.parametrize("kwargs, match", [
    ({"weights": "no_such_file.h5"}, "`weights` argument should be"),
    ({"classes": 10}, "`classes` should be 1000"),
    ({"depth_multiplier": 2}, "depth multiplier must be 1"),
    ({"alpha": 0.3}, "alpha can be one of"),
    ({"input_shape": (100, 100, 3)}, "`input_shape` should be"),
    ({"input_shape": (24, 24, 3), "include_top": False,
      "weights": None}, "at least 32x32"),
    ({"input_shape": (64, 64, 4), "include_top": False},
     "must have 3 channels"),
    ({"classifier_activation": "relu", "alpha": 0.25},
     "Only `None` and `softmax`"),
])
def test_argument_errors(loads, kwargs, match):
    with pytest.raises(ValueError, match=match):
        mobilenet.MobileNet(**kwargs)
    assert loads == []


def test_decode_predictions_checks_shape():
    with pytest.raises(ValueError, match="shape"):
        mobilenet.decode_predictions(np.zeros((1, 10)))
