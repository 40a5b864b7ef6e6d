"""`Lambda`: contract, Keras config layout (marshal/base64), safe mode,
shapes, masks."""

import codecs
import json
import marshal

import numpy as np
import pytest

import kerax
from kerax import layers, ops
from kerax.testing import run_layer_test


def _code(config):
    raw = codecs.decode(config["function"]["config"]["code"].encode(), "base64")
    return marshal.loads(raw)


def double(x):
    return x * 2.0


def test_contract_named_function():
    run_layer_test(
        layers.Lambda, {"function": ops.square}, input_shape=(2, 3),
        expected_output_shape=(2, 3), expected_num_trainable_weights=0,
        supports_masking=False,
    )


def test_contract_python_lambda():
    run_layer_test(
        layers.Lambda,
        {"function": lambda x, k: x * k, "arguments": {"k": 3.0},
         "output_shape": (3,)},
        input_shape=(2, 3), expected_output_shape=(2, 3),
        from_config_kwargs={"safe_mode": False},
    )


def test_keras_config_layout_for_lambda(keras):
    fn = lambda x, a=1.0: x + a
    ours = layers.Lambda(fn, output_shape=(3,)).get_config()
    theirs = keras.layers.Lambda(fn, output_shape=(3,)).get_config()
    assert set(ours) == set(theirs)
    assert ours["function"]["class_name"] == "__lambda__"
    assert set(ours["function"]["config"]) == set(theirs["function"]["config"])
    assert ours["function"]["config"]["defaults"] == (1.0,)
    assert ours["function"]["config"]["closure"] is None
    # Both are marshal + base64 of the same code object.
    assert _code(ours) == _code(theirs) == fn.__code__
    assert ours["arguments"] == theirs["arguments"] == {}


def test_keras_config_layout_for_function(keras):
    ours = layers.Lambda(double, arguments={"k": 1}).get_config()
    theirs = keras.layers.Lambda(double, arguments={"k": 1}).get_config()
    assert ours["function"] == theirs["function"]
    assert ours["arguments"] == theirs["arguments"]


def test_keras_config_loads_here(keras):
    config = keras.layers.Lambda(lambda x: x * 3.0).get_config()
    layer = layers.Lambda.from_config(json.loads(json.dumps(config)),
                                      safe_mode=False)
    np.testing.assert_allclose(np.asarray(layer(np.ones((1, 2)))), 3.0)


def test_lambda_needs_unsafe_mode():
    config = layers.Lambda(lambda x: x).get_config()
    with pytest.raises(ValueError, match="safe_mode=False"):
        layers.Lambda.from_config(config)


def test_closure_and_defaults_round_trip():
    scale = 4.0

    def make(y):
        return lambda x, b=1.0: x * scale + b + y

    config = json.loads(json.dumps(layers.Lambda(make(2.0)).get_config()))
    layer = layers.Lambda.from_config(config, safe_mode=False)
    np.testing.assert_allclose(np.asarray(layer(np.ones((1,)))), [7.0])


def test_custom_function_lookup():
    config = layers.Lambda(double).get_config()
    with pytest.raises(ValueError, match="double"):
        layers.Lambda.from_config(config)
    layer = layers.Lambda.from_config(config,
                                      custom_objects={"double": double})
    assert layer.function is double


def test_output_shape_forms():
    x = kerax.Input((3, 4))
    assert layers.Lambda(lambda t: t[:, 0], output_shape=(4,))(x).shape == (
        None, 4)
    assert layers.Lambda(
        lambda t: t, output_shape=lambda s: (s[0], 12)
    )(x).shape == (None, 12)
    assert layers.Lambda(lambda t: ops.sum(t, axis=1))(x).shape == (None, 4)


def test_mask_and_training_arguments():
    seen = {}

    def fn(x, mask=None, training=None):
        seen["mask"], seen["training"] = mask, training
        return x

    layer = layers.Lambda(fn, mask=lambda inputs, mask: mask)
    assert layer.supports_masking
    mask = np.array([True, False])
    layer(np.ones((2, 1)), mask=mask, training=True)
    assert seen["training"] is True
    np.testing.assert_array_equal(np.asarray(seen["mask"]), mask)
    np.testing.assert_array_equal(layer.compute_mask(None, mask), mask)


def test_parity(parity, keras, rng):
    x = rng.normal(size=(2, 3)).astype("float32")
    parity.check(layers.Lambda(lambda t: t * t + 1.0),
                 keras.layers.Lambda(lambda t: t * t + 1.0), x)


def test_not_callable():
    with pytest.raises(ValueError, match="function"):
        layers.Lambda(3)


def test_bad_arguments():
    with pytest.raises(ValueError, match="arguments"):
        layers.Lambda(double, arguments=[1])
