"""`Permute`, `RepeatVector`: contract, Keras parity, errors."""

import pytest

from kerax import layers
from kerax.testing import run_layer_test


def test_contract_permute():
    run_layer_test(
        layers.Permute, {"dims": (2, 1)}, input_shape=(2, 3, 4),
        expected_output_shape=(2, 4, 3), expected_num_trainable_weights=0,
    )


def test_contract_repeat_vector():
    run_layer_test(
        layers.RepeatVector, {"n": 3}, input_shape=(2, 4),
        expected_output_shape=(2, 3, 4), run_training_check=False,
    )


@pytest.mark.parametrize("dims", [(2, 1, 3), (3, 1, 2), (1, 2, 3)])
def test_permute_parity(parity, keras, rng, dims):
    x = rng.normal(size=(2, 3, 4, 5)).astype("float32")
    parity.check(layers.Permute(dims), keras.layers.Permute(dims), x)


def test_repeat_vector_parity(parity, keras, rng):
    x = rng.normal(size=(2, 4)).astype("float32")
    parity.check(layers.RepeatVector(3), keras.layers.RepeatVector(3), x)


@pytest.mark.parametrize("dims", [(0, 1), (1, 3), (2, 2), "ab"])
def test_bad_permute_dims(dims):
    with pytest.raises(ValueError, match="`dims`"):
        layers.Permute(dims)


def test_bad_repeat_n():
    with pytest.raises(ValueError, match="`n`"):
        layers.RepeatVector(0)
    with pytest.raises(TypeError, match="`n`"):
        layers.RepeatVector(2.5)
