"""`kerax.legacy.saving` / `kerax.utils.legacy`: Keras 2's serialization
format, equal to what Keras 3's `keras.legacy.saving` writes, read back
(nested objects, functions by name, shared objects, errors)."""

import numpy as np
import pytest

import kerax
from kerax.legacy import saving

_LAYERS = {"Dense": kerax.layers.Dense}


def test_same_paths():
    assert kerax.utils.legacy.serialize_keras_object is (
        saving.serialize_keras_object)
    assert "saving" in dir(kerax.legacy)


def test_matches_keras_format(keras):
    pairs = [
        (kerax.layers.Dense(2, activation="relu", kernel_regularizer="l2",
                            name="d"),
         keras.layers.Dense(2, activation="relu", kernel_regularizer="l2",
                            name="d")),
        (kerax.initializers.GlorotUniform(seed=1),
         keras.initializers.GlorotUniform(seed=1)),
        (kerax.constraints.MaxNorm(3), keras.constraints.MaxNorm(3)),
    ]
    for ours, theirs in pairs:
        assert saving.serialize_keras_object(ours) == (
            keras.legacy.saving.serialize_keras_object(theirs))
    assert saving.serialize_keras_object(None) is None


@kerax.saving.register_keras_serializable(package="LegacyTest")
class Scaled(kerax.layers.Layer):
    def __init__(self, factor=1.0, inner=None, fn=None, **kwargs):
        super().__init__(**kwargs)
        self.factor, self.inner, self.fn = factor, inner, fn

    def get_config(self):
        return {**super().get_config(), "factor": self.factor,
                "inner": self.inner, "fn": self.fn}


@kerax.saving.register_keras_serializable(package="LegacyTest")
def square(x):
    return x * x


def test_nested_objects_and_functions_round_trip():
    layer = Scaled(2.0, inner=kerax.initializers.Constant(3.0), fn=square,
                   name="s")
    config = saving.serialize_keras_object(layer)
    assert config["class_name"] == "LegacyTest>Scaled"
    inner = config["config"]["inner"]
    assert inner["class_name"] == "Constant"
    assert inner["__passive_serialization__"] is True
    assert config["config"]["fn"] == "LegacyTest>square"
    rebuilt = saving.deserialize_keras_object(
        config, module_objects={"Constant": kerax.initializers.Constant})
    assert isinstance(rebuilt, Scaled) and rebuilt.name == "s"
    assert rebuilt.fn is square and rebuilt.factor == 2.0
    np.testing.assert_allclose(rebuilt.inner((2,)), [3.0, 3.0])


def test_names_and_errors():
    assert saving.deserialize_keras_object(
        "Zeros", module_objects={"Zeros": kerax.initializers.Zeros}
    ).get_config() == {}
    assert saving.deserialize_keras_object(
        "f", custom_objects={"f": abs}) is abs
    assert saving.deserialize_keras_object(square) is square
    with pytest.raises(ValueError, match="Unknown layer: 'Nope'"):
        saving.deserialize_keras_object(
            {"class_name": "Nope", "config": {}},
            printable_module_name="layer")
    with pytest.raises(ValueError, match="'class_name' and 'config'"):
        saving.deserialize_keras_object({"config": {}})
    with pytest.raises(ValueError, match="no `get_config"):
        saving.serialize_keras_object(object())


def test_shared_objects():
    shared = kerax.layers.Dense(2, name="shared")
    with saving.SharedObjectSavingScope():
        first = saving.serialize_keras_object(shared)
        second = saving.serialize_keras_object(shared)
    assert first is second and first["shared_object_id"] == 0
    config = {"class_name": "Dense", "config": dict(first["config"]),
              "shared_object_id": 0}
    with saving.SharedObjectLoadingScope():
        a = saving.deserialize_keras_object(config, module_objects=_LAYERS)
        b = saving.deserialize_keras_object(config, module_objects=_LAYERS)
    assert a is b
    c = saving.deserialize_keras_object(config, module_objects=_LAYERS)
    assert c is not a
