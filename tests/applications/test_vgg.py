"""kerax.applications.vgg16 and vgg19 against Keras's.

With the top VGG16 has 138M parameters at 224x224; the tests build the top
at 32x32 (Flatten gives 512 features) with a few classes instead.
"""

import numpy as np
import pytest

import kerax
from kerax.applications import imagenet_utils, vgg16, vgg19
from tests.applications.keras_parity import (
    assert_same_predictions,
    assert_same_structure,
    build_pair,
    random_images,
)

SHAPE = (32, 32, 3)
BASE = "https://storage.googleapis.com/tensorflow/keras-applications/"


@pytest.fixture(scope="module")
def vgg16_top(keras, tmp_path_factory):
    return build_pair(keras, tmp_path_factory.mktemp("vgg16"), "vgg16",
                      "VGG16", input_shape=SHAPE, classes=5)


@pytest.fixture(scope="module")
def vgg19_no_top(keras, tmp_path_factory):
    return build_pair(keras, tmp_path_factory.mktemp("vgg19"), "vgg19",
                      "VGG19", input_shape=SHAPE, include_top=False,
                      pooling="max")


def _images(module):
    return module.preprocess_input(random_images(SHAPE))


def test_vgg16_top_matches_keras(vgg16_top):
    mine, theirs = vgg16_top
    assert_same_structure(mine, theirs)
    assert mine.name == "vgg16" and mine.output_shape == (None, 5)
    assert [layer.name for layer in mine.layers[-4:]] == [
        "flatten", "fc1", "fc2", "predictions"]
    assert_same_predictions(mine, theirs, _images(vgg16))


def test_vgg19_no_top_matches_keras(vgg19_no_top):
    mine, theirs = vgg19_no_top
    assert_same_structure(mine, theirs)
    assert mine.name == "vgg19" and mine.output_shape == (None, 512)
    convs = [x for x in mine.layers if isinstance(x, kerax.layers.Conv2D)]
    assert len(convs) == 16
    assert_same_predictions(mine, theirs, _images(vgg19))


def test_vgg16_no_top_and_vgg19_top_structure(keras, tmp_path):
    mine, theirs = build_pair(keras, tmp_path, "vgg16", "VGG16",
                              input_shape=(48, 40, 3), include_top=False,
                              pooling="avg")
    assert_same_structure(mine, theirs)
    assert mine.count_params() == 14_714_688  # Keras's VGG16 without top
    mine, theirs = build_pair(keras, tmp_path, "vgg19", "VGG19",
                              input_shape=SHAPE, classes=3,
                              classifier_activation=None)
    assert_same_structure(mine, theirs)


@pytest.mark.parametrize("module", [vgg16, vgg19])
def test_preprocess_input_matches_keras(keras, module):
    keras_module = getattr(keras.applications, module.__name__[-5:])
    x = random_images(SHAPE)
    np.testing.assert_allclose(module.preprocess_input(x),
                               keras_module.preprocess_input(x.copy()),
                               rtol=1e-6)
    np.testing.assert_allclose(
        module.preprocess_input(x, data_format="channels_last"),
        imagenet_utils.preprocess_input(x, mode="caffe"))


@pytest.mark.parametrize("module", [vgg16, vgg19])
def test_decode_predictions_uses_the_imagenet_index(module, monkeypatch):
    index = {str(i): [f"n{i}", f"name{i}"] for i in range(1000)}
    monkeypatch.setattr(imagenet_utils, "_class_index", index)
    preds = np.eye(1000, dtype="float32")[[4]]
    assert module.decode_predictions(preds, top=1) == [
        [("n4", "name4", np.float32(1.0))]]


@pytest.mark.parametrize("builder, pooling, shape", [
    (vgg16.VGG16, None, (None, 2, 3, 512)),
    (vgg16.VGG16, "avg", (None, 512)),
    (vgg19.VGG19, "max", (None, 512)),
])
def test_pooling(placeholder_init, builder, pooling, shape):
    model = builder(include_top=False, weights=None, input_shape=(64, 96, 3),
                    pooling=pooling)
    assert model.output_shape == shape


def test_input_tensor_keeps_the_graph_inputs(placeholder_init):
    inputs = kerax.Input((40, 40, 3))
    x = kerax.layers.Rescaling(1.0)(inputs)
    model = vgg16.VGG16(input_tensor=x, include_top=False, weights=None)
    assert model.inputs[0] is inputs
    assert model.output_shape == (None, 1, 1, 512)


def test_no_top_accepts_any_size(placeholder_init):
    model = vgg19.VGG19(include_top=False, weights=None)
    assert model.input_shape == (None, None, None, 3)
    assert model.output_shape == (None, None, None, 512)


@pytest.mark.parametrize("builder, folder", [(vgg16.VGG16, "vgg16"),
                                             (vgg19.VGG19, "vgg19")])
def test_imagenet_no_top_file(loads, builder, folder):
    builder(include_top=False, input_shape=(32, 32, 3))
    name = f"{folder}_weights_tf_dim_ordering_tf_kernels_notop.h5"
    md5 = {"vgg16": "6d6bbae143d832006294945121d1f1fc",
           "vgg19": "253f8cb515780f3b799900260a226db6"}[folder]
    assert loads == [(f"{BASE}{folder}/{name}", md5)]


@pytest.mark.parametrize("module, md5", [
    (vgg16, "64373286793e3c8b2b4e3219cbf3544b"),
    (vgg19, "cbe5617147190e668d6c5d5026f83318")])
def test_imagenet_top_file(keras, module, md5):
    # Building the 138M-parameter top only to check the file it asks for
    # would be slow: check the constants against Keras's module instead.
    import importlib

    theirs = importlib.import_module(
        "keras.src.applications." + module.__name__.rsplit(".", 1)[1])
    assert module.WEIGHTS_PATH == theirs.WEIGHTS_PATH
    assert module.WEIGHTS_PATH_NO_TOP == theirs.WEIGHTS_PATH_NO_TOP
    assert module._HASHES[0] == md5


def test_lazy_exports():
    from kerax import applications

    assert applications.VGG16 is vgg16.VGG16
    assert applications.VGG19 is vgg19.VGG19
    assert applications.vgg16 is vgg16


@pytest.mark.parametrize("kwargs, match", [
    ({"weights": "no_such_file.h5"}, "`weights` argument should be"),
    ({"classes": 10}, "`classes` should be 1000"),
    ({"input_shape": (100, 100, 3)}, "`input_shape` should be"),
    ({"input_shape": (24, 24, 3), "include_top": False, "weights": None},
     "at least 32x32"),
    ({"input_shape": (32, 32, 4), "include_top": False},
     "must have 3 channels"),
    ({"input_shape": (None, None, 3), "weights": None},
     "specify a static `input_shape`"),
    ({"classifier_activation": "relu", "weights": "FILE",
      "input_shape": SHAPE}, "Only `None` and `softmax`"),
])
def test_argument_errors(loads, tmp_path, kwargs, match):
    if kwargs.get("weights") == "FILE":
        path = tmp_path / "weights.h5"
        path.write_bytes(b"")
        kwargs = dict(kwargs, weights=str(path))
    with pytest.raises(ValueError, match=match):
        vgg16.VGG16(**kwargs)
    assert loads == []


@pytest.mark.parametrize("module", [vgg16, vgg19])
def test_docstring_examples(module):
    import doctest

    assert doctest.testmod(module).failed == 0
