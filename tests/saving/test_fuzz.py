"""Damaged, truncated, malicious or wrong-kind files: always a clear
`SavingError` (the documented type), in bounded time, never a crash."""

import concurrent.futures
import io
import json
import os
import warnings
import zipfile

import h5py
import numpy as np
import pytest

import kerax
from kerax import saving


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    model = kerax.Sequential([
        kerax.Input((3,)), kerax.layers.Dense(4),
        kerax.layers.BatchNormalization(), kerax.layers.Dense(2)])
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


def _zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _unzip(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


# ------------------------------------------------------------- mutators
# Each takes (rng, original bytes) and returns damaged bytes. Raw damage
# mostly trips the outer checks (zip CRCs, HDF5 signatures); structural
# damage (edited HDF5 objects and JSON) gets past them to the loaders.
_ODD_VALUES = [None, 0, -1, 1.5e308, "x", "../..", [], {}, True, [None],
               {"class_name": "Dense", "config": None}, "relu", 10 ** 30]


def _flip(rng, data):
    damaged = bytearray(data)
    for position in rng.integers(0, len(data), size=int(rng.integers(1, 17))):
        damaged[position] ^= int(rng.integers(1, 256))
    return bytes(damaged)


def _truncate(rng, data):
    return data[: int(rng.integers(0, len(data)))]


def _json_nodes(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _json_nodes(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_nodes(item, path + (index,))


def _mutate_json(rng, text):
    value = json.loads(text)
    nodes = [p for p in _json_nodes(value) if p]
    if not nodes:
        return json.dumps(_ODD_VALUES[int(rng.integers(len(_ODD_VALUES)))])
    path = nodes[int(rng.integers(len(nodes)))]
    parent = value
    for key in path[:-1]:
        parent = parent[key]
    if isinstance(parent, dict) and rng.random() < 0.3:
        del parent[path[-1]]
    else:
        parent[path[-1]] = _ODD_VALUES[int(rng.integers(len(_ODD_VALUES)))]
    return json.dumps(value)


def _mutate_h5(rng, data):
    """Edits one object or attribute of an HDF5 file (bytes)."""
    buffer = io.BytesIO(data)
    with h5py.File(buffer, "a") as h5:
        datasets, owners = [], []
        h5.visititems(lambda name, obj: (datasets if isinstance(
            obj, h5py.Dataset) else owners).append(name))
        texts = [(owner, key) for owner in [""] + owners
                 for key in h5[owner or "/"].attrs]
        action = int(rng.integers(7 if texts else 6))
        name = datasets[int(rng.integers(len(datasets)))]
        if action == 0:
            del h5[name]
        elif action == 1:
            del h5[name]
            shape = tuple(int(d) for d in rng.integers(0, 4, size=int(
                rng.integers(0, 3))))
            h5[name] = np.ones(shape, "float32")
        elif action == 2:
            del h5[name]
            h5[name] = np.array([b"a", b"bb"])
        elif action == 3:
            del h5[name]
            h5.create_group(name)
        elif action == 4:
            h5[name.rsplit("/", 1)[0] + "/99" if "/" in name else "99"] = (
                np.zeros(2, "float32"))
        elif action == 5:
            value = h5[name][()]
            del h5[name]
            h5[name] = np.asarray(value).astype("complex64") if rng.random(
            ) < 0.5 else np.asarray(value).astype("int8")
        else:
            owner, key = texts[int(rng.integers(len(texts)))]
            attrs = h5[owner or "/"].attrs
            current = attrs[key]
            if isinstance(current, (bytes, np.bytes_, str)) and (
                rng.random() < 0.7
            ):
                try:
                    text = bytes(current).decode() if not isinstance(
                        current, str) else current
                    attrs[key] = _mutate_json(rng, text).encode()
                except ValueError:
                    attrs[key] = b"\xff{"
            else:
                attrs[key] = [np.array([b"nope", b"x"]), np.int64(3),
                              b"{", np.zeros((2, 2))][int(rng.integers(4))]
    return buffer.getvalue()


def _member_damage(rng, data):
    """A `.keras` zip whose members are edited, dropped or added."""
    members = _unzip(data)
    choice = int(rng.integers(5))
    if choice == 0:
        members["model.weights.h5"] = _flip(rng, members["model.weights.h5"])
    elif choice == 1:
        members["model.weights.h5"] = _mutate_h5(
            rng, members["model.weights.h5"])
    elif choice == 2:
        members["config.json"] = _mutate_json(
            rng, members["config.json"].decode()).encode()
    elif choice == 3:
        members["metadata.json"] = _mutate_json(
            rng, members["metadata.json"].decode()).encode()
    else:
        del members[sorted(members)[int(rng.integers(len(members)))]]
    return _zip_bytes(members)


_MUTATORS = {
    "keras": [_flip, _truncate, _member_damage, _member_damage,
              _member_damage],
    "weights": [_flip, _truncate, _mutate_h5, _mutate_h5],
    "legacy": [_flip, _truncate, _mutate_h5, _mutate_h5, _mutate_h5],
}
_FILES_PER_KIND = int(os.environ.get("KERAX_FUZZ_FILES", "100"))
_SECONDS_PER_FILE = 10


def _variables(model):
    return list(model.variables) + list(model.optimizer.variables)


def _state(model):
    return [np.array(v.numpy()) for v in _variables(model)]


def _run_bounded(executor, fn, label):
    """`fn()`'s exception (or None), failing if it takes too long."""
    future = executor.submit(fn)
    try:
        future.result(timeout=_SECONDS_PER_FILE)
    except concurrent.futures.TimeoutError:
        pytest.fail(f"{label}: loading did not finish within "
                    f"{_SECONDS_PER_FILE} s")
    except BaseException as error:  # noqa: BLE001 - judged by the caller
        return error
    return None


@pytest.mark.parametrize("kind", ["keras", "weights", "legacy"])
def test_seeded_fuzz(files, kind, tmp_path):
    """Hundreds of damaged files: each load either succeeds or raises a
    `SavingError` naming the file, within a time limit, and a failed
    `load_weights` leaves every variable (optimizer slots too) as it
    was."""
    model, paths = files
    original = paths[kind].read_bytes()
    # The model differs from its files everywhere, so a load that assigns
    # part of a file before failing shows.
    for variable in _variables(model):
        variable.assign(np.asarray(variable.numpy()) + 1)
    expected = _state(model)
    rng = np.random.default_rng(int(os.environ.get("KERAX_FUZZ_SEED", "15")))
    mutators = _MUTATORS[kind]
    outcomes = {"loaded": 0, "refused": 0}
    target = tmp_path / paths[kind].name
    with concurrent.futures.ThreadPoolExecutor(1) as executor, \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")  # optimizer-mismatch notices
        for trial in range(_FILES_PER_KIND):
            mutator = mutators[trial % len(mutators)]
            target.write_bytes(mutator(rng, original))
            label = f"{kind} file {trial} ({mutator.__name__})"
            loaders = [("load_weights",
                        lambda: model.load_weights(str(target)))]
            if kind == "legacy":
                loaders.append(("load_weights(by_name=True)",
                                lambda: model.load_weights(str(target),
                                                           by_name=True)))
            else:
                loaders.append(("load_weights(skip_mismatch=True)",
                                lambda: model.load_weights(
                                    str(target), skip_mismatch=True)))
            if kind != "weights":
                loaders.append(("load_model",
                                lambda: saving.load_model(str(target))))
            for name, load in loaders:
                error = _run_bounded(executor, load, f"{label} {name}")
                if error is None:
                    outcomes["loaded"] += 1
                    for variable, value in zip(_variables(model), expected):
                        variable.assign(value)
                    continue
                outcomes["refused"] += 1
                assert isinstance(error, saving.SavingError), (
                    f"{label} {name}: {type(error).__name__}: {error}")
                assert target.name in str(error), (label, name, str(error))
                if name.startswith("load_weights"):
                    for before, after in zip(expected, _state(model)):
                        np.testing.assert_array_equal(
                            before, after, err_msg=f"{label}: changed")
    assert outcomes["refused"] > _FILES_PER_KIND // 2, outcomes
    target.write_bytes(b"")
    with pytest.raises(saving.SavingError):
        saving.load_model(str(target)) if kind != "weights" else (
            model.load_weights(str(target)))


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
    _, paths = files
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
