"""`LayerNormalization`: contract, Keras parity over axes and options,
errors."""

import warnings

import numpy as np
import pytest

from kerax import layers
from kerax.testing import run_layer_test


def test_contract():
    run_layer_test(
        layers.LayerNormalization, {}, input_shape=(2, 3),
        expected_output_shape=(2, 3), expected_num_trainable_weights=2,
        expected_num_non_trainable_weights=0, supports_masking=True,
    )


def test_contract_multi_axis():
    run_layer_test(
        layers.LayerNormalization, {"axis": [1, 2], "center": False},
        input_shape=(2, 3, 4), expected_output_shape=(2, 3, 4),
        expected_num_trainable_weights=1, run_training_check=False,
    )


@pytest.mark.parametrize("kwargs, shape", [
    ({}, (2, 5)),
    ({"axis": 1, "epsilon": 1e-5}, (2, 3, 4)),
    ({"axis": [-2, -1], "scale": False}, (2, 3, 4)),
    ({"axis": (1, 2), "center": False}, (2, 3, 4, 2)),
])
def test_parity(parity, keras, rng, kwargs, shape):
    x = (rng.normal(size=shape) * 2 + 1).astype("float32")
    ours = layers.LayerNormalization(**kwargs)
    theirs = keras.layers.LayerNormalization(**kwargs)
    parity.copy_weights(ours, theirs, x)
    weights = [rng.normal(size=w.shape).astype("float32")
               for w in theirs.get_weights()]
    theirs.set_weights(weights)
    ours.set_weights(weights)
    parity.check(ours, theirs, x, copy=False, atol=1e-5)


def test_rms_scaling_parity(parity, keras, rng):
    x = rng.normal(size=(2, 4)).astype("float32")
    with pytest.warns(UserWarning, match="rms_scaling"):
        ours = layers.LayerNormalization(rms_scaling=True)
    with pytest.warns(UserWarning, match="rms_scaling"):
        theirs = keras.layers.LayerNormalization(rms_scaling=True)
    with warnings.catch_warnings():  # Keras warns again on each call
        warnings.filterwarnings("ignore", "You passed `rms_scaling=True`")
        parity.check(ours, theirs, x)
    assert [w.name for w in ours.weights] == ["gamma"]


def test_config_matches_keras(keras):
    ours = layers.LayerNormalization(axis=[1, 2]).get_config()
    theirs = keras.layers.LayerNormalization(axis=[1, 2]).get_config()
    assert set(ours) == set(theirs)
    assert ours["axis"] == theirs["axis"]


def test_bad_axis_type():
    with pytest.raises(ValueError, match="Received: axis="):
        layers.LayerNormalization(axis="last")


def test_axis_out_of_range_names_layer():
    layer = layers.LayerNormalization(axis=4, name="ln_axis")
    with pytest.raises(ValueError, match="ln_axis"):
        layer(np.zeros((2, 3), "float32"))


def test_bad_epsilon():
    with pytest.raises(ValueError, match="Received: epsilon="):
        layers.LayerNormalization(epsilon=-1.0)
