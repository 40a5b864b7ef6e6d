"""The full-model `.h5` kerax writes holds what Keras 2.3 wrote: layer,
initializer and optimizer configs with Keras 2.3's arguments only, so that
Keras 2 (tf_keras included) can rebuild and compile the model; kerax reads
its own files back unchanged.

The allowed keys below are those of Keras 2.3's `get_config` methods
(`keras/layers/*.py`, `keras/initializers.py`, `keras/optimizers.py`)."""

import json

import h5py
import numpy as np
import pytest

import kerax
from kerax import saving
from tests.saving.conftest import assert_same

_BASE = {"name", "trainable", "dtype", "batch_input_shape"}
_DENSE = {"units", "activation", "use_bias", "kernel_initializer",
          "bias_initializer", "kernel_regularizer", "bias_regularizer",
          "activity_regularizer", "kernel_constraint", "bias_constraint"}
_RNN = {"return_sequences", "return_state", "go_backwards", "stateful",
        "unroll", "units", "activation", "recurrent_activation", "use_bias",
        "kernel_initializer", "recurrent_initializer", "bias_initializer",
        "kernel_regularizer", "recurrent_regularizer", "bias_regularizer",
        "activity_regularizer", "kernel_constraint", "recurrent_constraint",
        "bias_constraint", "dropout", "recurrent_dropout", "implementation"}
KERAS23_LAYER_KEYS = {
    "InputLayer": {"batch_input_shape", "dtype", "sparse", "name"},
    "Dense": _BASE | _DENSE,
    "Conv2D": _BASE | _DENSE - {"units"} | {
        "filters", "kernel_size", "strides", "padding", "data_format",
        "dilation_rate"},
    "MaxPooling2D": _BASE | {"pool_size", "padding", "strides",
                             "data_format"},
    "Dropout": _BASE | {"rate", "noise_shape", "seed"},
    "Flatten": _BASE | {"data_format"},
    "Activation": _BASE | {"activation"},
    "BatchNormalization": _BASE | {
        "axis", "momentum", "epsilon", "center", "scale", "beta_initializer",
        "gamma_initializer", "moving_mean_initializer",
        "moving_variance_initializer", "beta_regularizer",
        "gamma_regularizer", "beta_constraint", "gamma_constraint"},
    "Embedding": _BASE | {
        "input_dim", "output_dim", "embeddings_initializer",
        "embeddings_regularizer", "activity_regularizer",
        "embeddings_constraint", "mask_zero", "input_length"},
    "LSTM": _BASE | _RNN | {"unit_forget_bias"},
    "GRU": _BASE | _RNN | {"reset_after"},
}
KERAS23_INITIALIZER_KEYS = {
    "Zeros": set(), "Ones": set(), "Constant": {"value"},
    "RandomNormal": {"mean", "stddev", "seed"},
    "RandomUniform": {"minval", "maxval", "seed"},
    "TruncatedNormal": {"mean", "stddev", "seed"},
    "VarianceScaling": {"scale", "mode", "distribution", "seed"},
    "Orthogonal": {"gain", "seed"}, "Identity": {"gain"},
}
# (Keras 2.3's Nadam took no `decay`; kerax writes it when set.)
KERAS23_OPTIMIZER_KEYS = {
    "SGD": {"learning_rate", "momentum", "decay", "nesterov"},
    "RMSprop": {"learning_rate", "rho", "decay", "epsilon"},
    "Adagrad": {"learning_rate", "decay", "epsilon"},
    "Adadelta": {"learning_rate", "rho", "decay", "epsilon"},
    "Adam": {"learning_rate", "beta_1", "beta_2", "decay", "epsilon",
             "amsgrad"},
    "Adamax": {"learning_rate", "beta_1", "beta_2", "decay", "epsilon"},
    "Nadam": {"learning_rate", "beta_1", "beta_2", "epsilon"},
}


def _cnn():
    layers = kerax.layers
    model = kerax.Sequential([
        layers.Conv2D(4, (3, 3), padding="same", input_shape=(6, 6, 2)),
        layers.Activation("relu"),
        layers.BatchNormalization(),
        layers.MaxPooling2D((2, 2)),
        layers.Dropout(0.25),
        layers.Flatten(),
        layers.Dense(3),
        layers.Activation("softmax"),
    ])
    model.compile(optimizer=kerax.optimizers.RMSprop(1e-3, decay=1e-4),
                  loss="categorical_crossentropy", metrics=["accuracy"])
    x = np.random.default_rng(0).random((8, 6, 6, 2)).astype("float32")
    y = np.eye(3, dtype="float32")[np.arange(8) % 3]
    return model, x, y


def _embedding_lstm():
    inputs = kerax.Input(shape=(5,), dtype="int32")
    hidden = kerax.layers.Embedding(20, 4)(inputs)
    hidden = kerax.layers.LSTM(3)(hidden)
    outputs = kerax.layers.Dense(1, activation="sigmoid")(hidden)
    model = kerax.Model(inputs, outputs)
    model.compile(optimizer=kerax.optimizers.Adam(0.01, decay=1e-3),
                  loss="binary_crossentropy", metrics=["accuracy"])
    x = np.random.default_rng(1).integers(0, 20, (8, 5)).astype("int32")
    y = (np.arange(8) % 2).astype("float32")
    return model, x, y


def _read_configs(path):
    with h5py.File(path, "r") as f:
        return (json.loads(f.attrs["model_config"]),
                json.loads(f.attrs["training_config"]))


def _check_object(value, where):
    """Walks a config, checking every layer and initializer dict."""
    if isinstance(value, list):
        for item in value:
            _check_object(item, where)
        return
    if not isinstance(value, dict):
        return
    assert "module" not in value and "registered_name" not in value, where
    name = value.get("class_name")
    config = value.get("config")
    if name in KERAS23_LAYER_KEYS:
        extra = set(config) - KERAS23_LAYER_KEYS[name]
        assert not extra, f"{where}: {name} has Keras 3-only keys {extra}"
        assert isinstance(config.get("dtype"), str), where
    if name in KERAS23_INITIALIZER_KEYS:
        assert set(config) == KERAS23_INITIALIZER_KEYS[name], (where, value)
    assert not name or not name.startswith(("Glorot", "He", "Lecun")), (
        f"{where}: Keras 2.3 wrote {name} as VarianceScaling")
    for key, item in value.items():
        _check_object(item, f"{where}/{key}")


def _check_written(path, layer_classes, optimizer_class):
    model_config, training_config = _read_configs(path)
    _check_object(model_config, "model_config")
    written = {entry["class_name"]
               for entry in model_config["config"]["layers"]}
    assert set(layer_classes) <= written
    optimizer = training_config["optimizer_config"]
    assert optimizer["class_name"] == optimizer_class
    assert set(optimizer["config"]) | {"decay"} == (
        KERAS23_OPTIMIZER_KEYS[optimizer_class] | {"decay"})
    return model_config, training_config


def _hyperparameters(optimizer):
    config = optimizer.get_config()
    config.pop("name")
    return config


def _check_round_trip(model, x, y, path):
    model.fit(x, y, batch_size=4, epochs=1, verbose=0, shuffle=False)
    model.save(path)
    loaded = saving.load_model(path)
    assert_same(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                atol=1e-6)
    assert type(loaded.optimizer) is type(model.optimizer)
    assert _hyperparameters(loaded.optimizer) == _hyperparameters(
        model.optimizer)
    assert_same([v.numpy() for v in loaded.optimizer.variables],
                [v.numpy() for v in model.optimizer.variables], atol=0)
    return loaded


def test_sequential_cnn_writes_keras23_configs(tmp_path):
    model, x, y = _cnn()
    path = str(tmp_path / "cnn.h5")
    loaded = _check_round_trip(model, x, y, path)
    model_config, training_config = _check_written(
        path, ["Conv2D", "MaxPooling2D", "Dropout", "Flatten", "Dense",
               "Activation", "BatchNormalization"], "RMSprop")
    assert training_config["optimizer_config"]["config"]["decay"] == (
        pytest.approx(1e-4))
    conv = next(e["config"] for e in model_config["config"]["layers"]
                if e["class_name"] == "Conv2D")
    assert conv["kernel_initializer"] == {
        "class_name": "VarianceScaling",
        "config": {"scale": 1.0, "mode": "fan_avg",
                   "distribution": "uniform", "seed": None}}
    assert conv["activity_regularizer"] is None
    assert loaded.optimizer.get_config()["decay"] == pytest.approx(1e-4)


def test_functional_embedding_lstm_writes_keras23_configs(tmp_path):
    model, x, y = _embedding_lstm()
    path = str(tmp_path / "lstm.h5")
    loaded = _check_round_trip(model, x, y, path)
    model_config, _ = _check_written(
        path, ["InputLayer", "Embedding", "LSTM", "Dense"], "Adam")
    assert model_config["class_name"] == "Model"  # Keras 2.3's name
    layers = {e["class_name"]: e["config"]
              for e in model_config["config"]["layers"]}
    assert layers["InputLayer"]["batch_input_shape"] == [None, 5]
    assert layers["InputLayer"]["dtype"] == "int32"
    assert layers["Embedding"]["input_length"] is None
    assert layers["LSTM"]["implementation"] == 2
    assert layers["LSTM"]["recurrent_initializer"] == {
        "class_name": "Orthogonal", "config": {"gain": 1.0, "seed": None}}
    loaded.train_on_batch(x, y)
    model.train_on_batch(x, y)
    assert_same(loaded.get_weights(), model.get_weights())


@pytest.mark.parametrize("name, kwargs", [
    ("SGD", {"learning_rate": 0.05, "momentum": 0.9, "nesterov": True,
             "decay": 1e-3}),
    ("RMSprop", {"learning_rate": 0.002, "rho": 0.8}),
    ("Adagrad", {"learning_rate": 0.02, "decay": 1e-2}),
    ("Adadelta", {"learning_rate": 1.0, "rho": 0.9}),
    ("Adam", {"learning_rate": 0.003, "amsgrad": True}),
    ("Adamax", {"learning_rate": 0.004, "beta_1": 0.8}),
    ("Nadam", {"learning_rate": 0.005}),
])
def test_optimizer_configs_are_keras23(tmp_path, name, kwargs):
    model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
    model.compile(optimizer=getattr(kerax.optimizers, name)(**kwargs),
                  loss="mse")
    path = str(tmp_path / "m.h5")
    model.save(path)
    _, training_config = _read_configs(path)
    optimizer = training_config["optimizer_config"]
    assert optimizer["class_name"] == name
    # Keras 2.3 also wrote `decay: 0.0`; kerax leaves it out when 0, as
    # Keras 3 warns about it.
    expected = KERAS23_OPTIMIZER_KEYS[name] - {"decay"}
    if kwargs.get("decay"):
        expected = expected | {"decay"}
    assert set(optimizer["config"]) == expected
    loaded = saving.load_model(path)
    assert type(loaded.optimizer).__name__ == name
    assert _hyperparameters(loaded.optimizer) == _hyperparameters(
        model.optimizer)


def test_keras3_only_values_are_kept(tmp_path):
    """A Keras 3-only argument away from its default cannot be dropped
    without changing the model: it stays, so kerax reads it back."""
    model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
    model.compile(optimizer=kerax.optimizers.Adam(0.01, clipnorm=1.0,
                                                  weight_decay=0.01),
                  loss="mse")
    path = str(tmp_path / "m.h5")
    model.save(path)
    _, training_config = _read_configs(path)
    config = training_config["optimizer_config"]["config"]
    assert config["clipnorm"] == 1.0 and config["weight_decay"] == 0.01
    loaded = saving.load_model(path)
    assert _hyperparameters(loaded.optimizer) == _hyperparameters(
        model.optimizer)


@pytest.mark.parametrize("build", [_cnn, _embedding_lstm])
def test_tf_keras_loads_kerax_h5(tmp_path, build):
    tf_keras = pytest.importorskip("tf_keras")
    model, x, y = build()
    model.fit(x, y, batch_size=4, epochs=1, verbose=0, shuffle=False)
    path = str(tmp_path / "m.h5")
    model.save(path)
    loaded = tf_keras.models.load_model(path)
    assert_same(loaded.predict(x, verbose=0), model.predict(x, verbose=0),
                atol=1e-5)
    assert int(loaded.optimizer.iterations.numpy()) == 2


def _nested_models():
    """A functional model calling a nested functional model and two nested
    Sequentials (one given an `Input`, one built by its call) twice each."""
    L = kerax.layers
    inner_in = kerax.Input((4,))
    inner = kerax.Model(inner_in, L.Dense(4)(inner_in), name="inner")
    seq = kerax.Sequential([kerax.Input((4,)), L.Dense(4)], name="seq")
    seq2 = kerax.Sequential([L.Dense(4)], name="seq2")
    x_in = kerax.Input((4,), name="x")
    h = seq2(seq2(seq(seq(inner(inner(x_in))))))
    model = kerax.Model(x_in, L.Dense(2, name="out")(h))
    model.compile(optimizer="sgd", loss="mse")
    x = np.random.default_rng(2).random((5, 4)).astype("float32")
    return model, x


def _nodes(model_config):
    return {entry["config"]["name"]: entry["inbound_nodes"]
            for entry in model_config["config"]["layers"]}


# What tf_keras 2.21 writes for `_nested_models` (its `model.save("m.h5")`):
# a nested model's node 0 is its creation node, its calls are nodes 1, 2.
_KERAS2_NESTED_NODES = {
    "x": [],
    "inner": [[["x", 0, 0, {}]], [["inner", 1, 0, {}]]],
    "seq": [[["inner", 2, 0, {}]], [["seq", 1, 0, {}]]],
    "seq2": [[["seq", 2, 0, {}]], [["seq2", 1, 0, {}]]],
    "out": [[["seq2", 2, 0, {}]]],
}


def test_nested_models_write_keras2_node_indices(tmp_path):
    model, x = _nested_models()
    path = str(tmp_path / "m.h5")
    model.save(path)
    model_config, _ = _read_configs(path)
    assert _nodes(model_config) == _KERAS2_NESTED_NODES
    assert model_config["config"]["output_layers"] == [["out", 0, 0]]
    loaded = saving.load_model(path)
    assert_same(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


@pytest.mark.parametrize("shift", [1, 0])
def test_nested_model_keras2_node_indices_load(tmp_path, shift):
    """Configs numbering a nested model's calls from 1 (Keras 2) load, and
    so do those kerax wrote before it did (from 0)."""
    model, x = _nested_models()
    path = str(tmp_path / "m.h5")
    model.save(path)
    with h5py.File(path, "r+") as f:
        config = json.loads(f.attrs["model_config"])
        for entry in config["config"]["layers"]:
            for node in entry["inbound_nodes"]:
                for history in node:
                    if history[0] in ("inner", "seq", "seq2"):
                        history[1] -= 1 - shift
        f.attrs["model_config"] = json.dumps(config)
    loaded = saving.load_model(path)
    assert_same(loaded.predict(x, verbose=0), model.predict(x, verbose=0))


def test_tf_keras_loads_kerax_nested_h5(tmp_path):
    tf_keras = pytest.importorskip("tf_keras")
    model, x = _nested_models()
    path = str(tmp_path / "m.h5")
    model.save(path)
    loaded = tf_keras.models.load_model(path)
    assert_same(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
