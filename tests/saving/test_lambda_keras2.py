"""Keras 2 Lambda configs (`"function": [code, defaults, closure]`,
`function_type`, `output_shape_type`): they load with `safe_mode=False`
and are refused with `UnsafeFileError` by default."""

import json

import h5py
import numpy as np
import pytest

import kerax
from kerax import saving
from kerax.layers.core.lambda_layer import func_dump


def _scale(k):
    return lambda x: x * k + 1.0


def _keras2_h5(tmp_path, edit):
    """A `.h5` whose Lambda layer config is rewritten by `edit(config)`
    into Keras 2's layout."""
    model = kerax.Sequential([kerax.Input((3,)),
                              kerax.layers.Lambda(lambda x: x, name="lam")])
    path = tmp_path / "m.h5"
    model.save(str(path))
    with h5py.File(path, "a") as h5:
        config = json.loads(h5.attrs["model_config"])
        layers = config["config"]["layers"]
        lam = next(x for x in layers if x["class_name"] == "Lambda")
        lam["config"] = edit(dict(lam["config"]))
        del h5.attrs["model_config"]
        h5.attrs["model_config"] = json.dumps(config).encode("utf-8")
    return path


def _lambda_layout(config):
    code, defaults, closure = func_dump(_scale(3.0))
    config.update(function=[code, defaults, list(closure)],
                  function_type="lambda", module="__main__",
                  output_shape=None, output_shape_type="raw",
                  output_shape_module=None, arguments={})
    return config


def _function_layout(config):
    config.update(function="relu", function_type="function",
                  module="keras.activations", output_shape=[3],
                  output_shape_type="raw", output_shape_module=None,
                  arguments={})
    return config


def _bare_list_layout(config):
    code, defaults, closure = func_dump(_scale(3.0))
    config.update(function=[code, defaults, list(closure)], arguments={})
    config.pop("output_shape", None)
    return config


X = np.array([[-1.0, 0.0, 2.0]], "float32")


@pytest.mark.parametrize("edit", [_lambda_layout, _bare_list_layout])
def test_keras2_lambda_loads_only_when_unsafe(tmp_path, edit):
    path = _keras2_h5(tmp_path, edit)
    with pytest.raises(saving.UnsafeFileError, match="lam"):
        saving.load_model(str(path))
    model = saving.load_model(str(path), safe_mode=False)
    np.testing.assert_allclose(model.predict(X, verbose=0), X * 3.0 + 1.0)


def test_keras2_named_function_loads_in_safe_mode(tmp_path):
    model = saving.load_model(str(_keras2_h5(tmp_path, _function_layout)))
    np.testing.assert_allclose(model.predict(X, verbose=0),
                               np.maximum(X, 0.0))


def test_keras3_lambda_in_a_keras_file_is_unsafe(tmp_path):
    model = kerax.Sequential([kerax.Input((3,)),
                              kerax.layers.Lambda(_scale(2.0), name="lam")])
    path = tmp_path / "m.keras"
    model.save(str(path))
    with pytest.raises(saving.UnsafeFileError, match="safe_mode=False"):
        saving.load_model(str(path))
    restored = saving.load_model(str(path), safe_mode=False)
    np.testing.assert_allclose(restored.predict(X, verbose=0), X * 2 + 1)


def test_unknown_keras2_function_type_is_a_clear_error(tmp_path):
    def edit(config):
        config.update(function="relu", function_type="bytecode")
        return config

    with pytest.raises(saving.SavingError, match="function_type"):
        saving.load_model(str(_keras2_h5(tmp_path, edit)))
