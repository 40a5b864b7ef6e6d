"""kerax.applications.efficientnet against keras.applications.efficientnet:
B0 numerically, B1-B7 structurally (under KERAX_SLOW_TESTS: they are
large)."""

import json
import os

import numpy as np
import pytest

import kerax
from kerax.applications import efficientnet, imagenet_utils
from tests.applications.keras_parity import (
    assert_same_predictions,
    assert_same_structure,
    build_pair,
    numpy_keras_init,
    placeholder_kerax_init,
    random_images,
    write_keras2_weights,
)

SHAPE = (32, 32, 3)
BASE = "https://storage.googleapis.com/keras-applications/"
SLOW = pytest.mark.skipif(
    not os.environ.get("KERAX_SLOW_TESTS"),
    reason="set KERAX_SLOW_TESTS=1 (Keras takes seconds to a minute to "
           "build each of the larger variants)")
# Per variant: stem filters, top filters, block count.
SIZES = {
    "EfficientNetB0": (32, 1280, 16), "EfficientNetB1": (32, 1280, 23),
    "EfficientNetB2": (32, 1408, 23), "EfficientNetB3": (40, 1536, 26),
    "EfficientNetB4": (48, 1792, 32), "EfficientNetB5": (48, 2048, 39),
    "EfficientNetB6": (56, 2304, 45), "EfficientNetB7": (64, 2560, 55),
}
WIDTH_DEPTH = {
    "EfficientNetB0": (1.0, 1.0), "EfficientNetB1": (1.0, 1.1),
    "EfficientNetB2": (1.1, 1.2), "EfficientNetB3": (1.2, 1.4),
    "EfficientNetB4": (1.4, 1.8), "EfficientNetB5": (1.6, 2.2),
    "EfficientNetB6": (1.8, 2.6), "EfficientNetB7": (2.0, 3.1),
}


def randomize(keras_model, seed=0):
    """Random batch-normalization and Normalization statistics, gammas,
    betas and biases for a Keras model (its initialization leaves them at
    0 or 1), so that parity tests exercise them."""
    rng = np.random.RandomState(seed)
    for weight in keras_model.weights:
        name = weight.name
        if name in {"kernel", "depthwise_kernel", "count"}:
            continue
        shape = tuple(weight.shape)
        if name in {"gamma", "variance", "moving_variance"}:
            value = rng.uniform(0.5, 1.5, shape)
        else:
            value = rng.normal(0.0, 0.2, shape)
        weight.assign(value.astype("float32"))
    for layer in keras_model.layers:  # Keras caches Normalization's stats
        if hasattr(layer, "finalize_state") and layer.weights:
            layer.finalize_state()


def randomized_pair(keras, tmp_path, family, name, **kwargs):
    """`build_pair`, then the same random statistics in both models,
    passed from Keras to kerax through a Keras-written weights file."""
    mine, theirs = build_pair(keras, tmp_path, family, name, **kwargs)
    randomize(theirs)
    path = tmp_path / "randomized.h5"
    write_keras2_weights(theirs, path)
    mine.load_weights(str(path))
    return mine, theirs


def fake_imagenet_pair(keras, tmp_path, family, name, weights_file,
                       prepare=None, **kwargs):
    """Both libraries build `name` with `weights="imagenet"`; the download
    is replaced by a Keras-written file of random weights (made from a
    `weights=None` model, after `prepare(model)`). Returns `(kerax_model,
    keras_model, get_file_calls)`."""
    import importlib

    from keras.src.utils import file_utils as keras_file_utils

    from kerax.support import file_utils as kerax_file_utils

    keras_builder = getattr(
        importlib.import_module(f"keras.applications.{family}"), name)
    keras.utils.clear_session()
    with numpy_keras_init():
        source = keras_builder(weights=None, **kwargs)
    randomize(source)
    if prepare is not None:
        prepare(source)
    path = tmp_path / weights_file
    write_keras2_weights(source, path)

    calls = []

    def fake_get_file(fname, origin, **kw):
        calls.append((fname, origin, kw.get("file_hash")))
        return str(path)

    kerax_builder = getattr(
        importlib.import_module(f"kerax.applications.{family}"), name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(keras_file_utils, "get_file", fake_get_file)
        patch.setattr(kerax_file_utils, "get_file", fake_get_file)
        keras.utils.clear_session()
        with numpy_keras_init():
            theirs = keras_builder(weights="imagenet", **kwargs)
        kerax.utils.clear_session()
        with placeholder_kerax_init():  # every weight comes from the file
            mine = kerax_builder(weights="imagenet", **kwargs)
    return mine, theirs, calls


def assert_same_configs(mine, theirs):
    """Every layer's config (JSON-normalized) equals Keras's."""
    for a, b in zip(mine.layers, theirs.layers, strict=True):
        assert json.loads(json.dumps(a.get_config())) == json.loads(
            json.dumps(b.get_config())), a.name


def _set_imagenet_statistics(model):
    # What Keras's ImageNet files hold: standard deviations as variances.
    norm = model.get_layer("normalization")
    norm.adapt_mean.assign(np.array([0.485, 0.456, 0.406], "float32"))
    norm.adapt_variance.assign(
        np.array(efficientnet.IMAGENET_STDDEV_RGB, "float32"))
    norm.finalize_state()


@pytest.fixture(scope="module")
def pair_top(keras, tmp_path_factory):
    return randomized_pair(keras, tmp_path_factory.mktemp("efficientnet"),
                           "efficientnet", "EfficientNetB0",
                           input_shape=SHAPE, classes=7,
                           classifier_activation=None)


@pytest.fixture(scope="module")
def imagenet_no_top(keras, tmp_path_factory):
    return fake_imagenet_pair(
        keras, tmp_path_factory.mktemp("efficientnet_imagenet"),
        "efficientnet", "EfficientNetB0", "efficientnetb0_notop.h5",
        prepare=_set_imagenet_statistics, include_top=False,
        input_shape=SHAPE)


def _images():
    return efficientnet.preprocess_input(random_images(SHAPE))


def test_top_matches_keras(pair_top):
    mine, theirs = pair_top
    assert_same_structure(mine, theirs)
    assert mine.name == "efficientnetb0"
    assert mine.output_shape == (None, 7)
    assert [layer.name for layer in mine.layers[:3]] == [
        "input_layer", "rescaling", "normalization"]
    assert_same_predictions(mine, theirs, _images())


def test_layer_configs_match_keras(pair_top):
    # Initializers, swish, momentum, dropout rates and noise shapes, ...
    assert_same_configs(*pair_top)


def test_stochastic_depth_dropout(pair_top):
    mine, _ = pair_top
    drops = [layer for layer in mine.layers if layer.name.endswith("_drop")]
    assert [d.name for d in drops] == [
        "block2b_drop", "block3b_drop", "block4b_drop", "block4c_drop",
        "block5b_drop", "block5c_drop", "block6b_drop", "block6c_drop",
        "block6d_drop"]
    # Block b of 16 (counted from 0) drops with rate 0.2 * b / 16.
    assert [d.rate for d in drops] == [
        0.2 * b / 16 for b in (2, 4, 6, 7, 9, 10, 12, 13, 14)]
    assert all(d.noise_shape == (None, 1, 1, 1) for d in drops)
    out = np.asarray(drops[-1](np.ones((64, 2, 2, 3), "float32"),
                               training=True))
    per_sample = out.reshape(64, -1)
    assert np.all(per_sample == per_sample[:, :1])  # whole samples
    kept = per_sample[:, 0] != 0
    assert 0 < kept.sum() < 64  # some samples dropped, some kept
    np.testing.assert_allclose(per_sample[kept, 0], 1 / 0.825, rtol=1e-6)
    assert mine.get_layer("top_dropout").rate == 0.2


def test_imagenet_weights_without_top(imagenet_no_top):
    mine, theirs, calls = imagenet_no_top
    expected = ("efficientnetb0_notop.h5",
                BASE + "efficientnetb0_notop.h5",
                efficientnet.WEIGHTS_HASHES["b0"][1])
    assert calls == [expected, expected]  # Keras's download, then kerax's
    assert_same_structure(mine, theirs)
    # ImageNet weights add a Rescaling after the Normalization.
    assert [layer.name for layer in mine.layers[:4]] == [
        "input_layer", "rescaling", "normalization", "rescaling_1"]
    assert mine.output_shape == (None, 1, 1, 1280)
    assert_same_predictions(mine, theirs, _images())


def test_imagenet_input_scaling(imagenet_no_top):
    # The file's variances are standard deviations; the extra Rescaling
    # makes the model divide by the standard deviation itself.
    mine, _, _ = imagenet_no_top
    x = _images()
    scaled = kerax.Model(mine.inputs, mine.get_layer("rescaling_1").output)
    expected = (x / 255.0 - [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225]
    np.testing.assert_allclose(scaled.predict(x, verbose=0), expected,
                               rtol=1e-5, atol=1e-5)


def test_imagenet_weights_with_top_url(loads):
    model = efficientnet.EfficientNetB0()
    assert model.input_shape == (None, 224, 224, 3)
    assert model.output_shape == (None, 1000)
    assert loads == [(BASE + "efficientnetb0.h5",
                      efficientnet.WEIGHTS_HASHES["b0"][0])]


def test_custom_name_keeps_the_variant_weights(loads):
    model = efficientnet.EfficientNetB0(include_top=False, name="mine")
    assert model.name == "mine"
    assert loads == [(BASE + "efficientnetb0_notop.h5",
                      efficientnet.WEIGHTS_HASHES["b0"][1])]


def test_channels_first_matches_keras_structure(keras):
    before = (keras.config.image_data_format(),
              kerax.config.image_data_format())
    keras.config.set_image_data_format("channels_first")
    kerax.config.set_image_data_format("channels_first")
    try:
        keras.utils.clear_session()
        with numpy_keras_init():
            theirs = keras.applications.efficientnet.EfficientNetB0(
                weights=None, include_top=False, input_shape=(3, 32, 32))
        kerax.utils.clear_session()
        with placeholder_kerax_init():  # structure and configs only
            mine = efficientnet.EfficientNetB0(
                weights=None, include_top=False, input_shape=(3, 32, 32))
    finally:
        keras.config.set_image_data_format(before[0])
        kerax.config.set_image_data_format(before[1])
    assert_same_structure(mine, theirs)
    assert_same_configs(mine, theirs)  # axes, SE reshape target shapes
    assert mine.output_shape == (None, 1280, 1, 1)


@pytest.mark.parametrize("pooling, layer", [("avg", "avg_pool"),
                                            ("max", "max_pool")])
def test_pooling(placeholder_init, pooling, layer):
    model = efficientnet.EfficientNetB0(weights=None, include_top=False,
                                        pooling=pooling)
    assert model.input_shape == (None, None, None, 3)
    assert model.output_shape == (None, 1280)
    assert model.layers[-1].name == layer


def test_input_tensor(placeholder_init):
    inputs = kerax.layers.Input(shape=SHAPE)
    x = kerax.layers.Activation("linear")(inputs)
    model = efficientnet.EfficientNetB0(weights=None, include_top=False,
                                        input_tensor=x, pooling="avg")
    assert model.inputs[0] is inputs
    assert model.output_shape == (None, 1280)
    assert model.get_layer("stem_conv").input.shape == (None, 33, 33, 3)


def test_round_filters_and_repeats():
    for builder, (stem, top, blocks) in SIZES.items():
        width, depth = WIDTH_DEPTH[builder]
        assert efficientnet.round_filters(32, width) == stem
        assert efficientnet.round_filters(1280, width) == top
        assert sum(efficientnet.round_repeats(args["repeats"], depth)
                   for args in efficientnet.DEFAULT_BLOCKS_ARGS) == blocks
    # Rounding down by more than 10% adds a divisor; never below one.
    assert efficientnet.round_filters(23, 1.0, depth_divisor=16) == 32
    assert efficientnet.round_filters(4, 1.0) == 8
    assert efficientnet.round_repeats(3, 1.1) == 4


def test_preprocess_input_matches_keras(keras):
    x = random_images(SHAPE)
    assert efficientnet.preprocess_input(x) is x
    np.testing.assert_array_equal(
        efficientnet.preprocess_input(x),
        keras.applications.efficientnet.preprocess_input(x.copy()))


def test_decode_predictions(monkeypatch):
    monkeypatch.setattr(imagenet_utils, "_class_index",
                        {str(i): [f"n{i}", f"class{i}"] for i in range(1000)})
    preds = np.zeros((1, 1000), "float32")
    preds[0, 3] = 0.9
    preds[0, 7] = 0.1
    assert efficientnet.decode_predictions(preds, top=2) == [
        [("n3", "class3", preds[0, 3]), ("n7", "class7", preds[0, 7])]]


def test_errors():
    with pytest.raises(ValueError, match="`weights` argument"):
        efficientnet.EfficientNetB0(weights="no/such/file.h5")
    with pytest.raises(ValueError, match="`classes` should be 1000"):
        efficientnet.EfficientNetB0(classes=10)
    with pytest.raises(ValueError, match="at least 32x32"):
        efficientnet.EfficientNetB0(weights=None, include_top=False,
                                    input_shape=(31, 31, 3))
    with pytest.raises(ValueError, match="`input_shape` should be"):
        efficientnet.EfficientNetB0(input_shape=SHAPE)
    with pytest.raises(ValueError, match="classifier_activation"):
        efficientnet.EfficientNetB0(classifier_activation="relu")
    with pytest.raises(ValueError, match="repeats"):
        efficientnet.EfficientNet(
            1.0, 1.0, 224, weights=None,
            blocks_args=[dict(efficientnet.DEFAULT_BLOCKS_ARGS[0],
                              repeats=0)])
    with pytest.raises(ValueError, match="no ImageNet weights"):
        efficientnet.EfficientNet(1.0, 1.0, 224)


@SLOW
@pytest.mark.parametrize("builder", sorted(SIZES)[1:])
def test_larger_variants_match_keras_structure(keras, builder):
    import importlib

    keras.utils.clear_session()
    theirs = getattr(importlib.import_module(
        "keras.applications.efficientnet"), builder)(
            weights=None, input_shape=SHAPE, classes=7)
    kerax.utils.clear_session()
    mine = getattr(efficientnet, builder)(weights=None, input_shape=SHAPE,
                                          classes=7)
    assert_same_structure(mine, theirs)
    assert_same_configs(mine, theirs)
    stem, top, blocks = SIZES[builder]
    assert mine.get_layer("stem_conv").filters == stem
    assert mine.get_layer("top_conv").filters == top
    assert len({layer.name[:7] for layer in mine.layers
                if layer.name.startswith("block")}) == blocks
