"""`ReversibleEmbedding`: both directions equal Keras's (tied and untied,
soft cap, reverse dtype), masks, config, a Keras `.keras` file loads;
int8/int4 quantization equal to Keras's (values, saved layout, files)."""

import warnings

import numpy as np
import pytest

import kerax
from kerax.core.masking import get_keras_mask
from kerax.layers import ReversibleEmbedding

IDS = np.array([[1, 0, 3], [6, 2, 0]])


@pytest.mark.parametrize("kwargs", [
    {},
    {"tie_weights": False},
    {"logit_soft_cap": 2.0, "mask_zero": True},
    {"reverse_dtype": "float16"},
])
def test_matches_keras_both_directions(keras, kwargs):
    k_layer = keras.layers.ReversibleEmbedding(7, 3, **kwargs)
    layer = ReversibleEmbedding(7, 3, **kwargs)
    k_out = k_layer(IDS)
    layer.build()
    layer.set_weights([np.asarray(w) for w in k_layer.get_weights()])
    out = layer(IDS)
    np.testing.assert_allclose(out, k_out, atol=1e-7)
    assert (get_keras_mask(out) is not None) == bool(kwargs.get("mask_zero"))
    hidden = np.random.default_rng(0).normal(size=(2, 3, 3)) * 4
    hidden = hidden.astype("float32")
    k_logits = k_layer(hidden, reverse=True)
    logits = layer(hidden, reverse=True)
    assert str(logits.dtype) == str(k_logits.dtype)
    np.testing.assert_allclose(np.asarray(logits, "float32"),
                               np.asarray(k_logits, "float32"), atol=1e-3)
    assert get_keras_mask(logits) is None
    assert layer.get_config() == k_layer.get_config()


def test_shapes_weights_and_errors():
    layer = ReversibleEmbedding(5, 2, tie_weights=False)
    inputs = kerax.Input((4,), dtype="int32")
    hidden = layer(inputs)
    assert hidden.shape == (None, 4, 2)
    assert layer(hidden, reverse=True).shape == (None, 4, 5)
    assert [w.name for w in layer.weights] == ["embeddings",
                                               "reverse_embeddings"]
    assert layer.compute_output_shape((None, 4, 2), reverse=True) == (
        None, 4, 5)
    with pytest.raises(ValueError, match="logit_soft_cap"):
        ReversibleEmbedding(5, 2, logit_soft_cap=0)


def test_tied_language_model_trains_and_loads_keras_file(keras, tmp_path):
    def build(lib):
        ids = lib.Input((4,), dtype="int32")
        embedding = lib.layers.ReversibleEmbedding(9, 3, tie_weights=False,
                                                   name="emb")
        logits = embedding(embedding(ids), reverse=True)
        return lib.Model(ids, logits)

    k_model = build(keras)
    path = tmp_path / "keras.keras"
    k_model.save(path)
    model = kerax.saving.load_model(path)
    ids = np.array([[1, 2, 3, 4], [5, 6, 7, 8]])
    np.testing.assert_allclose(model.predict(ids, verbose=0),
                               k_model.predict(ids, verbose=0), atol=1e-6)
    model.compile("adam", kerax.losses.SparseCategoricalCrossentropy(
        from_logits=True))
    before = model.get_layer("emb").embeddings.numpy().copy()
    model.fit(ids, ids, epochs=1, verbose=0)
    assert not np.allclose(model.get_layer("emb").embeddings.numpy(), before)


@pytest.mark.parametrize(("tie_weights", "mode", "block_size"), [
    (True, "int8", None), (False, "int8", None), (True, "int4", 4),
    (False, "int4", 4), (False, "int4", -1),
])
def test_quantized_matches_keras(keras, tie_weights, mode, block_size):
    def config(lib):
        if block_size is None:
            return None
        return lib.quantizers.Int4QuantizationConfig(block_size=block_size)

    k_layer = keras.layers.ReversibleEmbedding(7, 9, tie_weights=tie_weights)
    layer = ReversibleEmbedding(7, 9, tie_weights=tie_weights)
    k_layer.build()
    layer.build()
    layer.set_weights([np.asarray(w) for w in k_layer.get_weights()])
    k_layer.quantize(mode, config=config(keras))
    layer.quantize(mode, config=config(kerax))
    assert [(w.name, w.shape) for w in layer.weights] == [
        (w.name, tuple(w.shape)) for w in k_layer.weights]
    ids = np.array([[1, 0, 3], [6, 2, 5]])
    hidden = np.random.default_rng(0).normal(size=(2, 3, 9))
    hidden = hidden.astype("float32")
    np.testing.assert_allclose(layer(ids), k_layer(ids), atol=1e-6)
    np.testing.assert_allclose(layer(hidden, reverse=True),
                               k_layer(hidden, reverse=True), atol=1e-5)
    ours, theirs = {}, {}
    layer.save_own_variables(ours)
    k_layer.save_own_variables(theirs)
    assert list(ours) == list(theirs)
    for key, value in theirs.items():
        np.testing.assert_array_equal(ours[key], value)


def test_quantized_model_files_both_ways(keras, tmp_path):
    ids = np.array([[1, 2, 3, 4], [5, 6, 7, 8]])

    def build(lib):
        inputs = lib.Input((4,), dtype="int32")
        embedding = lib.layers.ReversibleEmbedding(9, 3, tie_weights=False)
        return lib.Model(inputs, embedding(embedding(inputs), reverse=True))

    for lib, loader in ((keras, kerax.saving.load_model),
                        (kerax, keras.saving.load_model)):
        model = build(lib)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Keras: InputLayer has none
            model.quantize("int8")
        assert model.layers[1].quantization_mode == "int8"
        path = tmp_path / f"{lib.__name__}.keras"
        model.save(path)
        np.testing.assert_allclose(loader(path).predict(ids, verbose=0),
                                   model.predict(ids, verbose=0), atol=1e-5)
