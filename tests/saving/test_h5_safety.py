"""HDF5 files never make kerax read other files: external raw storage,
external links and virtual datasets are refused before anything is read,
for every loader (Keras 3 weights, `.keras`, Keras 2 `.h5`)."""

import io
import os
import threading
import zipfile

import h5py
import numpy as np
import pytest

import kerax
from kerax import saving

SHAPE = (3, 2)  # the Dense kernel every variant replaces


def _model():
    model = kerax.Sequential([kerax.Input((3,)),
                              kerax.layers.Dense(2, name="dense")])
    model.layers[0].set_weights([np.full(SHAPE, 5.0, "float32"),
                                 np.zeros(2, "float32")])
    return model


def _kernel_path(h5):
    """The path of the Dense kernel dataset, whatever the layout."""
    found = []
    h5.visititems(lambda name, obj: found.append(name) if isinstance(
        obj, h5py.Dataset) and obj.shape == SHAPE else None)
    assert len(found) == 1, found
    return found[0]


def _plant(h5, secret, variant):
    """Replaces the kernel dataset of open file `h5` by a `variant` one
    whose bytes come from file `secret`."""
    name = _kernel_path(h5)
    nbytes = int(np.prod(SHAPE)) * 4
    del h5[name]
    if variant in ("external", "fifo"):
        h5.create_dataset(name, shape=SHAPE, dtype="float32",
                          external=[(secret, 0, nbytes)])
    elif variant == "extlink":
        with h5py.File(secret + ".h5", "w") as other:
            other.create_dataset("k", data=np.full(SHAPE, 9.0, "float32"))
        h5[name] = h5py.ExternalLink(secret + ".h5", "k")
    else:
        layout = h5py.VirtualLayout(shape=SHAPE, dtype="float32")
        layout[:] = h5py.VirtualSource(secret + ".h5", "k", shape=SHAPE)
        with h5py.File(secret + ".h5", "w") as other:
            other.create_dataset("k", data=np.full(SHAPE, 9.0, "float32"))
        h5.create_virtual_dataset(name, layout)
    return name


def _secret(tmp_path, variant):
    path = str(tmp_path / "secret.bin")
    if variant == "fifo":
        os.mkfifo(path)
    else:
        with open(path, "wb") as f:
            f.write(np.full(SHAPE, 9.0, "float32").tobytes())
    return path


def _crafted(tmp_path, kind, variant):
    """A saved file of `kind` whose kernel reads `secret` via `variant`."""
    secret = _secret(tmp_path, variant)
    model = _model()
    if kind == "keras":
        path = tmp_path / "m.keras"
        model.save(str(path))
        with zipfile.ZipFile(path) as archive:
            members = {n: archive.read(n) for n in archive.namelist()}
        buffer = io.BytesIO(members["model.weights.h5"])
        with h5py.File(buffer, "a") as h5:
            _plant(h5, secret, variant)
        members["model.weights.h5"] = buffer.getvalue()
        with zipfile.ZipFile(path, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        return path
    path = tmp_path / ("m.weights.h5" if kind == "weights" else "m.h5")
    if kind == "legacy-weights":
        path = tmp_path / "w.h5"
        model.save_weights(str(path))
    elif kind == "weights":
        model.save_weights(str(path))
    else:
        model.save(str(path))
    with h5py.File(path, "a") as h5:
        _plant(h5, secret, variant)
    return path


def _load(kind, path, by_name=False):
    if kind in ("keras", "legacy"):
        return saving.load_model(str(path))
    model = _model()
    model.load_weights(str(path), by_name=by_name)
    return model


CASES = [("weights", False), ("keras", False), ("legacy", False),
         ("legacy-weights", False), ("legacy-weights", True)]


@pytest.mark.parametrize("variant", ["external", "extlink", "virtual"])
@pytest.mark.parametrize("kind,by_name", CASES)
def test_reading_other_files_is_refused(tmp_path, kind, by_name, variant):
    path = _crafted(tmp_path, kind, variant)
    with pytest.raises(saving.FileFormatError) as info:
        _load(kind, path, by_name)
    message = str(info.value)
    assert ("dense" in message and "kernel" in message) or "/0'" in message
    assert {"external": "external file", "extlink": "external link",
            "virtual": "virtual dataset"}[variant] in message


@pytest.mark.parametrize("kind", ["weights", "keras", "legacy"])
def test_external_fifo_is_refused_without_blocking(tmp_path, kind):
    path = _crafted(tmp_path, kind, "fifo")
    outcome = []

    def load():
        try:
            _load(kind, path)
            outcome.append("loaded")
        except saving.FileFormatError as error:
            outcome.append(str(error))

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(30)
    if worker.is_alive():  # unblock the reader before failing
        fd = os.open(str(tmp_path / "secret.bin"),
                     os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        pytest.fail("loading blocked on the external FIFO")
    assert len(outcome) == 1 and "external file" in outcome[0]


def test_soft_links_inside_the_file_still_load(tmp_path):
    model = _model()
    path = tmp_path / "m.weights.h5"
    model.save_weights(str(path))
    with h5py.File(path, "a") as h5:
        name = _kernel_path(h5)
        h5["stash"] = h5[name][()]
        del h5[name]
        h5[name] = h5py.SoftLink("/stash")
    other = _model()
    other.layers[0].set_weights([np.zeros(SHAPE, "float32"),
                                 np.zeros(2, "float32")])
    other.load_weights(str(path))
    np.testing.assert_array_equal(other.layers[0].kernel.numpy(), 5.0)
