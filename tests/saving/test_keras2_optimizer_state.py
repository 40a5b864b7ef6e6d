"""Keras 2 optimizer state (`optimizer_weights`) in full-model `.h5` files:
kerax restores it on `load_model(compile=True)` so training resumes, and
writes it in Keras 2.3's layout.

The files are written by a helper that follows Keras 2.3's
`keras/engine/saving.py` (`_serialize_model`): `optimizer_weights` with a
`weight_names` attribute, datasets named by the variables, in
`optimizer.weights` order (Adam: `[iterations] + ms + vs + vhats`); and
as tf_keras 2.11+ writes them (`iteration:0` + interleaved slots)."""

import h5py
import numpy as np
import pytest

import kerax
from kerax import saving
from kerax.saving import legacy_h5
from tests.saving.conftest import assert_same
from tests.saving.test_weights_and_legacy import _dense_config, _write_keras23


def _write_optimizer_weights(path, entries, str_attrs=False):
    """Appends Keras 2.3's `optimizer_weights`: `entries` is
    `[(variable name, array)]` in `optimizer.weights` order."""
    with h5py.File(path, "a") as f:
        group = f.create_group("optimizer_weights")
        names = [n if str_attrs else n.encode("utf8") for n, _ in entries]
        group.attrs["weight_names"] = np.array(
            names, dtype=object if str_attrs else "S")
        for name, value in entries:
            group[name] = value


def _mlp_file(path, rng, optimizer_config):
    params = [rng.normal(size=(4, 3)), rng.normal(size=(3,)),
              rng.normal(size=(3, 2)), rng.normal(size=(2,))]
    params = [p.astype("float32") for p in params]
    config = {"class_name": "Sequential", "config": {
        "name": "sequential_1", "layers": [
            _dense_config("dense_1", 3, "linear",
                          batch_input_shape=[None, 4]),
            _dense_config("dense_2", 2, "linear")]}}
    training = {"optimizer_config": optimizer_config,
                "loss": "mean_squared_error", "metrics": [],
                "loss_weights": None, "sample_weight_mode": None}
    _write_keras23(path, config, [
        ("dense_1", [("dense_1/kernel:0", params[0]),
                     ("dense_1/bias:0", params[1])]),
        ("dense_2", [("dense_2/kernel:0", params[2]),
                     ("dense_2/bias:0", params[3])])], training)
    return params


def _grads(params, x, y):
    """Gradients of Keras's mean squared error for the linear MLP."""
    k1, b1, k2, b2 = [p.astype("float64") for p in params]
    hidden = x @ k1 + b1
    out = hidden @ k2 + b2
    d_out = 2.0 * (out - y) / out.size
    d_hidden = d_out @ k2.T
    return [x.T @ d_hidden, d_hidden.sum(0), hidden.T @ d_out, d_out.sum(0)]


def _data(rng):
    return (rng.normal(size=(6, 4)).astype("float32"),
            rng.normal(size=(6, 2)).astype("float32"))


ADAM = {"class_name": "Adam", "config": {
    "learning_rate": 0.01, "beta_1": 0.9, "beta_2": 0.999, "decay": 0.0,
    "epsilon": 1e-07, "amsgrad": False}}


# tf_keras 2.11+ (measured on tf_keras 2.21): `iteration:0`, then the
# slots interleaved per weight, and a "Custom>Adam" optimizer config.
TF_KERAS_ADAM = {"class_name": "Custom>Adam", "config": {
    "name": "Adam", "weight_decay": None, "clipnorm": None,
    "global_clipnorm": None, "clipvalue": None, "use_ema": False,
    "ema_momentum": 0.99, "ema_overwrite_frequency": None,
    "jit_compile": False, "is_legacy_optimizer": False,
    "learning_rate": 0.01, "beta_1": 0.9, "beta_2": 0.999,
    "epsilon": 1e-07, "amsgrad": False}}
_WEIGHT_PATHS = ["dense_1/kernel", "dense_1/bias", "dense_2/kernel",
                 "dense_2/bias"]


def _adam_entries(layout, iterations, ms, vs):
    if layout == "keras23":
        return ([("Adam/iterations:0", np.array(iterations, "int64"))]
                + [(f"training/Adam/m_{i}:0", m) for i, m in enumerate(ms)]
                + [(f"training/Adam/v_{i}:0", v) for i, v in enumerate(vs)]
                + [(f"training/Adam/vhat_{i}:0", np.zeros(1, "float32"))
                   for i in range(len(ms))])
    entries = [("iteration:0", np.array(iterations, "int64"))]
    for path, m, v in zip(_WEIGHT_PATHS, ms, vs):
        entries += [(f"Adam/m/{path}:0", m), (f"Adam/v/{path}:0", v)]
    return entries


@pytest.mark.parametrize("layout", ["keras23", "tf_keras_2_11"])
def test_keras2_adam_state_resumes_training(tmp_path, rng, layout):
    path = str(tmp_path / "adam.h5")
    params = _mlp_file(path, rng,
                       ADAM if layout == "keras23" else TF_KERAS_ADAM)
    ms = [rng.normal(size=p.shape).astype("float32") * 0.1 for p in params]
    vs = [rng.uniform(0.01, 0.2, size=p.shape).astype("float32")
          for p in params]
    iterations = 7
    _write_optimizer_weights(path, _adam_entries(layout, iterations, ms, vs))
    model = saving.load_model(path)
    assert int(model.optimizer.iterations.numpy()) == iterations
    x, y = _data(rng)
    model.train_on_batch(x, y)

    # The same Adam step from the file's state, independently.
    t = iterations + 1
    lr_t = 0.01 * np.sqrt(1 - 0.999 ** t) / (1 - 0.9 ** t)
    expected = []
    for p, g, m, v in zip(params, _grads(params, x, y), ms, vs):
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        expected.append(p - lr_t * m / (np.sqrt(v) + 1e-7))
    assert_same(model.get_weights(), expected, atol=1e-6)
    assert int(model.optimizer.iterations.numpy()) == iterations + 1


def test_keras23_sgd_momentum_and_str_names(tmp_path, rng):
    path = str(tmp_path / "sgd.h5")
    config = {"class_name": "SGD", "config": {
        "learning_rate": 0.1, "momentum": 0.8, "decay": 0.0,
        "nesterov": False}}
    params = _mlp_file(path, rng, config)
    moments = [rng.normal(size=p.shape).astype("float32") for p in params]
    _write_optimizer_weights(path, [
        ("SGD/iterations:0", np.array(3, "int64"))]
        + [(f"training/SGD/moment_{i}:0", m)
           for i, m in enumerate(moments)], str_attrs=True)
    model = saving.load_model(path)
    x, y = _data(rng)
    model.train_on_batch(x, y)
    expected = [p + (0.8 * m - 0.1 * g) for p, g, m in
                zip(params, _grads(params, x, y), moments)]
    assert_same(model.get_weights(), expected, atol=1e-6)


def test_keras22_rmsprop_without_iterations(tmp_path, rng):
    path = str(tmp_path / "rms.h5")
    config = {"class_name": "RMSprop", "config": {
        "lr": 0.01, "rho": 0.9, "decay": 0.0, "epsilon": 1e-07}}
    params = _mlp_file(path, rng, config)
    accumulators = [rng.uniform(0.1, 1.0, size=p.shape).astype("float32")
                    for p in params]
    _write_optimizer_weights(path, [
        (f"training/RMSprop/Variable_{i}:0", a)
        for i, a in enumerate(accumulators)])
    model = saving.load_model(path)
    assert int(model.optimizer.iterations.numpy()) == 0
    slots = [np.asarray(v.numpy()) for v in model.optimizer.variables[2:]]
    assert_same(slots, accumulators)


def test_mismatched_optimizer_state_warns(tmp_path, rng):
    path = str(tmp_path / "bad.h5")
    _mlp_file(path, rng, ADAM)
    _write_optimizer_weights(path, [
        ("Adam/iterations:0", np.array(1, "int64")),
        ("training/Adam/m_0:0", np.zeros((5, 5), "float32"))])
    with pytest.warns(UserWarning, match="freshly initialized"):
        model = saving.load_model(path)
    assert int(model.optimizer.iterations.numpy()) == 0
    model = saving.load_model(path, compile=False)
    assert model.optimizer is None


def test_kerax_writes_keras23_optimizer_layout(tmp_path, rng):
    x, y = _data(rng)
    model = kerax.Sequential([kerax.Input((4,)), kerax.layers.Dense(3),
                              kerax.layers.Dense(2)])
    model.compile(optimizer=kerax.optimizers.Adam(0.01), loss="mse")
    model.fit(x, y, batch_size=3, epochs=1, verbose=0, shuffle=False)
    path = str(tmp_path / "m.h5")
    model.save(path)
    with h5py.File(path, "r") as f:
        group = f["optimizer_weights"]
        names = legacy_h5.read_attribute_list(group, "weight_names")
        values = [np.asarray(group[n][()]) for n in names]
    assert names == (["Adam/iterations:0"]
                     + [f"training/Adam/m_{i}:0" for i in range(4)]
                     + [f"training/Adam/v_{i}:0" for i in range(4)]
                     + [f"training/Adam/vhat_{i}:0" for i in range(4)])
    assert values[0] == 2 and values[0].dtype == np.int64
    shapes = [tuple(v.shape) for v in model.trainable_variables]
    assert [v.shape for v in values[1:9]] == shapes * 2
    assert all(v.shape == (1,) for v in values[9:])
    momentum = model.optimizer.variables[2]  # first kernel's momentum
    assert_same(values[1], momentum.numpy())
    loaded = saving.load_model(path)
    model.train_on_batch(x, y)
    loaded.train_on_batch(x, y)
    assert_same(loaded.get_weights(), model.get_weights())


def test_keras3_written_h5_optimizer_state_loads(keras, tmp_path, rng):
    x, y = _data(rng)
    theirs = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3),
                               keras.layers.Dense(2)])
    # (Keras 3.15 cannot recompile its own `.h5` with loss="mse".)
    theirs.compile(optimizer=keras.optimizers.Adam(0.01),
                   loss="mean_squared_error")
    theirs.fit(x, y, batch_size=3, epochs=1, verbose=0, shuffle=False)
    path = str(tmp_path / "k3.h5")
    theirs.save(path)
    ours = saving.load_model(path)
    theirs.train_on_batch(x, y)
    ours.train_on_batch(x, y)
    assert_same(ours.get_weights(), theirs.get_weights())
    # Keras 3 reads kerax's Keras 2 layout as a mismatch: it logs "Error in
    # loading the saved optimizer state" (keeping what it had assigned
    # before the mismatch), and the model loads.
    ours.save(str(tmp_path / "x.h5"))
    again = keras.saving.load_model(str(tmp_path / "x.h5"))
    assert_same(again.predict(x, verbose=0), ours.predict(x, verbose=0))
