"""`Embedding`: contract, Keras parity (values, masks), Keras 2 args,
errors."""

import numpy as np
import pytest

import kerax
from kerax import layers
from kerax.testing import run_layer_test


def test_contract():
    run_layer_test(
        layers.Embedding, {"input_dim": 4, "output_dim": 3},
        input_shape=(2, 5), input_dtype="int32",
        expected_output_shape=(2, 5, 3), expected_output_dtype="float32",
        expected_num_trainable_weights=1, supports_masking=False,
    )


def test_contract_mask_zero():
    run_layer_test(
        layers.Embedding,
        {"input_dim": 4, "output_dim": 2, "mask_zero": True,
         "embeddings_regularizer": "l2"},
        input_shape=(2, 3), input_dtype="int32",
        expected_output_shape=(2, 3, 2), supports_masking=True,
        expected_mask_shape=(2, 3), expected_num_losses=1,
        run_training_check=False,
    )


@pytest.mark.parametrize("mask_zero", [False, True])
def test_parity(parity, keras, mask_zero):
    ids = np.array([[1, 0, 3], [2, 2, 0]], "int32")
    ours = layers.Embedding(4, 3, mask_zero=mask_zero)
    theirs = keras.layers.Embedding(4, 3, mask_zero=mask_zero)
    parity.check(ours, theirs, ids)
    if mask_zero:
        np.testing.assert_array_equal(
            np.asarray(ours.compute_mask(ids)),
            np.asarray(theirs.compute_mask(ids)),
        )
    else:
        assert ours.compute_mask(ids) is None


def test_float_ids_are_cast(parity, keras):
    ids = np.array([[1.0, 2.0]], "float32")
    parity.check(layers.Embedding(3, 2), keras.layers.Embedding(3, 2), ids)


def test_config_matches_keras(keras):
    ours = layers.Embedding(5, 3).get_config()
    theirs = keras.layers.Embedding(5, 3).get_config()
    assert set(ours) == set(theirs)
    assert ours["embeddings_initializer"] == theirs["embeddings_initializer"]


def test_weights_argument():
    table = np.arange(6, dtype="float32").reshape(3, 2)
    layer = layers.Embedding(3, 2, weights=[table])
    np.testing.assert_array_equal(layer.get_weights()[0], table)
    np.testing.assert_array_equal(
        np.asarray(layer(np.array([[2]]))), [[[4.0, 5.0]]]
    )


def test_input_length_keras2():
    with pytest.warns(UserWarning, match="input_length"):
        layer = layers.Embedding(5, 3, input_length=4)
    assert layer(kerax.Input(batch_shape=(None, None),
                             dtype="int32")).shape == (None, 4, 3)
    assert layer.get_config()["input_length"] == 4


def test_mask_propagates_in_sequential():
    seen = {}

    class Probe(layers.Layer):
        def call(self, inputs, mask=None):
            seen["mask"] = mask
            return inputs

    model = kerax.Sequential(
        [kerax.Input((3,), dtype="int32"),
         layers.Embedding(4, 2, mask_zero=True), Probe()]
    )
    model(np.array([[1, 0, 2]], "int32"))
    np.testing.assert_array_equal(np.asarray(seen["mask"]),
                                  [[True, False, True]])


@pytest.mark.parametrize("kwargs, name", [
    ({"input_dim": 0, "output_dim": 2}, "input_dim"),
    ({"input_dim": 3, "output_dim": -1}, "output_dim"),
    ({"input_dim": 2.5, "output_dim": 2}, "input_dim"),
])
def test_bad_dims(kwargs, name):
    with pytest.raises(ValueError, match=f"Received: {name}="):
        layers.Embedding(**kwargs)
