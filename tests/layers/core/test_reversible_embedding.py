"""`ReversibleEmbedding`: both directions equal Keras's (tied and untied,
soft cap, reverse dtype), masks, config, and a Keras `.keras` file
loads."""

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
