"""Keras 2's Model / Network / Sequential members."""

import importlib.util

import numpy as np
import pytest

import kerax


def _functional():
    x = kerax.Input((3,), name="x")
    hidden = kerax.layers.Dense(4, name="h")(x)
    a = kerax.layers.Dense(2, activation="softmax", name="a")(hidden)
    b = kerax.layers.Dense(1, name="b")(kerax.layers.Dropout(0.5)(hidden))
    return kerax.Model(x, [a, b])


def test_compile_arguments_as_keras2_named_them():
    model = _functional()
    assert model.loss is None and model.loss_functions == []
    model.compile("sgd", loss=["categorical_crossentropy", None],
                  loss_weights=[0.5, None])
    assert model.loss == ["categorical_crossentropy", None]
    assert model.loss_functions[1] is None
    assert model.loss_functions[0] is kerax.losses.get(
        "categorical_crossentropy")
    assert model.loss_weights_list == [0.5, 1.0]
    assert model.skip_target_indices == [1]
    assert model.sample_weight_mode is None
    assert model.sample_weight_modes == [None, None]
    assert [t.shape for t in model.targets] == [(None, 2)]
    assert [w.shape for w in model.sample_weights] == [(None,)]
    assert model.uses_learning_phase  # the Dropout
    assert model.state_updates == [] and model.updates == []


def test_keras2_functions_run_the_batch_methods():
    model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
    model.compile("sgd", "mse", metrics=["mae"])
    assert not model.uses_learning_phase
    x, y = np.ones((4, 2), "float32"), np.zeros((4, 1), "float32")
    before = model.test_function([x, y])
    assert len(before) == 2 and before[0] == pytest.approx(
        model.test_on_batch(x, y)[0])
    model.train_function([x, y, np.ones(4, "float32")])
    assert model.test_function([x, y])[0] < before[0]
    np.testing.assert_allclose(model.predict_function([x])[0],
                               model.predict(x, verbose=0), rtol=1e-6)
    assert model.model is model
    with pytest.raises(AttributeError):
        _ = _functional().model


def test_run_internal_graph():
    model = _functional()
    outputs, masks = model.run_internal_graph(np.ones((2, 3), "float32"))
    assert [o.shape for o in outputs] == [(2, 2), (2, 1)]
    assert masks == [None, None]


@pytest.mark.skipif(importlib.util.find_spec("yaml") is not None,
                    reason="PyYAML is installed")
def test_to_yaml_without_pyyaml():
    with pytest.raises(ImportError, match="pyyaml"):
        _functional().to_yaml()


@pytest.mark.skipif(importlib.util.find_spec("yaml") is None,
                    reason="PyYAML is not installed")
def test_to_yaml_round_trip():
    model = _functional()
    clone = kerax.models.model_from_yaml(model.to_yaml())
    assert [layer.name for layer in clone.layers] == [
        layer.name for layer in model.layers]
