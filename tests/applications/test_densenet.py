"""kerax.applications.densenet against keras.applications.densenet."""

import os

import numpy as np
import pytest

import kerax
from kerax.applications import densenet
from tests.applications.keras_parity import (
    assert_same_predictions,
    assert_same_structure,
    build_pair,
    random_images,
)

SHAPE = (32, 32, 3)  # DenseNet's minimum input
BASE = ("https://storage.googleapis.com/tensorflow/keras-applications/"
        "densenet/")
slow = pytest.mark.skipif(not os.environ.get("KERAX_SLOW_TESTS"),
                          reason="set KERAX_SLOW_TESTS=1 (large model)")


@pytest.fixture(scope="module")
def pair_no_top(keras, tmp_path_factory):
    return build_pair(keras, tmp_path_factory.mktemp("densenet"),
                      "densenet", "DenseNet121", input_shape=SHAPE,
                      include_top=False)


@pytest.fixture(scope="module")
def pair_top(keras, tmp_path_factory):
    return build_pair(keras, tmp_path_factory.mktemp("densenet_top"),
                      "densenet", "DenseNet121", input_shape=SHAPE,
                      classes=7)


def _images():
    return densenet.preprocess_input(random_images(SHAPE))


def test_no_top_matches_keras(pair_no_top):
    mine, theirs = pair_no_top
    assert mine.name == "densenet121"
    assert_same_structure(mine, theirs)
    assert mine.output_shape == (None, 1, 1, 1024)


@slow
def test_no_top_predictions_match_keras(pair_no_top):
    assert_same_predictions(*pair_no_top, _images())


def test_top_matches_keras(pair_top):
    mine, theirs = pair_top
    assert_same_structure(mine, theirs)
    assert mine.output_shape == (None, 7)


@slow
def test_top_predictions_match_keras(pair_top):
    assert_same_predictions(*pair_top, _images())


@slow
@pytest.mark.parametrize("name, params", [
    ("DenseNet169", 12642880), ("DenseNet201", 18321984)])
def test_larger_variants_match_keras_structure(keras, tmp_path, name,
                                               params):
    mine, theirs = build_pair(keras, tmp_path, "densenet", name,
                              input_shape=SHAPE, include_top=False,
                              pooling="max")
    assert_same_structure(mine, theirs)
    assert mine.count_params() == params


def test_preprocess_input_matches_keras(keras):
    x = random_images(SHAPE)
    np.testing.assert_allclose(
        densenet.preprocess_input(x),
        keras.applications.densenet.preprocess_input(x.copy()),
        rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("pooling, layer", [("avg", "avg_pool"),
                                            ("max", "max_pool")])
def test_pooling(placeholder_init, pooling, layer):
    model = densenet.DenseNet121(input_shape=SHAPE, include_top=False,
                                 weights=None, pooling=pooling)
    assert model.output_shape == (None, 1024)
    assert model.layers[-1].name == layer


def test_input_tensor_keeps_the_graph_inputs(placeholder_init):
    inputs = kerax.Input((40, 40, 3))
    x = kerax.layers.Rescaling(1.0)(inputs)
    model = densenet.DenseNet121(input_tensor=x, include_top=False,
                                 weights=None)
    assert model.inputs[0] is inputs
    assert model.output_shape == (None, 1, 1, 1024)


@pytest.mark.parametrize("builder, kwargs, file, file_hash", [
    ("DenseNet121", {}, "densenet121_weights_tf_dim_ordering_tf_kernels.h5",
     "9d60b8095a5708f2dcce2bca79d332c7"),
    ("DenseNet121", {"include_top": False},
     "densenet121_weights_tf_dim_ordering_tf_kernels_notop.h5",
     "30ee3e1110167f948a6b9946edeeb738"),
    ("DenseNet169", {"include_top": False},
     "densenet169_weights_tf_dim_ordering_tf_kernels_notop.h5",
     "b8c4d4c20dd625c148057b9ff1c1176b"),
    ("DenseNet201", {"include_top": False},
     "densenet201_weights_tf_dim_ordering_tf_kernels_notop.h5",
     "c13680b51ded0fb44dff2d8f86ac8bb1"),
])
def test_imagenet_files(loads, builder, kwargs, file, file_hash):
    model = getattr(densenet, builder)(**kwargs)
    assert model.name == builder.lower()
    assert loads == [(BASE + file, file_hash)]


def test_imagenet_with_top_needs_224():
    with pytest.raises(ValueError, match="`input_shape` should be"):
        densenet.DenseNet121(input_shape=SHAPE)


def test_channels_first_is_refused():
    kerax.config.set_image_data_format("channels_first")
    try:
        with pytest.raises(ValueError, match="does not support the "
                           "`channels_first`"):
            densenet.DenseNet121(weights=None)
    finally:
        kerax.config.set_image_data_format("channels_last")


@pytest.mark.parametrize("kwargs, match", [
    ({"weights": "no_such_file.h5"}, "`weights` argument should be"),
    ({"classes": 10}, "`classes` should be 1000"),
    ({"input_shape": (31, 32, 3), "include_top": False, "weights": None},
     "at least 32x32"),
    ({"include_top": True, "weights": None, "input_shape": (None, None, 3)},
     "static `input_shape`"),
    ({"classifier_activation": "relu"}, "Only `None` and `softmax`"),
])
def test_argument_errors(loads, kwargs, match):
    with pytest.raises(ValueError, match=match):
        densenet.DenseNet121(**kwargs)
    assert loads == []
