"""clone_model's Keras 3 arguments: call_function and recursive."""

import numpy as np
import pytest

import kerax


def functional_with_inner():
    inner_in = kerax.Input((3,))
    inner = kerax.Model(inner_in, kerax.layers.Dense(3, name="inner_dense")(
        inner_in), name="inner")
    x = kerax.Input((3,))
    y = kerax.layers.Dense(3, name="outer_dense")(inner(x))
    return kerax.Model(x, y)


def test_call_function_inserts_layers():
    model = functional_with_inner()

    def call(layer, *args, **kwargs):
        out = layer(*args, **kwargs)
        if layer.name == "outer_dense":
            return kerax.layers.Activation("relu", name="added")(out)
        return out

    clone = kerax.models.clone_model(model, call_function=call)
    assert [la.name for la in clone.layers][-1] == "added"
    out = clone.predict(np.full((2, 3), -5.0), verbose=0)
    assert np.all(out >= 0)


def test_recursive_clones_inner_models():
    model = functional_with_inner()
    seen = []

    def clone_fn(layer):
        seen.append(layer.name)
        return layer.__class__.from_config(layer.get_config())

    kerax.models.clone_model(model, clone_function=clone_fn)
    assert "inner" in seen and "inner_dense" not in seen
    seen.clear()
    clone = kerax.models.clone_model(model, clone_function=clone_fn,
                                     recursive=True)
    assert "inner_dense" in seen and "inner" not in seen
    assert clone.get_layer("inner") is not model.get_layer("inner")


def test_call_function_refused_for_sequential():
    model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
    with pytest.raises(ValueError, match="call_function"):
        kerax.models.clone_model(model, call_function=lambda la, x: la(x))
