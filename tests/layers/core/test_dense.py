"""`Dense`: contract, Keras parity, config, dtype policies, errors."""

import json
import re

import numpy as np
import pytest

import kerax
from kerax import layers
from kerax.testing import run_layer_test


def test_contract():
    run_layer_test(
        layers.Dense, {"units": 3, "activation": "relu"}, input_shape=(2, 4),
        expected_output_shape=(2, 3), expected_num_trainable_weights=2,
        expected_num_non_trainable_weights=0, supports_masking=True,
    )


def test_contract_3d_no_bias_with_regularizers():
    run_layer_test(
        layers.Dense,
        {"units": 2, "use_bias": False, "kernel_regularizer": "l2",
         "activity_regularizer": "l1"},
        input_shape=(2, 3, 4), expected_output_shape=(2, 3, 2),
        expected_num_trainable_weights=1, expected_num_losses=2,
        run_training_check=False,
    )


@pytest.mark.parametrize("kwargs, shape", [
    ({"units": 4}, (2, 3)),
    ({"units": 3, "activation": "softmax"}, (2, 5)),
    ({"units": 2, "activation": "tanh", "use_bias": False}, (2, 3, 4)),
    ({"units": 5, "activation": "gelu"}, (1, 2, 3, 4)),
])
def test_parity(parity, keras, rng, kwargs, shape):
    x = rng.normal(size=shape).astype("float32")
    ours, theirs = layers.Dense(**kwargs), keras.layers.Dense(**kwargs)
    ours(x), theirs(x)
    parity.randomize(ours, theirs)
    parity.check(ours, theirs, x, copy=False)


def test_weights_names_and_paths_match_keras(keras):
    ours = layers.Dense(2, name="dense")
    theirs = keras.layers.Dense(2, name="dense")
    ours.build((None, 3))
    theirs.build((None, 3))
    assert [v.path for v in ours.weights] == [v.path for v in theirs.weights]
    assert ours.kernel.path == "dense/kernel"
    assert ours.bias.path == "dense/bias"


def test_config_matches_keras(keras):
    kwargs = {"units": 3, "activation": "relu", "use_bias": False,
              "kernel_regularizer": "l2", "bias_constraint": "non_neg",
              "name": "d"}
    ours = json.loads(json.dumps(layers.Dense(**kwargs).get_config()))
    theirs = json.loads(json.dumps(keras.layers.Dense(**kwargs).get_config()))
    assert ours == theirs
    clone = layers.Dense.from_config(theirs)
    assert clone.get_config() == layers.Dense(**kwargs).get_config()


@pytest.mark.parametrize("policy, compute", [
    ("mixed_float16", "float16"), ("mixed_bfloat16", "bfloat16"),
])
def test_mixed_precision_policies(keras, policy, compute):
    x = np.ones((2, 3), "float32")
    ours = layers.Dense(2, dtype=policy)
    theirs = keras.layers.Dense(2, dtype=policy)
    out = ours(x)
    assert str(out.dtype) == compute == str(theirs(x).dtype)
    assert ours.kernel.dtype == "float32" and ours.bias.dtype == "float32"
    assert ours.compute_dtype == compute
    assert ours.variable_dtype == "float32"
    assert ours.dtype_policy.name == policy
    assert ours.get_config()["dtype"] == theirs.get_config()["dtype"]


@pytest.mark.parametrize("units", [-1, 0, 2.5, "3", None])
def test_invalid_units_same_error_as_keras(keras, units):
    message = ("Received an invalid value for `units`, expected a positive "
               f"integer. Received: units={units}")
    with pytest.raises(ValueError, match=re.escape(message)):
        layers.Dense(units)
    with pytest.raises(ValueError, match=re.escape(message)):
        keras.layers.Dense(units)


def test_bool_units_rejected():
    # Keras takes True as 1 unit; kerax refuses a bool outright.
    with pytest.raises(ValueError, match="units=True"):
        layers.Dense(True)


def test_unknown_activation_and_initializer():
    with pytest.raises(ValueError, match="Could not interpret activation "
                       "function identifier: nope"):
        layers.Dense(2, activation="nope")
    with pytest.raises(ValueError, match="Could not interpret initializer "
                       "identifier: nope"):
        layers.Dense(2, kernel_initializer="nope")
    with pytest.raises(ValueError, match="Could not interpret initializer "
                       "identifier: nope"):
        layers.Dense(2, bias_initializer="nope")


def test_wrong_input_last_dim_and_rank():
    layer = layers.Dense(2, name="probe")
    layer(np.ones((1, 3), "float32"))
    with pytest.raises(ValueError, match=(
        r'Input 0 of layer "probe" is incompatible with the layer: expected '
        r"axis -1 of input shape to have value 3, but received input with "
        r"shape \(1, 4\)"
    )):
        layer(np.ones((1, 4), "float32"))
    with pytest.raises(ValueError, match=(
        r'layer "probe" .*expected min_ndim=2, found ndim=1. Full shape '
        r"received: \(3,\)"
    )):
        layers.Dense(2, name="probe")(np.ones((3,), "float32"))
    with pytest.raises(ValueError, match='layer "probe".*value 3'):
        layer(kerax.Input((5,)))


def test_unknown_last_dim():
    with pytest.raises(ValueError, match="last dimension of the input"):
        layers.Dense(2)(kerax.Input(batch_shape=(None, None)))


def test_invalid_keras_options():
    with pytest.raises(ValueError, match="lora_rank=0"):
        layers.Dense(2, lora_rank=0)
    with pytest.raises(ValueError, match="quantization_config"):
        layers.Dense(2, quantization_config="int8")
    with pytest.raises(ValueError, match="Unrecognized keyword"):
        layers.Dense(2, units_typo=1)


def test_keras2_input_dim_and_seed_snippet():
    layer = layers.Dense(units=128, activation="relu", input_dim=784)
    model = kerax.Sequential([layer])
    assert model.input_shape == (None, 784)
    assert model.output_shape == (None, 128)
    assert layer.kernel.shape == (784, 128)
