"""`Input` / `InputLayer`: shapes, dtypes, names, config, Keras 2 spellings,
errors."""

import json

import numpy as np
import pytest

import kerax
from kerax import layers


def test_input_arguments():
    x = kerax.Input((3,), batch_size=4, dtype="int32", name="ids")
    assert x.shape == (4, 3) and x.dtype == "int32" and x.name == "ids"
    layer = x._keras_history[0]
    assert isinstance(layer, layers.InputLayer)
    assert layer.name == "ids" and layer.batch_shape == (4, 3)
    y = kerax.Input(shape=5)
    assert y.shape == (None, 5) and y.dtype == "float32"
    z = kerax.Input(batch_shape=(None, None, 2))
    assert z.shape == (None, None, 2)


def test_config_matches_keras(keras):
    ours = kerax.Input((3,), batch_size=4, dtype="int32", name="ids")
    theirs = keras.Input((3,), batch_size=4, dtype="int32", name="ids")
    config = ours._keras_history[0].get_config()
    assert json.loads(json.dumps(config)) == json.loads(
        json.dumps(theirs._keras_history[0].get_config()))
    clone = layers.InputLayer.from_config(config)
    assert clone.batch_shape == (4, 3) and clone.dtype == "int32"


def test_keras2_spellings():
    assert layers.InputLayer(input_shape=(3,)).batch_shape == (None, 3)
    assert layers.InputLayer(
        batch_input_shape=(8, 2)).batch_shape == (8, 2)


def test_input_layer_passes_values_through():
    data = np.arange(6.0, dtype="float32").reshape(2, 3)
    layer = layers.InputLayer(shape=(3,))
    np.testing.assert_array_equal(np.asarray(layer(data)), data)


@pytest.mark.parametrize("shape, message", [
    ((-1,), "Negative dimensions are not allowed"),
    ((3, -2), "Negative dimensions are not allowed"),
    ((2.5,), "Found invalid dimension '2.5'"),
    (("a",), "Found invalid dimension 'a'"),
])
def test_bad_shapes(keras, shape, message):
    with pytest.raises(ValueError, match="Cannot convert .* to a shape"):
        keras.Input(shape)
    with pytest.raises(ValueError, match=message):
        kerax.Input(shape)


def test_argument_errors():
    with pytest.raises(ValueError, match="both `shape` and `batch_shape`"):
        kerax.Input((3,), batch_shape=(None, 3))
    with pytest.raises(ValueError, match="both `batch_size` and"):
        kerax.Input(batch_size=2, batch_shape=(2, 3))
    with pytest.raises(ValueError, match="must pass a `shape`"):
        layers.InputLayer()
    with pytest.raises(ValueError, match="ragged=True"):
        kerax.Input((3,), ragged=True)
    with pytest.raises(ValueError, match="Unrecognized keyword"):
        layers.InputLayer(shape=(3,), shap=(2,))
