"""A model compiled with `LossScaleOptimizer(inner)` moves between Keras 3
and kerax through `.keras` files with its whole optimizer state.

Keras 3.15 writes `optimizer/vars` as the wrapper's own `iteration`,
`learning_rate`, `step_counter`, `dynamic_scale`, then the inner
optimizer's variables (`iteration`, `learning_rate`, slots), and repeats
the inner optimizer's variables in `optimizer/inner_optimizer/vars`."""

import io
import zipfile

import h5py
import numpy as np

import kerax
from kerax import saving
from tests.saving.conftest import assert_same


def _model(lib):
    model = lib.Sequential([lib.Input((4,)), lib.layers.Dense(3),
                            lib.layers.Dense(2)])
    inner = lib.optimizers.Adam(0.01)
    model.compile(optimizer=lib.optimizers.LossScaleOptimizer(
        inner, dynamic_growth_steps=3), loss="mse")
    return model


def _data():
    rng = np.random.default_rng(3)
    return (rng.normal(size=(8, 4)).astype("float32"),
            rng.normal(size=(8, 2)).astype("float32"))


def _layout(path):
    """`{dataset: (shape, dtype kind)}` of the optimizer groups."""
    with zipfile.ZipFile(path) as archive:
        data = archive.read("model.weights.h5")
    found = {}
    with h5py.File(io.BytesIO(data), "r") as h5:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and name.startswith("optimizer"):
                found[name] = (obj.shape, obj.dtype.kind, obj[()])
        h5.visititems(visit)
    return found


def _state(model):
    return [np.asarray(v.numpy()) for v in model.optimizer.variables]


def test_keras_loss_scale_file_resumes_in_kerax(keras, tmp_path):
    x, y = _data()
    theirs = _model(keras)
    theirs.fit(x, y, batch_size=4, epochs=2, verbose=0, shuffle=False)
    path = str(tmp_path / "k.keras")
    theirs.save(path)
    ours = saving.load_model(path)
    assert type(ours.optimizer).__name__ == "LossScaleOptimizer"
    assert_same(_state(ours), _state(theirs))
    assert int(ours.optimizer.step_counter.numpy()) == 1  # 4 steps, grows at 3
    assert float(ours.optimizer.dynamic_scale.numpy()) == 2.0 ** 16
    theirs.train_on_batch(x, y)
    ours.train_on_batch(x, y)
    assert_same(ours.get_weights(), theirs.get_weights())
    assert_same(_state(ours), _state(theirs))


def test_kerax_loss_scale_file_resumes_in_keras(keras, tmp_path):
    x, y = _data()
    ours = _model(kerax)
    ours.fit(x, y, batch_size=4, epochs=2, verbose=0, shuffle=False)
    path = str(tmp_path / "x.keras")
    ours.save(path)
    theirs = keras.saving.load_model(path)
    assert type(theirs.optimizer).__name__ == "LossScaleOptimizer"
    assert_same(_state(theirs), _state(ours))
    ours.train_on_batch(x, y)
    theirs.train_on_batch(x, y)
    assert_same(theirs.get_weights(), ours.get_weights())
    assert_same(_state(theirs), _state(ours))


def test_loss_scale_layout_matches_keras(keras, tmp_path):
    x, y = _data()
    layouts = []
    for lib, name in ((keras, "k.keras"), (kerax, "x.keras")):
        model = _model(lib)
        model.fit(x, y, batch_size=4, epochs=1, verbose=0, shuffle=False)
        model.save(str(tmp_path / name))
        layouts.append(_layout(tmp_path / name))
    theirs, ours = layouts
    assert sorted(ours) == sorted(theirs)
    assert len([n for n in ours if n.startswith("optimizer/vars/")]) == 14
    assert len([n for n in ours if n.startswith(
        "optimizer/inner_optimizer/vars/")]) == 10
    for name in theirs:
        assert ours[name][:2] == theirs[name][:2], name
    # Own iteration stays 0; step_counter, dynamic_scale; inner iteration.
    for index in ("0", "2", "3", "4"):
        name = f"optimizer/vars/{index}"
        assert ours[name][2] == theirs[name][2], name
