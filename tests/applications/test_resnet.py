"""kerax.applications.resnet (and the resnet50 alias module) against
keras.applications.resnet."""

import os

import numpy as np
import pytest

import kerax
from kerax.applications import imagenet_utils, resnet, resnet50
from tests.applications.keras_parity import (
    assert_same_predictions,
    assert_same_structure,
    build_pair,
    random_images,
)

SHAPE = (32, 32, 3)
BASE = "https://storage.googleapis.com/tensorflow/keras-applications/resnet/"
SLOW = pytest.mark.skipif(not os.environ.get("KERAX_SLOW_TESTS"),
                          reason="builds a deep ResNet twice; set "
                                 "KERAX_SLOW_TESTS=1 to run")


@pytest.fixture(scope="module")
def pair_top(keras, tmp_path_factory):
    return build_pair(keras, tmp_path_factory.mktemp("resnet50"), "resnet",
                      "ResNet50", input_shape=SHAPE, classes=6)


@pytest.fixture
def channels_first(keras):
    mine, theirs = (kerax.config.image_data_format(),
                    keras.config.image_data_format())
    kerax.config.set_image_data_format("channels_first")
    keras.config.set_image_data_format("channels_first")
    yield
    kerax.config.set_image_data_format(mine)
    keras.config.set_image_data_format(theirs)


def _images(shape=SHAPE):
    return resnet.preprocess_input(random_images(shape))


def test_top_matches_keras(pair_top):
    mine, theirs = pair_top
    assert_same_structure(mine, theirs)
    assert mine.name == "resnet50" and mine.output_shape == (None, 6)
    assert [layer.name for layer in mine.layers[-3:]] == [
        "conv5_block3_out", "avg_pool", "predictions"]
    assert_same_predictions(mine, theirs, _images())


def test_no_top_channels_first_matches_keras(keras, tmp_path,
                                             channels_first):
    # Structure only: batch normalization on axis 1 is what the builder
    # decides; computing in channels-first is the layers' job.
    mine, theirs = build_pair(keras, tmp_path, "resnet", "ResNet50",
                              input_shape=(3, 32, 32), include_top=False,
                              pooling="max")
    assert_same_structure(mine, theirs)
    assert mine.layers[-1].name == "max_pool"
    assert {layer.axis for layer in mine.layers
            if isinstance(layer, kerax.layers.BatchNormalization)} == {1}
    assert mine.output_shape == (None, 2048)


@SLOW
@pytest.mark.parametrize("name", ["ResNet101", "ResNet152"])
def test_deep_variants_match_keras_structure(keras, tmp_path, name):
    mine, theirs = build_pair(keras, tmp_path, "resnet", name,
                              input_shape=SHAPE, include_top=False)
    assert_same_structure(mine, theirs)


@pytest.mark.parametrize("builder, blocks", [
    (resnet.ResNet50, (3, 4, 6, 3)), (resnet.ResNet101, (3, 4, 23, 3)),
    (resnet.ResNet152, (3, 8, 36, 3))])
def test_variants_stack_their_blocks(monkeypatch, builder, blocks):
    # What tells the variants apart, checked without building them: the
    # blocks they stack, the weights file and the model name.
    calls = []
    monkeypatch.setattr(resnet, "ResNet",
                        lambda stack_fn, **kw: calls.append((stack_fn, kw)))
    stacked = []
    monkeypatch.setattr(
        resnet, "stack_residual_blocks_v1",
        lambda x, filters, n, stride1=2, name=None: stacked.append(
            (filters, n, stride1, name)))
    builder(weights=None)
    stack_fn, kwargs = calls[0]
    stack_fn(None)
    assert [n for _, n, _, _ in stacked] == list(blocks)
    assert [f for f, _, _, _ in stacked] == [64, 128, 256, 512]
    assert [s for _, _, s, _ in stacked] == [1, 2, 2, 2]
    assert [name for *_, name in stacked] == [
        "conv2", "conv3", "conv4", "conv5"]
    weights_name = builder.__name__.lower()
    assert kwargs["weights_name"] == kwargs["name"] == weights_name
    assert kwargs["preact"] is False and kwargs["use_bias"] is True


def test_preprocess_input_matches_keras(keras):
    x = random_images(SHAPE)
    np.testing.assert_allclose(
        resnet.preprocess_input(x),
        keras.applications.resnet.preprocess_input(x.copy()), rtol=1e-6)
    np.testing.assert_allclose(
        resnet50.preprocess_input(x),
        keras.applications.resnet50.preprocess_input(x.copy()), rtol=1e-6)


def test_decode_predictions_uses_the_imagenet_index(monkeypatch):
    index = {str(i): [f"n{i}", f"name{i}"] for i in range(1000)}
    monkeypatch.setattr(imagenet_utils, "_class_index", index)
    preds = np.eye(1000, dtype="float32")[[9, 2]]
    assert resnet50.decode_predictions(preds, top=1) == [
        [("n9", "name9", np.float32(1.0))], [("n2", "name2", np.float32(1.0))]]


def test_modules_export_keras_names(keras):
    for module, theirs in [(resnet, keras.applications.resnet),
                           (resnet50, keras.applications.resnet50)]:
        public = {n for n in dir(theirs) if not n.startswith("_")}
        assert public <= set(dir(module)), public - set(dir(module))
    assert resnet50.ResNet50 is resnet.ResNet50
    assert kerax.applications.ResNet50 is resnet.ResNet50
    assert kerax.applications.ResNet152 is resnet.ResNet152
    assert kerax.applications.resnet50 is resnet50
    # Keras 2's names of the block helpers.
    assert resnet.block1 is resnet.residual_block_v1
    assert resnet.stack2 is resnet.stack_residual_blocks_v2


def test_weights_hashes_match_keras():
    from keras.src.applications import resnet as keras_resnet

    assert resnet.WEIGHTS_HASHES == keras_resnet.WEIGHTS_HASHES
    assert resnet.BASE_WEIGHTS_PATH == keras_resnet.BASE_WEIGHTS_PATH


@pytest.mark.parametrize("include_top, suffix, index", [
    (True, "", 0), (False, "_notop", 1)])
def test_imagenet_files(loads, include_top, suffix, index):
    model = resnet.ResNet50(include_top=include_top)
    assert model.input_shape == ((None, 224, 224, 3) if include_top
                                 else (None, None, None, 3))
    assert loads == [(
        f"{BASE}resnet50_weights_tf_dim_ordering_tf_kernels{suffix}.h5",
        resnet.WEIGHTS_HASHES["resnet50"][index])]


def test_average_pooling(placeholder_init):
    # pooling="max" is in the channels-first test, None in the next one.
    model = resnet.ResNet50(include_top=False, weights=None,
                            input_shape=SHAPE, pooling="avg")
    assert model.output_shape == (None, 2048)
    assert model.layers[-1].name == "avg_pool"


def test_input_tensor_keeps_the_graph_inputs(placeholder_init):
    inputs = kerax.Input((40, 40, 3))
    x = kerax.layers.Rescaling(1.0)(inputs)
    model = resnet.ResNet50(input_tensor=x, include_top=False, weights=None)
    assert model.inputs[0] is inputs
    assert model.output_shape == (None, 2, 2, 2048)


def test_generic_builder_with_a_custom_stack(placeholder_init):
    def stack_fn(x):
        return resnet.stack_residual_blocks_v1(x, 8, 2, stride1=1,
                                               name="mine")

    model = resnet.ResNet(stack_fn, preact=False, use_bias=False,
                          weights=None, input_shape=SHAPE, classes=4,
                          name="tiny")
    assert model.name == "tiny" and model.output_shape == (None, 4)
    assert model.get_layer("mine_block2_out") is not None
    assert not model.get_layer("conv1_conv").use_bias
    with pytest.raises(ValueError, match="no ImageNet weights"):
        resnet.ResNet(stack_fn, False, False, weights="imagenet",
                      weights_name="tiny")


@pytest.mark.parametrize("kwargs, match", [
    ({"weights": "no_such_file.h5"}, "`weights` argument should be"),
    ({"classes": 10}, "`classes` should be 1000"),
    ({"input_shape": (100, 100, 3)}, "`input_shape` should be"),
    ({"input_shape": (24, 24, 3), "include_top": False, "weights": None},
     "at least 32x32"),
    ({"input_shape": (32, 32, 1), "include_top": False},
     "must have 3 channels"),
    ({"classifier_activation": "relu"}, "Only `None` and `softmax`"),
])
def test_argument_errors(loads, kwargs, match):
    with pytest.raises(ValueError, match=match):
        resnet.ResNet50(**kwargs)
    assert loads == []


@pytest.mark.parametrize("module", [resnet, resnet50])
def test_docstring_examples(module):
    import doctest

    assert doctest.testmod(module).failed == 0
