"""kerax.applications.nasnet against keras.applications.nasnet."""

import os

import numpy as np
import pytest

import kerax
from kerax.applications import nasnet, pretrained
from kerax.support import file_utils
from tests.applications.keras_parity import (
    assert_same_predictions,
    assert_same_structure,
    build_pair,
    random_images,
)

SHAPE = (32, 32, 3)  # NASNet's minimum input (weights=None)
BASE = ("https://storage.googleapis.com/tensorflow/keras-applications/"
        "nasnet/")
slow = pytest.mark.skipif(not os.environ.get("KERAX_SLOW_TESTS"),
                          reason="set KERAX_SLOW_TESTS=1 (large model)")


@pytest.fixture(scope="module")
def pair_top(keras, tmp_path_factory):
    return build_pair(keras, tmp_path_factory.mktemp("nasnet"), "nasnet",
                      "NASNetMobile", input_shape=SHAPE, classes=7,
                      classifier_activation=None)


@pytest.fixture
def downloads(monkeypatch, placeholder_init):
    """Records `weights="imagenet"` downloads and loads instead of doing
    them (the random weights they would replace are placeholders)."""
    calls = []
    monkeypatch.setattr(
        file_utils, "get_file",
        lambda fname, origin, cache_subdir, file_hash: calls.append(
            (fname, origin, cache_subdir, file_hash)) or f"/cache/{fname}")
    monkeypatch.setattr(
        pretrained, "load_weights",
        lambda model, weights, url=None, file_hash=None: calls.append(
            weights))
    return calls


def _images():
    return nasnet.preprocess_input(random_images(SHAPE))


def test_mobile_matches_keras(pair_top):
    mine, theirs = pair_top
    assert mine.name == "nasnet_mobile"
    assert_same_structure(mine, theirs)
    assert [w.path for w in mine.weights] == [w.path for w in theirs.weights]
    assert mine.count_params() == 4269716 + 1056 * 7 + 7
    assert mine.output_shape == (None, 7)


@slow
def test_mobile_predictions_match_keras(pair_top):
    assert_same_predictions(*pair_top, _images(), rtol=1e-4, atol=1e-3)


@slow
def test_large_matches_keras_structure(keras):
    keras.utils.clear_session()
    theirs = keras.applications.NASNetLarge(
        weights=None, input_shape=SHAPE, include_top=False, pooling="avg")
    kerax.utils.clear_session()
    mine = nasnet.NASNetLarge(weights=None, input_shape=SHAPE,
                              include_top=False, pooling="avg")
    assert_same_structure(mine, theirs)
    assert mine.count_params() == 84916818


def test_preprocess_input_matches_keras(keras):
    x = random_images(SHAPE)
    np.testing.assert_allclose(
        nasnet.preprocess_input(x),
        keras.applications.nasnet.preprocess_input(x.copy()),
        rtol=1e-6, atol=1e-6)


def test_input_tensor_and_max_pooling(placeholder_init):
    kerax.utils.clear_session()
    inputs = kerax.Input((40, 40, 3))
    x = kerax.layers.Rescaling(1.0)(inputs)
    model = nasnet.NASNetMobile(input_tensor=x, include_top=False,
                                weights=None, pooling="max")
    assert model.inputs[0] is inputs
    assert model.output_shape == (None, 1056)
    assert model.layers[-1].name == "global_max_pooling2d"


@pytest.mark.parametrize("builder, kwargs, fname, remote, file_hash", [
    ("NASNetMobile", {}, "nasnet_mobile.h5", "NASNet-mobile.h5",
     "020fb642bf7360b370c678b08e0adf61"),
    ("NASNetMobile", {"include_top": False, "input_shape": SHAPE},
     "nasnet_mobile_no_top.h5", "NASNet-mobile-no-top.h5",
     "1ed92395b5b598bdda52abe5c0dbfd63"),
])
def test_imagenet_files(downloads, builder, kwargs, fname, remote,
                        file_hash):
    kerax.utils.clear_session()
    getattr(nasnet, builder)(**kwargs)
    assert downloads == [(fname, BASE + remote, "models", file_hash),
                         f"/cache/{fname}"]


@slow
@pytest.mark.parametrize("kwargs, fname, remote, file_hash", [
    ({}, "nasnet_large.h5", "NASNet-large.h5",
     "11577c9a518f0070763c2b964a382f17"),
    ({"include_top": False, "input_shape": SHAPE},
     "nasnet_large_no_top.h5", "NASNet-large-no-top.h5",
     "d81d89dc07e6e56530c4e77faddd61b5"),
])
def test_large_imagenet_files(downloads, kwargs, fname, remote, file_hash):
    kerax.utils.clear_session()
    nasnet.NASNetLarge(**kwargs)
    assert downloads == [(fname, BASE + remote, "models", file_hash),
                         f"/cache/{fname}"]


def test_channels_first_is_refused():
    kerax.config.set_image_data_format("channels_first")
    try:
        with pytest.raises(ValueError, match="does not support the "
                           "`channels_first`"):
            nasnet.NASNetMobile(weights=None)
    finally:
        kerax.config.set_image_data_format("channels_last")


@pytest.mark.parametrize("builder, kwargs, match", [
    ("NASNetMobile", {"weights": "no_such_file.h5"},
     "`weights` argument should be"),
    ("NASNetMobile", {"classes": 10}, "`classes` should be 1000"),
    ("NASNetMobile", {"input_shape": SHAPE},
     r"`input_shape` should be \(224, 224, 3\)"),
    ("NASNetLarge", {"input_shape": (224, 224, 3)},
     r"`input_shape` should be \(331, 331, 3\)"),
    ("NASNetMobile", {"include_top": False, "input_shape": (None, None, 3)},
     "must be static"),
    ("NASNetMobile", {"input_shape": (31, 32, 3), "weights": None},
     "at least 32x32"),
    ("NASNetLarge", {"include_top": True, "weights": None,
                     "input_shape": (None, None, 3)},
     "static `input_shape`"),
    ("NASNetMobile", {"classifier_activation": "relu"},
     "Only `None` and `softmax`"),
])
def test_argument_errors(downloads, builder, kwargs, match):
    with pytest.raises(ValueError, match=match):
        getattr(nasnet, builder)(**kwargs)
    assert downloads == []


def test_docstring_example_runs():
    import doctest

    assert doctest.testmod(nasnet).failed == 0
