"""`Dropout`: contract, semantics, seeds under jit, errors."""

import jax
import numpy as np
import pytest

from kerax import layers
from kerax.testing import run_layer_test


def test_contract_inference():
    run_layer_test(
        layers.Dropout, {"rate": 0.5, "seed": 1}, input_shape=(2, 3),
        expected_output_shape=(2, 3), expected_num_trainable_weights=0,
        expected_num_non_trainable_weights=0,
        expected_num_seed_generators=1, supports_masking=True,
    )


def test_contract_training():
    run_layer_test(
        layers.Dropout,
        {"rate": 0.5, "noise_shape": (None, 1, 4), "seed": 3},
        input_shape=(2, 3, 4), call_kwargs={"training": True},
        expected_output_shape=(2, 3, 4), expected_num_seed_generators=1,
    )


def test_rate_zero_has_no_seed_generator():
    run_layer_test(
        layers.Dropout, {"rate": 0.0}, input_shape=(2, 3),
        expected_num_seed_generators=0,
    )


def test_seed_snippet():
    layer = layers.Dropout(rate=0.2)
    assert layer.rate == 0.2
    assert layer.get_config()["seed"] is None


def test_identity_unless_training():
    x = np.ones((4, 8), "float32")
    layer = layers.Dropout(0.5, seed=0)
    np.testing.assert_array_equal(np.asarray(layer(x)), x)
    np.testing.assert_array_equal(np.asarray(layer(x, training=False)), x)
    y = np.asarray(layer(x, training=True))
    assert set(np.unique(y).tolist()) <= {0.0, 2.0}
    assert 0 < (y == 0).sum() < y.size


def test_noise_shape_broadcasts():
    x = np.ones((2, 5, 3), "float32")
    y = np.asarray(layers.Dropout(0.5, noise_shape=(None, 1, 3), seed=2)(
        x, training=True))
    np.testing.assert_array_equal(y, np.broadcast_to(y[:, :1], y.shape))


def test_state_advances_and_is_reproducible():
    x = np.ones((4, 16), "float32")
    a, b = layers.Dropout(0.5, seed=7), layers.Dropout(0.5, seed=7)
    first, second = a(x, training=True), a(x, training=True)
    assert not np.array_equal(np.asarray(first), np.asarray(second))
    np.testing.assert_array_equal(np.asarray(b(x, training=True)),
                                  np.asarray(first))


def test_jit_advances_seed_state():
    x = np.ones((4, 16), "float32")
    layer = layers.Dropout(0.5, seed=7)
    step = jax.jit(lambda nt: layer.stateless_call([], nt, x, training=True))
    state = [v.value for v in layer.non_trainable_variables]
    out1, state = step(state)
    out2, state = step(state)
    assert not np.array_equal(np.asarray(out1), np.asarray(out2))


def test_keras_config_keys(keras):
    ours = layers.Dropout(0.3, noise_shape=(None, 1), seed=4).get_config()
    theirs = keras.layers.Dropout(0.3, noise_shape=(None, 1),
                                  seed=4).get_config()
    assert set(ours) == set(theirs)
    for key in ("rate", "seed", "noise_shape"):
        assert ours[key] == theirs[key]


def test_parity_inference(parity, keras, rng):
    x = rng.normal(size=(2, 3)).astype("float32")
    parity.check(layers.Dropout(0.5), keras.layers.Dropout(0.5), x,
                 call_kwargs={"training": False})


@pytest.mark.parametrize("rate", [1.5, -0.1, "0.5"])
def test_bad_rate(rate):
    with pytest.raises(ValueError, match=r"Received: rate="):
        layers.Dropout(rate)


@pytest.mark.parametrize("noise_shape", ["abc", (2, 0), (2, 1.5), 3])
def test_bad_noise_shape(noise_shape):
    with pytest.raises(ValueError, match="noise_shape"):
        layers.Dropout(0.5, noise_shape=noise_shape)


def test_bad_seed():
    with pytest.raises(ValueError, match="seed"):
        layers.Dropout(0.5, seed="x")
