"""kerax.applications.xception against keras.applications.xception."""

import os

import numpy as np
import pytest

import kerax
from kerax.applications import xception
from tests.applications.keras_parity import (
    assert_same_predictions,
    assert_same_structure,
    build_pair,
    random_images,
)

SHAPE = (71, 71, 3)  # Xception's minimum input
BASE = ("https://storage.googleapis.com/tensorflow/keras-applications/"
        "xception/xception_weights_tf_dim_ordering_tf_kernels")


@pytest.fixture(scope="module")
def pair_no_top(keras, tmp_path_factory):
    return build_pair(keras, tmp_path_factory.mktemp("xception"),
                      "xception", "Xception", input_shape=SHAPE,
                      include_top=False)


@pytest.fixture(scope="module")
def pair_top(keras, tmp_path_factory):
    return build_pair(keras, tmp_path_factory.mktemp("xception_top"),
                      "xception", "Xception", input_shape=SHAPE,
                      classes=7, classifier_activation=None)


def _images():
    return xception.preprocess_input(random_images(SHAPE))


def test_no_top_matches_keras(pair_no_top):
    mine, theirs = pair_no_top
    assert mine.name == "xception"
    assert_same_structure(mine, theirs)
    assert mine.output_shape == (None, 3, 3, 2048)


@pytest.mark.skipif(not os.environ.get("KERAX_SLOW_TESTS"),
                    reason="the top test compares predictions already; "
                    "set KERAX_SLOW_TESTS=1")
def test_no_top_predictions_match_keras(pair_no_top):
    assert_same_predictions(*pair_no_top, _images())


def test_top_matches_keras(pair_top):
    mine, theirs = pair_top
    assert_same_structure(mine, theirs)
    assert mine.output_shape == (None, 7)
    assert_same_predictions(mine, theirs, _images())


def test_preprocess_input_matches_keras(keras):
    x = random_images(SHAPE)
    np.testing.assert_allclose(
        xception.preprocess_input(x),
        keras.applications.xception.preprocess_input(x.copy()),
        rtol=1e-6)


@pytest.mark.parametrize("pooling", ["avg", "max"])
def test_pooling(placeholder_init, pooling):
    model = xception.Xception(input_shape=SHAPE, include_top=False,
                                     weights=None, pooling=pooling)
    assert model.output_shape == (None, 2048)


def test_input_tensor_keeps_the_graph_inputs(placeholder_init):
    inputs = kerax.Input((139, 139, 3))
    x = kerax.layers.Rescaling(1.0)(inputs)
    model = xception.Xception(input_tensor=x, include_top=False,
                                     weights=None)
    assert model.inputs[0] is inputs
    assert model.output_shape == (None, 5, 5, 2048)


def test_channels_first(placeholder_init):
    kerax.config.set_image_data_format("channels_first")
    try:
        model = xception.Xception(input_shape=(3, 71, 71),
                                         include_top=False, weights=None)
    finally:
        kerax.config.set_image_data_format("channels_last")
    assert model.output_shape == (None, 2048, 3, 3)


@pytest.mark.parametrize("include_top, suffix, file_hash, size", [
    (True, ".h5", "0a58e3b7378bc2990ea3b43d5981f1f6", 299),
    (False, "_notop.h5", "b0042744bf5b25fce3cb969f33bebb97", None),
])
def test_imagenet_files(loads, include_top, suffix, file_hash, size):
    model = xception.Xception(include_top=include_top)
    assert model.input_shape == (None, size, size, 3)
    assert loads == [(BASE + suffix, file_hash)]


@pytest.mark.parametrize("kwargs, match", [
    ({"weights": "no_such_file.h5"}, "`weights` argument should be"),
    ({"classes": 10}, "`classes` should be 1000"),
    ({"input_shape": SHAPE}, "`input_shape` should be"),
    ({"input_shape": (71, 70, 3), "include_top": False, "weights": None},
     "at least 71x71"),
    ({"classifier_activation": "relu"}, "Only `None` and `softmax`"),
])
def test_argument_errors(loads, kwargs, match):
    with pytest.raises(ValueError, match=match):
        xception.Xception(**kwargs)
    assert loads == []
