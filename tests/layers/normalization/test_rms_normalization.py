"""`RMSNormalization`: contract, Keras parity, multi-axis, errors."""

import numpy as np
import pytest

from kerax import layers
from kerax.testing import run_layer_test


def test_contract():
    run_layer_test(
        layers.RMSNormalization,
        {"axis": -1, "epsilon": 1e-5},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_trainable_weights=1,
    )


@pytest.mark.parametrize("epsilon", [1e-6, 1e-2])
def test_parity(parity, keras, rng, epsilon):
    x = rng.normal(size=(2, 3, 5)).astype("float32")
    kx = layers.RMSNormalization(epsilon=epsilon)
    k = keras.layers.RMSNormalization(epsilon=epsilon)
    parity.copy_weights(kx, k, x)
    parity.randomize(kx, k)
    parity.check(kx, k, x, copy=False)


@pytest.mark.parametrize("axis", [1, -2, [1, 2]])
def test_other_axes_against_numpy(rng, axis):
    # Keras broadcasts the scale against the last axis only; kerax
    # normalizes and scales along the given axes.
    x = rng.normal(size=(2, 3, 4)).astype("float32")
    layer = layers.RMSNormalization(axis=axis, epsilon=1e-6)
    layer(x)
    scale = rng.normal(size=layer.weights[0].shape).astype("float32")
    layer.set_weights([scale])
    axes = tuple(np.atleast_1d(axis))
    shape = [1, 1, 1]
    for a, size in zip(sorted(axes), scale.shape):
        shape[a] = size
    want = x / np.sqrt(np.mean(x**2, axis=axes, keepdims=True) + 1e-6)
    want = want * scale.reshape(shape)
    np.testing.assert_allclose(np.asarray(layer(x)), want, rtol=1e-5, atol=1e-5)


def test_config_matches_keras(keras):
    ours = layers.RMSNormalization(epsilon=1e-3).get_config()
    theirs = keras.layers.RMSNormalization(epsilon=1e-3).get_config()
    assert set(ours) == set(theirs)
    assert ours["epsilon"] == theirs["epsilon"]


@pytest.mark.parametrize(
    "kwargs, name", [({"axis": "x"}, "axis"), ({"epsilon": -1.0}, "epsilon")]
)
def test_bad_arguments(kwargs, name):
    with pytest.raises(ValueError, match=f"Received: {name}="):
        layers.RMSNormalization(**kwargs)


def test_axis_out_of_range():
    with pytest.raises(ValueError, match="out of bounds"):
        layers.RMSNormalization(axis=3)(np.ones((2, 3), "float32"))
