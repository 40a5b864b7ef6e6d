"""`PReLU`: contract, Keras parity (shared_axes), weights, errors."""

import numpy as np
import pytest

from kerax import layers
from kerax.testing import run_layer_test


def test_contract():
    run_layer_test(
        layers.PReLU,
        {"alpha_initializer": "ones", "shared_axes": [1]},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_trainable_weights=1,
        supports_masking=True,
    )


@pytest.mark.parametrize(
    "shared_axes, alpha_shape",
    [(None, (3, 4, 5)), ([1, 2], (1, 1, 5)), (3, (3, 4, 1))],
)
def test_parity(parity, keras, rng, shared_axes, alpha_shape):
    x = rng.normal(size=(2, 3, 4, 5)).astype("float32")
    kx = layers.PReLU(shared_axes=shared_axes)
    k = keras.layers.PReLU(shared_axes=shared_axes)
    parity.copy_weights(kx, k, x)
    parity.randomize(kx, k)
    assert kx.weights[0].shape == alpha_shape
    parity.check(kx, k, x, copy=False)


def test_regularizer_and_constraint():
    layer = layers.PReLU(
        alpha_initializer="ones",
        alpha_regularizer="l2",
        alpha_constraint="non_neg",
    )
    layer(np.ones((2, 3), "float32"))
    assert len(layer.losses) == 1
    config = layer.get_config()
    assert config["alpha_regularizer"]["class_name"] == "L2"
    assert config["alpha_constraint"]["class_name"] == "NonNeg"


def test_config_matches_keras(keras):
    ours = layers.PReLU(shared_axes=[1, 2]).get_config()
    theirs = keras.layers.PReLU(shared_axes=[1, 2]).get_config()
    assert set(ours) == set(theirs)
    assert ours["shared_axes"] == theirs["shared_axes"]
    assert ours["alpha_initializer"] == theirs["alpha_initializer"]


@pytest.mark.parametrize("axes", [0, [1, "a"], [0, 1]])
def test_bad_shared_axes(axes):
    with pytest.raises(ValueError, match="Received: shared_axes="):
        layers.PReLU(shared_axes=axes)


def test_shared_axis_out_of_range():
    with pytest.raises(ValueError, match="shared_axes"):
        layers.PReLU(shared_axes=[3])(np.ones((2, 3), "float32"))
