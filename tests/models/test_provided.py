"""kerax.models.provided: the registration point the packages above
models fill (Model.save/export/to_json/to_yaml, kerax.models names)."""

import inspect

import pytest

import kerax
from kerax.models import provided
from kerax.models.provided import ProvidedMethod


def test_model_methods_are_the_registered_functions():
    from kerax.export import model_hook
    from kerax.saving import model_hooks, model_methods

    assert kerax.Model.save is model_hooks.save
    assert kerax.Model.load_weights is model_hooks.load_weights
    assert kerax.Model.to_json is model_methods.to_json
    assert kerax.Sequential.export is model_hook.export
    assert list(inspect.signature(kerax.Model.save_weights).parameters)[:2] \
        == ["self", "filepath"]


def test_instances_get_bound_methods():
    model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
    assert model.save.__self__ is model
    assert '"class_name": "Sequential"' in model.to_json()


def test_kerax_models_names_resolve_to_their_providers():
    from kerax.engine import saving as engine_saving
    from kerax.saving import api

    assert kerax.models.load_model is api.load_model
    assert kerax.models.clone_model is api.clone_model
    assert kerax.models.model_from_yaml is engine_saving.model_from_yaml
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = kerax.models.nothing


def test_unregistered_method_names_its_provider():
    class Thing:
        missing_method_for_test = ProvidedMethod("kerax.somewhere")

    with pytest.raises(AttributeError, match="kerax.somewhere"):
        _ = Thing().missing_method_for_test


def test_registration_and_subclass_override():
    class Thing:
        greet = ProvidedMethod("tests")

    class Child(Thing):
        def greet(self):
            return "own"

    provided.provide_method("greet", lambda self, name: f"hi {name}")
    try:
        assert Thing().greet("x") == "hi x"
        assert Child().greet() == "own"
    finally:
        provided._METHODS.pop("greet")
