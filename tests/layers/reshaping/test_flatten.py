"""`Flatten`: contract, Keras parity (both data formats), errors."""

import numpy as np
import pytest

import kerax
from kerax import layers
from kerax.testing import run_layer_test


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_contract(data_format):
    run_layer_test(
        layers.Flatten, {"data_format": data_format},
        input_shape=(2, 3, 4, 5), expected_output_shape=(2, 60),
        expected_num_trainable_weights=0,
    )


def test_rank_one_input():
    run_layer_test(layers.Flatten, {}, input_shape=(3,),
                   expected_output_shape=(3, 1), run_training_check=False)


def test_int_input_keeps_dtype():
    run_layer_test(layers.Flatten, {}, input_shape=(2, 3, 2),
                   input_dtype="int32", expected_output_dtype="int32",
                   run_training_check=False)


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_parity(parity, keras, rng, data_format):
    x = rng.normal(size=(2, 3, 4, 2)).astype("float32")
    parity.check(layers.Flatten(data_format=data_format),
                 keras.layers.Flatten(data_format=data_format), x)


def test_unknown_dims():
    out = layers.Flatten()(kerax.Input(batch_shape=(None, None, 4)))
    assert out.shape == (None, None)


def test_bad_data_format():
    with pytest.raises(ValueError, match="data_format"):
        layers.Flatten(data_format="channels_middle")


def test_scalar_input_rejected():
    with pytest.raises(ValueError, match="flatten"):
        layers.Flatten(name="flatten")(np.float32(1.0))
