"""kerax.applications.resnet_v2 against keras.applications.resnet_v2."""

import os

import numpy as np
import pytest

import kerax
from kerax.applications import imagenet_utils, resnet, resnet_v2
from tests.applications.keras_parity import (
    assert_same_predictions,
    assert_same_structure,
    build_pair,
    random_images,
)

SHAPE = (32, 32, 3)
BASE = "https://storage.googleapis.com/tensorflow/keras-applications/resnet/"
SLOW = pytest.mark.skipif(not os.environ.get("KERAX_SLOW_TESTS"),
                          reason="builds a deep ResNetV2 twice; set "
                                 "KERAX_SLOW_TESTS=1 to run")


@pytest.fixture(scope="module")
def pair_top(keras, tmp_path_factory):
    return build_pair(keras, tmp_path_factory.mktemp("resnet50v2"),
                      "resnet_v2", "ResNet50V2", input_shape=SHAPE,
                      classes=6)


def _images(shape=SHAPE):
    return resnet_v2.preprocess_input(random_images(shape))


def test_top_matches_keras(pair_top):
    mine, theirs = pair_top
    # Same names too: Keras leaves the strided shortcut pools unnamed, and
    # both libraries number them max_pooling2d, max_pooling2d_1, ...
    assert_same_structure(mine, theirs)
    assert mine.name == "resnet50v2" and mine.output_shape == (None, 6)
    assert [layer.name for layer in mine.layers[-4:]] == [
        "post_bn", "post_relu", "avg_pool", "predictions"]
    assert "conv1_bn" not in [layer.name for layer in mine.layers]
    assert_same_predictions(mine, theirs, _images())


def test_no_top_matches_keras(keras, tmp_path):
    mine, theirs = build_pair(keras, tmp_path, "resnet_v2", "ResNet50V2",
                              input_shape=(40, 48, 3), include_top=False)
    # Structure only: the top pair's predictions already run every layer.
    assert_same_structure(mine, theirs)
    assert mine.output_shape == (None, 2, 2, 2048)


@SLOW
@pytest.mark.parametrize("name", ["ResNet101V2", "ResNet152V2"])
def test_deep_variants_match_keras_structure(keras, tmp_path, name):
    mine, theirs = build_pair(keras, tmp_path, "resnet_v2", name,
                              input_shape=SHAPE, include_top=False)
    assert_same_structure(mine, theirs)


@pytest.mark.parametrize("builder, blocks", [
    (resnet_v2.ResNet50V2, (3, 4, 6, 3)),
    (resnet_v2.ResNet101V2, (3, 4, 23, 3)),
    (resnet_v2.ResNet152V2, (3, 8, 36, 3))])
def test_variants_stack_their_blocks(monkeypatch, builder, blocks):
    # What tells the variants apart, checked without building them: the
    # blocks they stack, the weights file and the model name.
    calls = []
    monkeypatch.setattr(resnet, "ResNet",
                        lambda stack_fn, *args, **kw: calls.append(
                            (stack_fn, args, kw)))
    stacked = []
    monkeypatch.setattr(
        resnet, "stack_residual_blocks_v2",
        lambda x, filters, n, stride1=2, name=None: stacked.append(
            (filters, n, stride1, name)))
    builder(weights=None)
    stack_fn, args, kwargs = calls[0]
    stack_fn(None)
    assert stacked == [(64, blocks[0], 2, "conv2"),
                       (128, blocks[1], 2, "conv3"),
                       (256, blocks[2], 2, "conv4"),
                       (512, blocks[3], 1, "conv5")]
    assert args == (True, True)  # preact, use_bias
    assert kwargs["weights_name"] == kwargs["name"] == (
        builder.__name__.lower())


def test_preprocess_input_matches_keras(keras):
    x = random_images(SHAPE)
    got = resnet_v2.preprocess_input(x)
    np.testing.assert_allclose(
        got, keras.applications.resnet_v2.preprocess_input(x.copy()),
        rtol=1e-6)
    assert got.min() >= -1 and got.max() <= 1


def test_decode_predictions_uses_the_imagenet_index(monkeypatch):
    index = {str(i): [f"n{i}", f"name{i}"] for i in range(1000)}
    monkeypatch.setattr(imagenet_utils, "_class_index", index)
    preds = np.eye(1000, dtype="float32")[[5]]
    assert resnet_v2.decode_predictions(preds, top=1) == [
        [("n5", "name5", np.float32(1.0))]]


def test_module_exports_keras_names(keras):
    theirs = {n for n in dir(keras.applications.resnet_v2)
              if not n.startswith("_")}
    assert theirs <= set(dir(resnet_v2)), theirs - set(dir(resnet_v2))
    assert kerax.applications.ResNet50V2 is resnet_v2.ResNet50V2
    assert kerax.applications.resnet_v2 is resnet_v2


@pytest.mark.parametrize("include_top, suffix, index", [
    (True, "", 0), (False, "_notop", 1)])
def test_imagenet_files(loads, include_top, suffix, index):
    resnet_v2.ResNet50V2(include_top=include_top)
    assert loads == [(
        f"{BASE}resnet50v2_weights_tf_dim_ordering_tf_kernels{suffix}.h5",
        resnet.WEIGHTS_HASHES["resnet50v2"][index])]


@pytest.mark.parametrize("pooling", ["avg", "max"])
def test_pooling(placeholder_init, pooling):
    model = resnet_v2.ResNet50V2(include_top=False, weights=None,
                                 input_shape=SHAPE, pooling=pooling)
    assert model.output_shape == (None, 2048)
    assert model.layers[-1].name == f"{pooling}_pool"


def test_input_tensor_keeps_the_graph_inputs(placeholder_init):
    inputs = kerax.Input((40, 40, 3))
    x = kerax.layers.Rescaling(1.0)(inputs)
    model = resnet_v2.ResNet50V2(input_tensor=x, include_top=False,
                                 weights=None)
    assert model.inputs[0] is inputs
    assert model.output_shape == (None, 2, 2, 2048)


@pytest.mark.parametrize("kwargs, match", [
    ({"weights": "no_such_file.h5"}, "`weights` argument should be"),
    ({"classes": 10}, "`classes` should be 1000"),
    ({"input_shape": (100, 100, 3)}, "`input_shape` should be"),
    ({"input_shape": (24, 24, 3), "include_top": False, "weights": None},
     "at least 32x32"),
    ({"classifier_activation": "relu"}, "Only `None` and `softmax`"),
])
def test_argument_errors(loads, kwargs, match):
    with pytest.raises(ValueError, match=match):
        resnet_v2.ResNet50V2(**kwargs)
    assert loads == []


def test_docstring_examples():
    import doctest

    assert doctest.testmod(resnet_v2).failed == 0
