"""`ReLU`: contract, Keras parity, errors."""

import numpy as np
import pytest

from kerax import layers
from kerax.testing import run_layer_test


def test_contract():
    run_layer_test(
        layers.ReLU,
        {"max_value": 2.0, "negative_slope": 0.1, "threshold": 0.5},
        input_shape=(2, 3),
        expected_output_shape=(2, 3),
        expected_num_trainable_weights=0,
        supports_masking=True,
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"max_value": 1.0},
        {"negative_slope": 0.2},
        {"threshold": 0.3, "negative_slope": 0.5, "max_value": 6.0},
        {"max_value": 6},
    ],
)
def test_parity(parity, keras, rng, kwargs):
    x = rng.normal(size=(2, 3, 4)).astype("float32") * 4
    parity.check(layers.ReLU(**kwargs), keras.layers.ReLU(**kwargs), x)


def test_example():
    out = layers.ReLU(max_value=10, negative_slope=0.5)(
        np.array([-10.0, -5.0, 0.0, 5.0, 10.0], "float32")
    )
    np.testing.assert_allclose(out, [-5.0, -2.5, 0.0, 5.0, 10.0])


def test_config_matches_keras(keras):
    kwargs = {"max_value": 3.0, "negative_slope": 0.1, "threshold": 0.2}
    ours, theirs = (
        layers.ReLU(**kwargs).get_config(),
        keras.layers.ReLU(**kwargs).get_config(),
    )
    assert set(ours) == set(theirs)
    for key in kwargs:
        assert ours[key] == theirs[key]


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"max_value": -1.0}, "max_value"),
        ({"negative_slope": -0.1}, "negative_slope"),
        ({"negative_slope": None}, "negative_slope"),
        ({"threshold": -1}, "threshold"),
        ({"threshold": None}, "threshold"),
    ],
)
def test_errors(kwargs, name):
    with pytest.raises(ValueError, match=f"Received: {name}="):
        layers.ReLU(**kwargs)
