"""Damaged, truncated, malicious or wrong-kind files: always a clear
`SavingError` (the documented type), in bounded time, never a crash."""

import io
import json
import time
import zipfile

import numpy as np
import pytest

import kerax
from kerax import saving


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(2)])
    model.compile("adam", "mse")
    model.train_on_batch(np.ones((2, 3), "float32"), np.ones((2, 2),
                                                           "float32"))
    paths = {
        "keras": root / "m.keras",
        "weights": root / "m.weights.h5",
        "legacy": root / "m.h5",
    }
    model.save(str(paths["keras"]))
    model.save_weights(str(paths["weights"]))
    model.save(str(paths["legacy"]))
    return model, paths


def _load(kind, path, model):
    if kind == "weights":
        model.load_weights(str(path))
    else:
        saving.load_model(str(path))


def _expect_clean(kind, path, model):
    start = time.time()
    try:
        _load(kind, path, model)
    except saving.SavingError as error:
        assert str(path) in str(error) or path.name in str(error)
    assert time.time() - start < 20


@pytest.mark.parametrize("kind", ["keras", "weights", "legacy"])
def test_byte_flips_and_truncations(files, kind, tmp_path):
    model, paths = files
    data = paths[kind].read_bytes()
    rng = np.random.default_rng(len(data))
    target = tmp_path / paths[kind].name
    for trial in range(12):
        damaged = bytearray(data)
        if trial % 3 == 0:
            damaged = damaged[: int(rng.integers(0, len(data)))]
        else:
            for position in rng.integers(0, len(data), size=8):
                damaged[position] ^= int(rng.integers(1, 256))
        target.write_bytes(bytes(damaged))
        _expect_clean(kind, target, model)
    target.write_bytes(b"")
    with pytest.raises(saving.SavingError):
        _load(kind, target, model)


def _zip(path, members):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def test_path_traversal_member_names(files, tmp_path):
    _, paths = files
    with zipfile.ZipFile(paths["keras"]) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    for evil in ("../evil.txt", "/abs/evil.txt", "a/../../evil.txt",
                 "C:/evil.txt"):
        path = tmp_path / "evil.keras"
        _zip(path, {**members, evil: b"x"})
        with pytest.raises(saving.FileFormatError, match="unsafe member"):
            saving.load_model(str(path))
    assert not (tmp_path.parent / "evil.txt").exists()


def _config_with_layer(files, layer):
    _, paths = files
    with zipfile.ZipFile(paths["keras"]) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    config = json.loads(members["config.json"])
    config["config"]["layers"][1] = layer
    members["config.json"] = json.dumps(config).encode()
    return members


@pytest.mark.parametrize("layer", [
    {"module": "os", "class_name": "system", "config": {"command": "true"}},
    {"module": "os", "class_name": "function", "config": "system",
     "registered_name": "function"},
    {"module": "evil_module_that_does_not_exist", "class_name": "Dense",
     "config": {"units": 2}},
    {"module": "keras.layers", "class_name": "Lambda", "config": {
        "function": {"class_name": "__lambda__", "config": {
            "code": "YQ==", "defaults": None, "closure": None}}}},
])
def test_malicious_configs(files, tmp_path, layer):
    path = tmp_path / "bad.keras"
    _zip(path, _config_with_layer(files, layer))
    with pytest.raises(saving.SavingError) as info:
        saving.load_model(str(path))
    assert "bad.keras" in str(info.value)


def test_wrong_kind_files(files, tmp_path):
    model, paths = files
    with pytest.raises(saving.FileFormatError, match="weights-only"):
        saving.load_model(str(paths["weights"]).replace(
            "m.weights.h5", "m.weights.h5"))  # Keras 3 weights, no config
    text = tmp_path / "notes.keras"
    text.write_text("hello")
    with pytest.raises(saving.FileFormatError, match="notes.keras"):
        saving.load_model(str(text))
    buffer = io.BytesIO()
    _zip(buffer, {"readme.txt": b"hi"})
    other = tmp_path / "other.keras"
    other.write_bytes(buffer.getvalue())
    with pytest.raises(saving.FileFormatError, match="config.json"):
        saving.load_model(str(other))
    with pytest.raises(FileNotFoundError):
        saving.load_model(str(tmp_path / "missing.keras"))
