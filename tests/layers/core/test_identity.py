"""`Identity`: contract, structures, Keras config."""

import numpy as np

from kerax import layers
from kerax.testing import run_layer_test


def test_contract():
    run_layer_test(
        layers.Identity, {}, input_shape=(2, 3), expected_output_shape=(2, 3),
        expected_num_trainable_weights=0, supports_masking=True,
    )


def test_int_and_structures():
    run_layer_test(layers.Identity, {}, input_shape=(2, 3),
                   input_dtype="int32", expected_output_dtype="int32",
                   run_training_check=False)
    run_layer_test(layers.Identity, {}, input_shape=[(2, 3), (2, 4)],
                   expected_output_shape=[(2, 3), (2, 4)],
                   run_training_check=False)


def test_returns_input():
    x = np.arange(6.0, dtype="float32").reshape(2, 3)
    np.testing.assert_array_equal(np.asarray(layers.Identity()(x)), x)


def test_config_matches_keras(keras):
    assert set(layers.Identity().get_config()) == set(
        keras.layers.Identity().get_config()
    )
