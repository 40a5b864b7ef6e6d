"""kerax.core.registry: one table per family, one factory for get /
serialize / deserialize, one custom-object mechanism."""

import inspect

import pytest

from kerax import (
    activations,
    constraints,
    initializers,
    layers,
    losses,
    metrics,
    optimizers,
    regularizers,
    saving,
)
from kerax.core import custom_objects, registry

FAMILIES = [
    (activations, "activation"),
    (initializers, "initializer"),
    (constraints, "constraint"),
    (regularizers, "regularizer"),
    (losses, "loss"),
    (metrics, "metric"),
    (optimizers, "optimizer"),
]


@pytest.mark.parametrize("module,argument", FAMILIES)
def test_each_family_keeps_its_api(module, argument):
    assert list(inspect.signature(module.serialize).parameters) == [argument]
    assert list(inspect.signature(module.get).parameters) == ["identifier"]
    first = "name" if module is losses else "config"
    assert list(inspect.signature(module.deserialize).parameters) == [
        first, "custom_objects"]
    assert list(inspect.signature(layers.deserialize).parameters) == [
        "config", "custom_objects"]


def test_one_decorator_registers_a_member():
    fam = registry.Family("demo", "demo object", "keras.demo",
                          snake_case=True)

    @registry.register(fam, "alias")
    class FancyThing:
        def __init__(self, size=1):
            self.size = size

        def __call__(self, x):
            return self.size * x

        def get_config(self):
            return {"size": self.size}

    get, serialize, deserialize = registry.make_api(fam, __name__, "thing")
    assert type(get("fancy_thing")) is FancyThing
    assert type(get("alias")) is FancyThing
    config = serialize(FancyThing(3))
    # Keras's module is written only for kerax's own classes.
    assert config["module"] == FancyThing.__module__
    assert config["registered_name"] == "FancyThing"
    assert deserialize(config).size == 3
    with pytest.raises(ValueError, match="Unknown demo object class"):
        deserialize({"class_name": "Other", "config": {}})


def test_saving_and_core_share_one_custom_object_state():
    assert saving.custom_object_scope is custom_objects.custom_object_scope
    assert saving.get_registered_object is (
        custom_objects.get_registered_object)


def test_custom_objects_reach_nested_lookups():
    # A MeanMetricWrapper's function is found through the scope that
    # metrics.deserialize opens over `custom_objects` (this was a second,
    # metrics-only thread-local registry).
    def my_error(y_true, y_pred):
        return abs(y_true - y_pred)

    wrapped = metrics.MeanMetricWrapper(my_error, name="e")
    config = metrics.serialize(wrapped)
    with pytest.raises(ValueError):
        metrics.deserialize(config)
    again = metrics.deserialize(config, custom_objects={"my_error": my_error})
    assert again._fn is my_error
    with saving.custom_object_scope({"my_error": my_error}):
        assert metrics.deserialize(config)._fn is my_error


def test_registered_custom_objects_resolve_in_every_family():
    @saving.register_keras_serializable(package="RegistryTest")
    def halve(x):
        return x / 2

    name = saving.get_registered_name(halve)
    assert activations.get(name) is halve
    assert losses.get(name) is halve
    assert activations.serialize(halve)["config"] == name
    assert losses.deserialize(losses.serialize(halve)) is halve
