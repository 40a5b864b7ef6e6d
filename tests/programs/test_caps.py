"""The program tier's training caps (`sitecustomize.py` in this folder),
checked in process on small arrays."""

import importlib.util
import pathlib
import types

import numpy as np
import pytest

import kerax

_spec = importlib.util.spec_from_file_location(
    "program_caps", pathlib.Path(__file__).with_name("sitecustomize.py"))
caps_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(caps_module)

CAPS = caps_module.parse_caps("epochs=1,samples=8,eval_samples=4,steps=2")


def test_parse_caps_defaults_and_errors():
    assert caps_module.parse_caps("") == caps_module.DEFAULTS
    assert CAPS == {"epochs": 1, "samples": 8, "eval_samples": 4, "steps": 2,
                    "datasets": 1}
    with pytest.raises(ValueError, match="unknown cap 'epoch'"):
        caps_module.parse_caps("epoch=1")


def test_fit_arrays_rows_epochs_and_validation():
    x, y = np.zeros((50, 3)), np.zeros(50)
    args = {"x": [x, x], "y": y, "epochs": 20, "initial_epoch": 3,
            "batch_size": 3, "validation_data": (x, y)}
    caps_module.cap_fit(args, CAPS)
    assert args["epochs"] == 4
    assert [a.shape[0] for a in args["x"]] == [6, 6]  # whole batches of 3
    assert args["y"].shape == (6,)
    assert [a.shape[0] for a in args["validation_data"]] == [3, 3]
    args = {"x": x, "y": y, "nb_epoch": 5}
    caps_module.cap_fit(args, CAPS)
    assert args["epochs"] == 1 and args["x"].shape == (8, 3)


def test_generators_and_sequences_get_step_caps():
    def gen():
        while True:
            yield np.zeros((2, 3)), np.zeros(2)

    args = {"generator": gen(), "steps_per_epoch": 100,
            "validation_data": gen(), "validation_steps": 9}
    caps_module.cap_fit(args, CAPS)
    assert args["steps_per_epoch"] == 2 and args["validation_steps"] == 2
    args = {"x": [np.zeros(3)] * 1}  # not a generator: one short list
    caps_module.cap_evaluate(args, CAPS)
    args = {"x": gen()}
    caps_module.cap_predict(args, CAPS)
    assert args["steps"] == 2


def test_install_wraps_model_methods_and_dataset_loaders():
    seen = {}

    class FakeModel:
        def fit(self, x=None, y=None, epochs=1, **kwargs):
            seen.update(rows=len(x), epochs=epochs, extra=kwargs)

    fake_data = ((np.arange(20), np.arange(20)), (np.arange(9), np.arange(9)))
    dataset = types.SimpleNamespace(load_data=lambda: fake_data)
    caps_module.install(CAPS, FakeModel, [dataset])
    caps_module.install(CAPS, FakeModel, [dataset])  # idempotent
    FakeModel().fit(np.zeros((30, 3)), np.zeros(30), epochs=7, verbose=0)
    assert seen == {"rows": 8, "epochs": 1, "extra": {"verbose": 0}}
    (x, y), (xt, yt) = dataset.load_data()
    assert len(x) == len(y) == 8 and len(xt) == len(yt) == 4


def test_caps_reach_a_kerax_model_fit():
    class Capped(kerax.Sequential):
        pass

    caps_module.install(CAPS, Capped, [])
    model = Capped([kerax.Input((3,)), kerax.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(np.ones((40, 3)), np.ones(40), epochs=5,
                        batch_size=4, verbose=0)
    assert history.params["epochs"] == 1 and history.params["steps"] == 2
