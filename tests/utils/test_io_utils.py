import io

import h5py
import numpy as np
import pytest

from kerax.utils.io_utils import (
    H5Dict,
    HDF5Matrix,
    ask_to_proceed_with_overwrite,
    load_from_binary_h5py,
    save_to_binary_h5py,
)


@pytest.fixture
def h5_path(tmp_path):
    path = str(tmp_path / "data.h5")
    with h5py.File(path, "w") as f:
        f["x"] = np.arange(20, dtype="float32").reshape(10, 2)
    yield path
    HDF5Matrix.refs.pop(path).close()


def test_hdf5_matrix_indexes_like_numpy(h5_path):
    full = np.arange(20, dtype="float32").reshape(10, 2)[2:8] / 2
    m = HDF5Matrix(h5_path, "x", start=2, end=8, normalizer=lambda v: v / 2)
    assert len(m) == 6 and m.shape == (6, 2) and m.ndim == 2 and m.size == 12
    np.testing.assert_array_equal(m[0], full[0])
    np.testing.assert_array_equal(m[-1], full[-1])
    np.testing.assert_array_equal(m[1:4], full[1:4])
    np.testing.assert_array_equal(m[[4, 1]], full[[4, 1]])
    with pytest.raises(IndexError):
        m[6]


def test_h5dict_stores_arrays_attrs_and_groups(tmp_path):
    path = str(tmp_path / "d.h5")
    d = H5Dict(path, "w")
    d["weights"] = np.ones(3)
    d["name"] = "net"
    d["group"]["depth"] = 2
    d.close()
    d = H5Dict(path, "r")
    np.testing.assert_array_equal(d["weights"], np.ones(3))
    assert d["name"] == "net" and d["group"]["depth"] == 2
    assert "weights" in d and d.get("missing", 7) == 7
    d.close()
    memory = H5Dict({})
    memory["a"]["b"] = 1
    assert memory["a"]["b"] == 1


def test_binary_h5_round_trip():
    stream = io.BytesIO()
    save_to_binary_h5py(lambda f: f.create_dataset("v", data=[3, 4]), stream)
    stream.seek(0)
    assert load_from_binary_h5py(lambda f: f["v"][()].tolist(),
                                 stream) == [3, 4]


def test_ask_to_proceed(monkeypatch):
    answers = iter(["maybe", "y"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    assert ask_to_proceed_with_overwrite("f.h5") is True
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert ask_to_proceed_with_overwrite("f.h5") is False
