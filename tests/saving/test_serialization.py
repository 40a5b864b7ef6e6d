"""Config (de)serialization, registration, safe mode, JSON and cloning."""

import json

import numpy as np
import pytest

import kerax
from kerax import saving
from tests.saving.conftest import assert_same


def test_builtin_objects_round_trip():
    objects = [
        kerax.layers.Dense(3, activation="relu", name="d"),
        kerax.layers.Dropout(0.2, seed=3),
        kerax.optimizers.Adam(0.01),
        kerax.losses.Huber(),
        kerax.metrics.AUC(),
        kerax.initializers.GlorotUniform(seed=1),
    ]
    for obj in objects:
        config = saving.serialize_keras_object(obj)
        assert config["module"].startswith("keras.")
        json.dumps(config)
        clone = saving.deserialize_keras_object(config)
        assert type(clone) is type(obj)
        assert clone.get_config() == obj.get_config()


def test_keras_module_names_map_back():
    config = {"module": "keras.src.layers.core.dense", "class_name": "Dense",
              "config": {"units": 2}, "registered_name": None}
    assert isinstance(saving.deserialize_keras_object(config),
                      kerax.layers.Dense)
    legacy = {"class_name": "Dense", "config": {"units": 2}}
    assert saving.deserialize_keras_object(legacy).units == 2


def test_register_and_scope():
    @saving.register_keras_serializable(package="SerTest", name="Twice")
    class Twice(kerax.layers.Layer):
        def call(self, x):
            return 2 * x

    assert saving.get_registered_name(Twice) == "SerTest>Twice"
    assert saving.get_registered_object("SerTest>Twice") is Twice
    config = saving.serialize_keras_object(Twice(name="t"))
    assert config["registered_name"] == "SerTest>Twice"
    assert isinstance(saving.deserialize_keras_object(config), Twice)

    class Local(kerax.layers.Layer):
        pass

    config = saving.serialize_keras_object(Local(name="l"))
    with pytest.raises(saving.DeserializationError, match="Local"):
        saving.deserialize_keras_object(config)
    with saving.custom_object_scope({"Local": Local}):
        assert "Local" in saving.get_custom_objects()
        assert isinstance(saving.deserialize_keras_object(config), Local)
    assert "Local" not in saving.get_custom_objects()
    obj = saving.deserialize_keras_object(config,
                                          custom_objects={"Local": Local})
    assert isinstance(obj, Local)


def test_unsafe_configs_are_refused():
    for config in (
        {"module": "os", "class_name": "function", "config": "system",
         "registered_name": "function"},
        {"module": "os", "class_name": "system", "config": {}},
        {"module": "subprocess", "class_name": "Popen", "config": {}},
        {"module": "keras.layers", "class_name": "__import__", "config": {}},
        {"module": "builtins", "class_name": "function", "config": "eval"},
    ):
        with pytest.raises(saving.DeserializationError):
            saving.deserialize_keras_object(config)
    lam = {"class_name": "__lambda__", "config": {"value": ["", None, None]}}
    with pytest.raises(saving.UnsafeFileError, match="safe_mode=False"):
        saving.deserialize_keras_object(lam)


def test_lambda_layer_needs_safe_mode_off(tmp_path):
    x = kerax.Input((2,))
    model = kerax.Model(x, kerax.layers.Lambda(lambda t: t * 3.0)(x))
    path = str(tmp_path / "lam.keras")
    model.save(path)
    with pytest.raises(saving.SavingError, match="safe_mode=False"):
        saving.load_model(path)
    loaded = saving.load_model(path, safe_mode=False)
    data = np.ones((1, 2), "float32")
    assert_same(loaded.predict(data, verbose=0), 3 * data)


def test_to_json_model_from_json_and_clone():
    a = kerax.Input((3,), name="a")
    out = kerax.layers.Dense(2, name="o")(kerax.layers.Dense(4)(a))
    model = kerax.Model(a, out)
    rebuilt = saving.model_from_json(model.to_json())
    assert [layer.name for layer in rebuilt.layers] == ["a", "dense", "o"][
        :1] + [rebuilt.layers[1].name, "o"]
    assert rebuilt.count_params() == model.count_params()
    clone = saving.clone_model(model)
    assert clone.layers[1] is not model.layers[1]
    assert clone.count_params() == model.count_params()
    seq = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
    seq_clone = saving.clone_model(
        seq, clone_function=lambda layer: layer.__class__.from_config(
            layer.get_config()))
    assert seq_clone.count_params() == seq.count_params()
    seq_json = saving.model_from_json(seq.to_json())
    assert seq_json.count_params() == 8


def test_compile_config_round_trip(tmp_path):
    model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
    model.compile(optimizer=kerax.optimizers.SGD(0.05, momentum=0.5),
                  loss=kerax.losses.Huber(), metrics=["mae"])
    model.save(str(tmp_path / "c.keras"))
    loaded = saving.load_model(str(tmp_path / "c.keras"))
    assert type(loaded.optimizer).__name__ == "SGD"
    assert loaded.optimizer.get_config()["momentum"] == 0.5
    assert loaded.compiled
    uncompiled = saving.load_model(str(tmp_path / "c.keras"), compile=False)
    assert not uncompiled.compiled


def test_module_resolvers_find_classes_of_other_keras_modules():
    from kerax.saving import serialization

    class Probe(kerax.layers.Layer):
        pass

    prefix = "tests.probe_keras_modules."
    serialization.register_module_resolver(
        prefix, lambda module, name: Probe if name == "Probe" else None)
    try:
        found = serialization.resolve_class(prefix + "m", "Probe")
        assert found is Probe
        with pytest.raises(saving.DeserializationError, match="Other"):
            serialization.resolve_class(prefix + "m", "Other")
    finally:
        serialization._MODULE_RESOLVERS.pop(prefix)
    # kerax.applications registers Keras's application modules.
    layer_scale = serialization.resolve_class(
        "keras.src.applications.convnext", "LayerScale")
    assert layer_scale.__name__ == "LayerScale"
    assert layer_scale.__module__.startswith("kerax.applications.")
