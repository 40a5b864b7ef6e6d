"""No silent weight loss: a missing weights member or a file covering only
part of the model raises (unless partial loading was asked for), and a
failed load leaves the model's weights exactly as they were."""

import os
import warnings
import zipfile

import h5py
import numpy as np
import pytest

import kerax
from kerax import saving


def _model(units=(2, 4), fill=1.0):
    model = kerax.Sequential(
        [kerax.Input((3,))]
        + [kerax.layers.Dense(u, name=f"d{i}") for i, u in enumerate(units)])
    for layer in model.layers:
        layer.set_weights([np.full(w.shape, fill, "float32")
                           for w in layer.get_weights()])
    return model


def _weights(model):
    return [w.copy() for w in model.get_weights()]


def _same(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize("zipped", [True, False])
def test_keras_file_without_weights_member_raises(tmp_path, zipped):
    path = tmp_path / "m.keras"
    _model().save(str(path), zipped=zipped)
    if zipped:
        with zipfile.ZipFile(path) as archive:
            members = {n: archive.read(n) for n in archive.namelist()}
        del members["model.weights.h5"]
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)
    else:
        os.remove(path / "model.weights.h5")
    with pytest.raises(saving.FileFormatError, match="model.weights.h5"):
        saving.load_model(str(path))


def test_legacy_model_file_without_weights_group_raises(tmp_path):
    path = tmp_path / "m.h5"
    _model().save(str(path))
    with h5py.File(path, "a") as h5:
        del h5["model_weights"]
    with pytest.raises(saving.FileFormatError, match="model_weights"):
        saving.load_model(str(path))


def test_weights_file_covering_part_of_the_model(tmp_path):
    path = tmp_path / "small.weights.h5"
    _model(units=(2,), fill=7.0).save_weights(str(path))
    model = _model(fill=1.0)
    before = _weights(model)
    with pytest.raises(saving.SavingError, match="d1"):
        model.load_weights(str(path))
    _same(_weights(model), before)
    with pytest.warns(UserWarning, match="d1"):
        model.load_weights(str(path), skip_mismatch=True)
    np.testing.assert_array_equal(model.layers[0].kernel.numpy(), 7.0)
    np.testing.assert_array_equal(model.layers[1].kernel.numpy(), 1.0)


def test_keras_file_with_partial_weights_raises(tmp_path):
    small, big = tmp_path / "small.keras", tmp_path / "big.keras"
    _model(units=(2,)).save(str(small))
    _model().save(str(big))
    with zipfile.ZipFile(small) as archive:
        weights = archive.read("model.weights.h5")
    with zipfile.ZipFile(big) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members["model.weights.h5"] = weights
    with zipfile.ZipFile(big, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(saving.SavingError, match="d1"):
        saving.load_model(str(big))


@pytest.mark.parametrize("name", ["w.weights.h5", "w.h5"])
def test_failed_load_changes_nothing(tmp_path, name):
    """The first layer matches, the last does not: nothing is assigned."""
    path = tmp_path / name
    _model(units=(2, 5), fill=7.0).save_weights(str(path))
    model = _model(fill=1.0)
    before = _weights(model)
    with pytest.raises(saving.SavingError, match="shape"):
        model.load_weights(str(path))
    _same(_weights(model), before)


def test_legacy_by_name_loads_the_matching_layers(tmp_path):
    path = tmp_path / "w.h5"
    _model(units=(2,), fill=7.0).save_weights(str(path))
    model = _model(fill=1.0)
    with pytest.raises(saving.SavingError, match="layer count"):
        model.load_weights(str(path))
    model.load_weights(str(path), by_name=True)
    np.testing.assert_array_equal(model.layers[0].kernel.numpy(), 7.0)
    np.testing.assert_array_equal(model.layers[1].kernel.numpy(), 1.0)


def test_uncastable_values_raise_before_any_assignment(tmp_path):
    path = tmp_path / "w.weights.h5"
    _model(fill=7.0).save_weights(str(path))
    with h5py.File(path, "a") as h5:
        del h5["layers/dense_1/vars/1"]
        h5["layers/dense_1/vars/1"] = np.array([b"a", b"b", b"c", b"d"])
    model = _model(fill=1.0)
    before = _weights(model)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(saving.SavingError, match="dense_1/vars"):
            model.load_weights(str(path))
    _same(_weights(model), before)
