"""`Reshape`: contract, -1 inference, Keras parity, errors."""

import numpy as np
import pytest

import kerax
from kerax import layers
from kerax.testing import run_layer_test


@pytest.mark.parametrize(
    "target, expected", [((6,), (2, 6)), ((3, -1), (2, 3, 2)),
                         ((-1, 1, 2), (2, 3, 1, 2))]
)
def test_contract(target, expected):
    run_layer_test(
        layers.Reshape, {"target_shape": target}, input_shape=(2, 3, 2),
        expected_output_shape=expected, expected_num_trainable_weights=0,
    )


def test_parity(parity, keras, rng):
    x = rng.normal(size=(2, 3, 4)).astype("float32")
    parity.check(layers.Reshape((4, -1)), keras.layers.Reshape((4, -1)), x)


def test_config_matches_keras(keras):
    ours = layers.Reshape((2, -1)).get_config()
    theirs = keras.layers.Reshape((2, -1)).get_config()
    assert set(ours) == set(theirs)
    assert list(ours["target_shape"]) == list(theirs["target_shape"])


def test_symbolic_unknown_dim():
    out = layers.Reshape((-1, 2))(kerax.Input(batch_shape=(None, None, 4)))
    assert out.shape == (None, None, 2)
    out = layers.Reshape((-1, 2))(kerax.Input((3, 4)))
    assert out.shape == (None, 6, 2)


def test_two_unknown_dims():
    with pytest.raises(ValueError, match="target_shape"):
        layers.Reshape((-1, -1))


def test_negative_dim():
    with pytest.raises(ValueError, match=r"Received: target_shape="):
        layers.Reshape((2, -3))


def test_size_mismatch_names_layer():
    with pytest.raises(ValueError, match="reshape_bad"):
        layers.Reshape((5,), name="reshape_bad")(np.zeros((2, 3, 2)))
