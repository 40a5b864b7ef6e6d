"""kerax.applications.mobilenet_v2 against keras.applications.mobilenet_v2."""

import os

import numpy as np
import pytest

import kerax
from kerax.applications import mobilenet_v2
from tests.applications.keras_parity import (
    assert_same_predictions,
    assert_same_structure,
    build_pair,
    random_images,
)

SHAPE = (32, 32, 3)
BASE = ("https://storage.googleapis.com/tensorflow/keras-applications/"
        "mobilenet_v2/mobilenet_v2_weights_tf_dim_ordering_tf_kernels_")


@pytest.fixture(scope="module")
def pair_no_top(keras, tmp_path_factory):
    return build_pair(keras, tmp_path_factory.mktemp("mobilenet_v2"),
                      "mobilenet_v2", "MobileNetV2", input_shape=SHAPE,
                      alpha=0.35, include_top=False)


@pytest.fixture(scope="module")
def pair_top(keras, tmp_path_factory):
    return build_pair(keras, tmp_path_factory.mktemp("mobilenet_v2_top"),
                      "mobilenet_v2", "MobileNetV2", input_shape=SHAPE,
                      alpha=0.35, classes=7)


def _images():
    return mobilenet_v2.preprocess_input(random_images(SHAPE))


def test_no_top_matches_keras(pair_no_top):
    mine, theirs = pair_no_top
    assert mine.name == "mobilenetv2_0.35_32"
    assert_same_structure(mine, theirs)
    assert mine.output_shape == (None, 1, 1, 1280)
    assert_same_predictions(mine, theirs, _images())


def test_top_matches_keras(pair_top):
    mine, theirs = pair_top
    assert_same_structure(mine, theirs)
    assert mine.output_shape == (None, 7)
    assert_same_predictions(mine, theirs, _images())


@pytest.mark.skipif(not os.environ.get("KERAX_SLOW_TESTS"),
                    reason="new weight shapes: ~20 s; set KERAX_SLOW_TESTS=1")
def test_wide_alpha_matches_keras_structure(keras, tmp_path):
    # alpha > 1 widens the last convolution past 1280 channels.
    mine, theirs = build_pair(keras, tmp_path, "mobilenet_v2",
                              "MobileNetV2", input_shape=SHAPE, alpha=1.3,
                              include_top=False, pooling="avg")
    assert_same_structure(mine, theirs)
    assert mine.name == "mobilenetv2_1.30_32"
    assert mine.output_shape == (None, 1664)


def test_channels_first_matches_keras_structure(keras, tmp_path):
    # An odd size takes the other branch of the strided blocks' padding.
    keras.config.set_image_data_format("channels_first")
    kerax.config.set_image_data_format("channels_first")
    try:
        mine, theirs = build_pair(keras, tmp_path, "mobilenet_v2",
                                  "MobileNetV2", input_shape=(3, 33, 33),
                                  alpha=0.35, include_top=False)
    finally:
        keras.config.set_image_data_format("channels_last")
        kerax.config.set_image_data_format("channels_last")
    assert_same_structure(mine, theirs)
    assert mine.output_shape == (None, 1280, 2, 2)


def test_preprocess_input_matches_keras(keras):
    x = random_images(SHAPE)
    np.testing.assert_allclose(
        mobilenet_v2.preprocess_input(x),
        keras.applications.mobilenet_v2.preprocess_input(x.copy()),
        rtol=1e-6)


@pytest.mark.parametrize("pooling", ["avg", "max"])
def test_pooling(placeholder_init, pooling):
    model = mobilenet_v2.MobileNetV2(input_shape=SHAPE, alpha=0.35,
                                     include_top=False, weights=None,
                                     pooling=pooling)
    assert model.output_shape == (None, 1280)


def test_input_tensor_keeps_the_graph_inputs(placeholder_init):
    inputs = kerax.Input((40, 40, 3))
    x = kerax.layers.Rescaling(1.0)(inputs)
    model = mobilenet_v2.MobileNetV2(input_tensor=x, alpha=0.35,
                                     include_top=False, weights=None)
    assert model.inputs[0] is inputs
    assert model.output_shape == (None, 2, 2, 1280)


@pytest.mark.parametrize("kwargs, name", [
    ({"include_top": False}, "mobilenetv2_0.35_None"),
    ({"input_shape": (64, 48, 3), "include_top": False},
     "mobilenetv2_0.35_64"),
    # The input tensor's size picks the default size (a top needs one).
    ({"input_tensor": "input96"}, "mobilenetv2_0.35_96"),
    ({}, "mobilenetv2_0.35_224"),
])
def test_default_names(placeholder_init, kwargs, name):
    if kwargs.get("input_tensor") == "input96":
        kwargs = {"input_tensor": kerax.Input((96, 96, 3))}
    model = mobilenet_v2.MobileNetV2(alpha=0.35, weights=None, **kwargs)
    assert model.name == name


@pytest.mark.parametrize("alpha, rows, include_top, file", [
    (0.35, 96, False, "0.35_96_no_top.h5"),
    (0.5, 224, True, "0.5_224.h5"),
    (1.4, 160, True, "1.4_160.h5"),
    (1.0, 128, False, "1.0_128_no_top.h5"),
])
def test_imagenet_file_names(alpha, rows, include_top, file):
    assert mobilenet_v2.weights_url(alpha, rows, include_top) == BASE + file


@pytest.mark.parametrize("kwargs, name, file", [
    ({"input_shape": (96, 96, 3), "include_top": False},
     "mobilenetv2_0.35_96", "0.35_96_no_top.h5"),
    ({"input_shape": (160, 160, 3)}, "mobilenetv2_0.35_160",
     "0.35_160.h5"),
])
def test_imagenet_loads_the_file_for_alpha_and_rows(loads, kwargs, name,
                                                    file):
    model = mobilenet_v2.MobileNetV2(alpha=0.35, **kwargs)
    assert model.name == name
    assert loads == [(BASE + file, None)]


@pytest.mark.parametrize("shape", [None, (100, 100, 3), (96, 128, 3)])
def test_imagenet_warns_and_loads_224_weights(loads, shape):
    with pytest.warns(UserWarning, match=r"rows` is not in \[96, 128, 160, "
                      r"192, 224\]\. Weights for input shape \(224, 224\)"):
        model = mobilenet_v2.MobileNetV2(input_shape=shape, alpha=0.35,
                                         include_top=False)
    assert model.name == "mobilenetv2_0.35_224"
    assert loads == [(BASE + "0.35_224_no_top.h5", None)]


@pytest.mark.parametrize("kwargs, match", [
    ({"weights": "no_such_file.h5"}, "`weights` argument should be"),
    ({"classes": 10}, "`classes` should be 1000"),
    ({"alpha": 0.3}, "alpha must be one of"),
    ({"input_shape": (100, 100, 3)}, "`input_shape` should be"),
    ({"input_shape": (24, 24, 3), "include_top": False,
      "weights": None}, "at least 32x32"),
    ({"input_shape": (32, 40, 3), "input_tensor": "input32",
      "weights": None}, "width of `input_tensor`"),
    ({"input_shape": SHAPE, "input_tensor": np.zeros((1, 32, 32, 3)),
      "weights": None}, "not a Keras tensor"),
    ({"classifier_activation": "relu", "alpha": 0.35},
     "Only `None` and `softmax`"),
])
def test_argument_errors(loads, kwargs, match):
    if isinstance(kwargs.get("input_tensor"), str):
        kwargs = dict(kwargs, input_tensor=kerax.Input(SHAPE))
    with pytest.raises(ValueError, match=match):
        mobilenet_v2.MobileNetV2(**kwargs)
    assert loads == []
