"""`LeakyReLU`: contract, Keras parity, Keras 2 `alpha`, errors."""

import numpy as np
import pytest

from kerax import layers
from kerax.testing import run_layer_test


def test_contract():
    run_layer_test(
        layers.LeakyReLU,
        {"negative_slope": 0.5},
        input_shape=(2, 3),
        expected_output_shape=(2, 3),
        expected_num_trainable_weights=0,
        supports_masking=True,
    )


def test_default_slope():
    assert layers.LeakyReLU().negative_slope == 0.3
    out = layers.LeakyReLU()(np.array([-1.0, 2.0], "float32"))
    np.testing.assert_allclose(out, [-0.3, 2.0], rtol=1e-6)


@pytest.mark.parametrize("slope", [0.0, 0.3, 1.5])
def test_parity(parity, keras, rng, slope):
    x = rng.normal(size=(2, 5)).astype("float32")
    parity.check(
        layers.LeakyReLU(negative_slope=slope),
        keras.layers.LeakyReLU(negative_slope=slope),
        x,
    )


def test_keras2_alpha():
    with pytest.warns(DeprecationWarning, match="alpha"):
        layer = layers.LeakyReLU(alpha=0.1)
    assert layer.negative_slope == 0.1
    assert "alpha" not in layer.get_config()
    out = layer(np.array([-10.0], "float32"))
    np.testing.assert_allclose(out, [-1.0], rtol=1e-6)


def test_config_matches_keras(keras):
    ours = layers.LeakyReLU(0.2).get_config()
    theirs = keras.layers.LeakyReLU(0.2).get_config()
    assert set(ours) == set(theirs)
    assert ours["negative_slope"] == theirs["negative_slope"]


@pytest.mark.parametrize("slope", [-0.1, None, "x"])
def test_bad_slope(slope):
    with pytest.raises(ValueError, match="Received: negative_slope="):
        layers.LeakyReLU(negative_slope=slope)
