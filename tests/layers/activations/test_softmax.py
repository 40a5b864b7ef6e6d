"""`Softmax`: contract, Keras parity (axes, masks), errors."""

import numpy as np
import pytest

from kerax import layers
from kerax.testing import run_layer_test


def test_contract():
    run_layer_test(
        layers.Softmax,
        {"axis": -1},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_trainable_weights=0,
        supports_masking=True,
    )


def test_contract_with_mask():
    mask = np.array([[1, 1, 0, 1], [0, 0, 0, 0]], bool)
    run_layer_test(
        layers.Softmax,
        {"axis": [1, 2]},
        input_shape=(2, 3, 4),
        call_kwargs={"mask": mask[:, None, :]},
        expected_output_shape=(2, 3, 4),
    )


@pytest.mark.parametrize("axis", [-1, 1, [1, 2], [2]])
def test_parity(parity, keras, rng, axis):
    x = rng.normal(size=(2, 3, 4)).astype("float32")
    parity.check(layers.Softmax(axis=axis), keras.layers.Softmax(axis=axis), x)


@pytest.mark.parametrize("dtype", ["bool", "float32"])
def test_parity_mask(parity, keras, rng, dtype):
    x = rng.normal(size=(2, 3, 4)).astype("float32")
    mask = (rng.uniform(size=(2, 1, 4)) > 0.4).astype(dtype)
    mask[1] = 0  # a fully masked slice -> zeros
    kx, k = layers.Softmax(), keras.layers.Softmax()
    parity.check(kx, k, x, call_kwargs={"mask": mask})
    out = np.asarray(kx(x, mask=mask))
    np.testing.assert_array_equal(out[1], 0.0)


def test_config_matches_keras(keras):
    ours = layers.Softmax(axis=[1, 2]).get_config()
    theirs = keras.layers.Softmax(axis=[1, 2]).get_config()
    assert set(ours) == set(theirs)
    assert ours["axis"] == theirs["axis"]


def test_bad_axis():
    with pytest.raises(ValueError, match="Received: axis="):
        layers.Softmax(axis="last")


@pytest.mark.parametrize("shape", [(1, 2, 3, 4), (2, 2, 4), (5,)])
def test_bad_mask_shape(shape):
    x = np.zeros((2, 3, 4), "float32")
    with pytest.raises(ValueError, match="mask.shape="):
        layers.Softmax()(x, mask=np.ones(shape, bool))
