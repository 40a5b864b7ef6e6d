"""kerax.graph.config: functional/Sequential configs and their codec."""
import numpy as np
import pytest

import kerax
from kerax.graph import config as graph_config
from kerax.saving import DeserializationError


def _model():
    x = kerax.Input((3,), name="x")
    y = kerax.layers.Dense(2, name="d")(x)
    return kerax.Model(x, kerax.ops.add(y, 1.0))


def test_functional_round_trip():
    model = _model()
    config = graph_config.functional_get_config(model)
    assert [entry["name"] for entry in config["layers"]] == ["x", "d", "add"]
    assert config["layers"][2]["module"] == "keras.src.ops.numpy"
    clone = graph_config.functional_from_config(kerax.models.Functional,
                                                config)
    clone.set_weights(model.get_weights())
    data = np.ones((2, 3), "float32")
    np.testing.assert_allclose(clone(data), model(data))


def test_sequential_round_trip():
    model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
    config = graph_config.sequential_get_config(model)
    assert config["build_input_shape"] == [None, 3]
    clone = graph_config.sequential_from_config(kerax.Sequential, config)
    assert clone.count_params() == model.count_params()


def test_malformed_config_names_the_model():
    config = graph_config.functional_get_config(_model())
    config["name"] = "broken"
    del config["input_layers"]
    with pytest.raises(DeserializationError, match="broken"):
        graph_config.functional_from_config(kerax.models.Functional, config)


def test_missing_codec_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(graph_config, "_CODEC", [])
    with pytest.raises(RuntimeError, match=r"import kerax\.saving"):
        graph_config.functional_get_config(_model())
