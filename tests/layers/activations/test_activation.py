"""`Activation`: contract, Keras parity, seed snippets, errors."""

import numpy as np
import pytest

import kerax
from kerax import layers
from kerax.testing import run_layer_test


def test_contract():
    run_layer_test(
        layers.Activation, {"activation": "relu"}, input_shape=(2, 3),
        expected_output_shape=(2, 3), expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0, supports_masking=True,
    )


@pytest.mark.parametrize("name", ["relu", "softmax", "tanh", "gelu", None])
def test_parity(parity, keras, rng, name):
    x = rng.normal(size=(2, 3, 4)).astype("float32")
    parity.check(layers.Activation(name), keras.layers.Activation(name), x)


def test_config_matches_keras(keras):
    ours = layers.Activation("softmax").get_config()
    theirs = keras.layers.Activation("softmax").get_config()
    assert set(ours) == set(theirs)
    assert ours["activation"] == theirs["activation"] == "softmax"


def test_seed_snippets():
    from kerax.activations import softmax

    layer = layers.Activation("softmax")
    assert layer.activation is softmax
    inputs = kerax.Input((3,))
    hidden = layers.Dense(4)(inputs)
    out = layers.Activation(softmax)(hidden)
    assert out.shape == (None, 4)
    probs = kerax.Model(inputs, out)(np.ones((2, 3), "float32"))
    np.testing.assert_allclose(np.asarray(probs).sum(-1), 1.0, rtol=1e-6)
    y = layers.Activation(softmax)(np.ones((2, 4), "float32"))
    np.testing.assert_allclose(np.asarray(y), np.full((2, 4), 0.25))


def test_unknown_activation():
    with pytest.raises(ValueError, match="activation"):
        layers.Activation("not_an_activation")
