"""Lookup vocabularies in a `.keras` archive's `assets/`, as Keras 3 lays
them out: files written by real Keras load in kerax with Keras's outputs,
kerax writes the same members, bytes and weights layout, and (where
TensorFlow is installed, which Keras's lookup layers need) Keras loads
kerax's files with identical outputs.

The Keras-made files in `keras_files/` come from
`make_keras_lookup_files.py`."""

import io
import json
import pathlib
import shutil
import zipfile

import h5py
import numpy as np
import pytest

import kerax
from kerax import saving
from tests.saving.conftest import assert_same
from tests.saving.lookup_cases import (
    CASES,
    INT_QUERY,
    build_layer,
    int_model,
    query,
)

FILES = pathlib.Path(__file__).resolve().parent / "keras_files"
OUTPUTS = json.loads((FILES / "outputs.json").read_text())
_IGNORED_CONFIG_KEYS = {"shared_object_id"}


def _archive(path):
    """`{member: bytes}` of a `.keras` zip or directory."""
    path = pathlib.Path(path)
    if path.is_dir():
        return {str(p.relative_to(path)).replace("\\", "/"): p.read_bytes()
                for p in sorted(path.rglob("*")) if p.is_file()}
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def _h5_layout(data):
    """`{dataset path: array}` of a weights file's bytes."""
    found = {}
    with h5py.File(io.BytesIO(data), "r") as h5:
        h5.visititems(lambda name, obj: found.__setitem__(
            name, np.asarray(obj[()])) if isinstance(obj, h5py.Dataset)
            else None)
    return found


def _without(value, keys):
    if isinstance(value, dict):
        return {k: _without(v, keys) for k, v in value.items()
                if k not in keys}
    if isinstance(value, list):
        return [_without(v, keys) for v in value]
    return value


def _lookup_configs(config):
    """The lookup layers' configs in a saved config (the object itself,
    or a functional model's lookup layers)."""
    if "layers" not in config["config"]:
        return [config]
    return [{k: v for k, v in layer.items() if k != "inbound_nodes"}
            for layer in config["config"]["layers"]
            if "Lookup" in layer["class_name"]]


def _assert_same_archive(ours, theirs):
    assert sorted(n for n in ours if n != "metadata.json") == sorted(
        n for n in theirs if n != "metadata.json")
    for name in ours:
        if name.startswith("assets/"):
            assert ours[name] == theirs[name], name
    assert _without(_lookup_configs(json.loads(ours["config.json"])),
                    _IGNORED_CONFIG_KEYS) == _without(
        _lookup_configs(json.loads(theirs["config.json"])),
        _IGNORED_CONFIG_KEYS)
    our_h5 = _h5_layout(ours["model.weights.h5"])
    their_h5 = _h5_layout(theirs["model.weights.h5"])
    assert sorted(our_h5) == sorted(their_h5)
    for name in their_h5:
        np.testing.assert_allclose(our_h5[name], their_h5[name], rtol=1e-6)


# ----------------------------------------------------- Keras -> kerax
@pytest.mark.parametrize("case", sorted(CASES))
def test_keras_written_layer_loads_with_keras_outputs(case):
    layer = saving.load_model(str(FILES / f"{case}.keras"))
    assert type(layer).__name__ == CASES[case][0]
    assert_same(np.asarray(layer(query(case))), OUTPUTS[case], atol=1e-6)
    assert layer.get_vocabulary() == build_layer(kerax, case).get_vocabulary()


def test_keras_written_directory_loads():
    layer = saving.load_model(str(FILES / "text_vectorization_dir"))
    assert_same(np.asarray(layer(query("text_vectorization"))),
                OUTPUTS["text_vectorization"])


def test_keras_written_model_with_lookup_loads():
    model = saving.load_model(str(FILES / "int_lookup_model.keras"))
    x = np.array(INT_QUERY, "int32")
    assert_same(model.predict(x, verbose=0), OUTPUTS["int_lookup_model"])
    assert_same(model(x), OUTPUTS["int_lookup_model"])


# ------------------------------------------- kerax writes Keras's layout
@pytest.mark.parametrize("case", sorted(CASES))
def test_kerax_writes_the_keras_members(tmp_path, case):
    layer = build_layer(kerax, case)
    path = tmp_path / f"{case}.keras"
    saving.save_model(layer, str(path))
    _assert_same_archive(_archive(path), _archive(FILES / f"{case}.keras"))
    again = saving.load_model(str(path))
    assert_same(np.asarray(again(query(case))), OUTPUTS[case], atol=1e-6)


def test_kerax_model_with_lookup_writes_the_keras_members(tmp_path):
    theirs = _archive(FILES / "int_lookup_model.keras")
    model = int_model(kerax)
    model.load_weights(str(FILES / "int_lookup_model.keras"))
    model.save(str(tmp_path / "m.keras"))
    ours = _archive(tmp_path / "m.keras")
    assert [n for n in ours if n.startswith("assets/")] == [
        "assets/layers/integer_lookup/vocabulary.txt"]
    _assert_same_archive(ours, theirs)
    loaded = saving.load_model(str(tmp_path / "m.keras"))
    assert_same(loaded.predict(np.array(INT_QUERY, "int32"), verbose=0),
                OUTPUTS["int_lookup_model"])


def test_kerax_directory_form_round_trip(tmp_path):
    layer = build_layer(kerax, "text_vectorization")
    saving.save_model(layer, str(tmp_path / "tv"), zipped=False)
    ours = _archive(tmp_path / "tv")
    theirs = _archive(FILES / "text_vectorization_dir")
    _assert_same_archive(ours, theirs)
    again = saving.load_model(str(tmp_path / "tv"))
    assert_same(np.asarray(again(query("text_vectorization"))),
                OUTPUTS["text_vectorization"])


def test_given_vocabulary_stays_in_the_config(tmp_path):
    layer = kerax.layers.StringLookup(vocabulary=["x", "y"], name="given")
    saving.save_model(layer, str(tmp_path / "g.keras"))
    members = _archive(tmp_path / "g.keras")
    assert not [n for n in members if n.startswith("assets/")]
    config = json.loads(members["config.json"])["config"]
    assert config["vocabulary"] == ["x", "y"]
    again = saving.load_model(str(tmp_path / "g.keras"))
    assert np.asarray(again(np.array(["y", "x", "z"]))).tolist() == [2, 1, 0]


def test_missing_vocabulary_file_warns(tmp_path):
    # Keras 3.15 saving to a relative directory drops the assets: such a
    # file loads with a warning and an empty vocabulary, as in Keras.
    target = tmp_path / "no_assets"
    shutil.copytree(FILES / "text_vectorization_dir", target)
    shutil.rmtree(target / "assets")
    with pytest.warns(UserWarning, match="without its vocabulary"):
        layer = saving.load_model(str(target))
    assert layer.get_vocabulary() == ["", "[UNK]"]


def test_unsafe_or_broken_assets_are_clear_errors(tmp_path):
    source = _archive(FILES / "string_lookup.keras")
    broken = dict(source)
    broken["assets/vocabulary.txt"] = b"[UNK]\na\na"  # a repeated token
    path = tmp_path / "broken.keras"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in broken.items():
            archive.writestr(name, data)
    with pytest.raises(saving.FileFormatError, match="assets"):
        saving.load_model(str(path))
    evil = tmp_path / "evil.keras"
    with zipfile.ZipFile(evil, "w") as archive:
        for name, data in source.items():
            archive.writestr(name, data)
        archive.writestr("assets/../../escape.txt", b"x")
    with pytest.raises(saving.FileFormatError, match="unsafe"):
        saving.load_model(str(evil))


# -------------------------------------- kerax -> Keras (needs TensorFlow)
@pytest.fixture(scope="module")
def keras_tf(keras):
    pytest.importorskip("tensorflow")
    return keras


@pytest.mark.parametrize("case", sorted(CASES))
def test_kerax_written_layer_loads_in_keras(keras_tf, tmp_path, case):
    layer = build_layer(kerax, case)
    saving.save_model(layer, str(tmp_path / "x.keras"))
    theirs = keras_tf.saving.load_model(str(tmp_path / "x.keras"))
    assert_same(np.asarray(theirs(query(case))), np.asarray(
        layer(query(case))), atol=1e-6)
    saving.save_model(layer, str(tmp_path / "dir"), zipped=False)
    theirs = keras_tf.saving.load_model(str(tmp_path / "dir"))
    assert_same(np.asarray(theirs(query(case))), OUTPUTS[case], atol=1e-6)


def test_kerax_written_model_loads_in_keras(keras_tf, tmp_path):
    model = int_model(kerax)
    model.save(str(tmp_path / "m.keras"))
    theirs = keras_tf.saving.load_model(str(tmp_path / "m.keras"))
    x = np.array(INT_QUERY, "int32")
    assert_same(theirs.predict(x, verbose=0), model.predict(x, verbose=0))
