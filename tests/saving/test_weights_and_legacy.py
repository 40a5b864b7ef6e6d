"""`.weights.h5`, sharded weights, and Keras 2 `.h5` (weights and models),
including files laid out by hand as Keras 2.3 wrote them."""

import json

import h5py
import numpy as np
import pytest

import kerax
from kerax import saving
from kerax.saving import legacy_h5
from tests.saving.conftest import assert_same, mlp, mlp_data


def test_sharded_weights_round_trip(tmp_path, rng):
    x, y = mlp_data(rng)
    model = mlp(kerax)
    model.train_on_batch(x, y)
    path = str(tmp_path / "s.weights.json")
    model.save_weights(path, max_shard_size=0.0000002)
    shards = sorted(p.name for p in tmp_path.glob("s_*.weights.h5"))
    assert len(shards) > 1
    fresh = mlp(kerax)
    fresh.load_weights(path)
    assert_same(fresh.predict(x, verbose=0), model.predict(x, verbose=0))
    assert int(fresh.optimizer.iterations.numpy()) == 1


def test_skip_mismatch_and_errors(tmp_path, rng):
    model = mlp(kerax, compile=False)
    model.save_weights(str(tmp_path / "a.weights.h5"))
    other = kerax.Sequential([kerax.Input((4,)), kerax.layers.Dense(8),
                              kerax.layers.Dense(5)])
    with pytest.raises(saving.SavingError, match="shape"):
        other.load_weights(str(tmp_path / "a.weights.h5"))
    with pytest.warns(UserWarning, match="Skipped"):
        other.load_weights(str(tmp_path / "a.weights.h5"), skip_mismatch=True)
    assert_same(other.layers[0].get_weights(), model.layers[0].get_weights())
    with pytest.raises(saving.SavingError, match="weights.h5"):
        model.save_weights(str(tmp_path / "w.txt"))


def test_keras2_weights_h5_by_name_and_checkpoint(tmp_path, rng):
    x, y = mlp_data(rng)
    model = mlp(kerax)
    checkpoint = kerax.callbacks.ModelCheckpoint(
        str(tmp_path / "weights.{epoch:02d}.hdf5"), save_weights_only=True)
    model.fit(x, y, epochs=2, verbose=0, callbacks=[checkpoint])
    path = tmp_path / "weights.02.hdf5"
    with h5py.File(path, "r") as h5:
        assert "layer_names" in h5.attrs
        names = legacy_h5.read_attribute_list(h5, "layer_names")
        assert legacy_h5.read_attribute_list(h5[names[0]], "weight_names")[
            0].endswith("kernel:0")
    fresh = mlp(kerax)
    fresh.load_weights(str(path))
    assert_same(fresh.predict(x, verbose=0), model.predict(x, verbose=0))
    renamed = kerax.Sequential([kerax.Input((4,)),
                                kerax.layers.Dense(8, name=names[0])])
    renamed.load_weights(str(path), by_name=True)
    assert_same(renamed.layers[0].get_weights(),
                model.layers[0].get_weights())


def test_chunked_and_str_attributes(tmp_path):
    long_names = [f"layer_{'x' * 300}_{i}" for i in range(400)]
    with h5py.File(tmp_path / "c.h5", "w") as h5:
        legacy_h5.write_attribute_list(h5, "layer_names", long_names)
        assert "layer_names0" in h5.attrs and "layer_names" not in h5.attrs
        h5.attrs["as_str"] = np.array(["a", "b"], dtype=object)
    with h5py.File(tmp_path / "c.h5", "r") as h5:
        assert legacy_h5.read_attribute_list(h5, "layer_names") == long_names
        assert legacy_h5.read_attribute_list(h5, "as_str") == ["a", "b"]


def test_keras2_full_model_h5_round_trip(keras, tmp_path, rng):
    x, y = mlp_data(rng)
    model = mlp(kerax)
    model.fit(x, y, verbose=0, epochs=2)
    model.save(str(tmp_path / "m.h5"))
    loaded = saving.load_model(str(tmp_path / "m.h5"))
    before = loaded.predict(x, verbose=0)
    assert_same(before, model.predict(x, verbose=0))
    model.train_on_batch(x, y)
    loaded.train_on_batch(x, y)
    assert_same(loaded.get_weights(), model.get_weights())
    theirs = keras.saving.load_model(str(tmp_path / "m.h5"), compile=False)
    assert_same(theirs.predict(x, verbose=0), before)


# ---------------------------------------------------- Keras 2.3 layout helper
def _write_keras23(path, model_config, layers, training_config=None,
                   str_attrs=False):
    """Writes a full-model .h5 as Keras 2.3 did. `layers`: list of
    (layer name, [(weight name, array)])."""
    enc = (lambda s: s) if str_attrs else (lambda s: s.encode("utf8"))
    with h5py.File(path, "w") as f:
        f.attrs["keras_version"] = enc("2.3.1")
        f.attrs["backend"] = enc("tensorflow")
        f.attrs["model_config"] = enc(json.dumps(model_config))
        if training_config is not None:
            f.attrs["training_config"] = enc(json.dumps(training_config))
        group = f.create_group("model_weights")
        group.attrs["layer_names"] = np.array([enc(n) for n, _ in layers],
                                              dtype=object if str_attrs
                                              else "S")
        group.attrs["backend"] = enc("tensorflow")
        group.attrs["keras_version"] = enc("2.3.1")
        for name, weights in layers:
            layer_group = group.create_group(name)
            layer_group.attrs["weight_names"] = np.array(
                [enc(w) for w, _ in weights],
                dtype=object if str_attrs else "S")
            for weight_name, value in weights:
                layer_group.create_dataset(weight_name, data=value)


def _dense_config(name, units, activation, **extra):
    config = {"name": name, "trainable": True, "dtype": "float32",
              "units": units, "activation": activation, "use_bias": True,
              "kernel_initializer": {"class_name": "VarianceScaling",
                                     "config": {"scale": 1.0,
                                                "mode": "fan_avg",
                                                "distribution": "uniform",
                                                "seed": None}},
              "bias_initializer": {"class_name": "Zeros", "config": {}},
              "kernel_regularizer": None, "bias_regularizer": None,
              "activity_regularizer": None, "kernel_constraint": None,
              "bias_constraint": None}
    config.update(extra)
    return {"class_name": "Dense", "config": config}


@pytest.mark.parametrize("str_attrs", [False, True])
def test_keras23_sequential_file(tmp_path, rng, str_attrs):
    k1 = rng.normal(size=(4, 5)).astype("float32")
    b1 = rng.normal(size=(5,)).astype("float32")
    k2 = rng.normal(size=(5, 2)).astype("float32")
    b2 = rng.normal(size=(2,)).astype("float32")
    config = {"class_name": "Sequential", "config": {
        "name": "sequential_1", "layers": [
            _dense_config("dense_1", 5, "hard_sigmoid",
                          batch_input_shape=[None, 4]),
            _dense_config("dense_2", 2, "linear")]}}
    training = {"optimizer_config": {"class_name": "Adam", "config": {
        "lr": 0.01, "beta_1": 0.9, "beta_2": 0.999, "decay": 0.0,
        "amsgrad": False}}, "loss": "mean_squared_error",
        "metrics": ["mae"], "loss_weights": None,
        "sample_weight_mode": None}
    path = str(tmp_path / "k23.h5")
    _write_keras23(path, config, [
        ("dense_1", [("dense_1/kernel:0", k1), ("dense_1/bias:0", b1)]),
        ("dense_2", [("dense_2/kernel:0", k2), ("dense_2/bias:0", b2)])],
        training, str_attrs)
    model = saving.load_model(path)
    x = rng.normal(size=(6, 4)).astype("float32")
    hidden = np.clip(0.2 * (x @ k1 + b1) + 0.5, 0.0, 1.0)  # Keras 2 formula
    assert_same(model.predict(x, verbose=0), hidden @ k2 + b2)
    assert model.input_shape == (None, 4)
    assert float(model.optimizer.learning_rate.numpy()) == pytest.approx(0.01)


def test_keras23_functional_file(tmp_path, rng):
    k = rng.normal(size=(3, 2)).astype("float32")
    b = np.zeros(2, "float32")
    config = {"class_name": "Model", "config": {
        "name": "model_1",
        "layers": [
            {"name": "input_1", "class_name": "InputLayer",
             "config": {"batch_input_shape": [None, 3], "dtype": "float32",
                        "sparse": False, "name": "input_1"},
             "inbound_nodes": []},
            dict(_dense_config("dense_1", 2, "relu"), name="dense_1",
                 inbound_nodes=[[["input_1", 0, 0, {}]]]),
        ],
        "input_layers": [["input_1", 0, 0]],
        "output_layers": [["dense_1", 0, 0]]}}
    path = str(tmp_path / "f23.h5")
    _write_keras23(path, config, [
        ("input_1", []),
        ("dense_1", [("dense_1/kernel:0", k), ("dense_1/bias:0", b)])])
    model = saving.load_model(path)
    x = rng.normal(size=(5, 3)).astype("float32")
    assert_same(model.predict(x, verbose=0), np.maximum(x @ k + b, 0))
    with pytest.raises(saving.FileFormatError, match="load_weights"):
        legacy_weights = str(tmp_path / "w.h5")
        model.save_weights(legacy_weights)
        saving.load_model(legacy_weights)
