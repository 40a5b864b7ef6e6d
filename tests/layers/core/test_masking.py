"""`Masking`: contract, mask and output parity with Keras, propagation."""

import numpy as np
import pytest

import kerax
from kerax import layers
from kerax.testing import run_layer_test


def _data():
    x = np.arange(24, dtype="float32").reshape(2, 3, 4)
    x[0, 1] = 0.0
    x[1, 2] = 0.0
    return x


def test_contract():
    run_layer_test(
        layers.Masking, {"mask_value": 0.0}, input_data=_data(),
        expected_output_shape=(2, 3, 4), expected_num_trainable_weights=0,
        supports_masking=True, expected_mask_shape=(2, 3),
    )


@pytest.mark.parametrize("mask_value", [0.0, 5.0])
def test_parity(parity, keras, mask_value):
    x = _data()
    x[1, 0] = 5.0
    ours = layers.Masking(mask_value=mask_value)
    theirs = keras.layers.Masking(mask_value=mask_value)
    parity.check(ours, theirs, x)
    np.testing.assert_array_equal(
        np.asarray(ours.compute_mask(x)),
        np.asarray(theirs.compute_mask(x)),
    )


def test_mask_reaches_next_layer():
    seen = {}

    class Probe(layers.Layer):
        def call(self, inputs, mask=None):
            seen["mask"] = mask
            return inputs

    model = kerax.Sequential([kerax.Input((3, 4)), layers.Masking(), Probe()])
    model(_data())
    np.testing.assert_array_equal(
        np.asarray(seen["mask"]), [[True, False, True], [True, True, False]]
    )


def test_array_mask_value_config_round_trip():
    layer = layers.Masking(mask_value=np.array([1.0, 2.0]))
    config = layer.get_config()
    assert config["mask_value"]["class_name"] == "__numpy__"
    revived = layers.Masking.from_config(config)
    np.testing.assert_array_equal(revived.mask_value, [1.0, 2.0])


def test_config_matches_keras(keras):
    ours = layers.Masking(mask_value=-1.0).get_config()
    theirs = keras.layers.Masking(mask_value=-1.0).get_config()
    assert set(ours) == set(theirs)
    assert ours["mask_value"] == theirs["mask_value"]
