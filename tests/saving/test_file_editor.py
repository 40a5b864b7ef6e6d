"""`KerasFileEditor`: reads Keras's and kerax's files, edits them (rename,
delete, add objects and weights), compares with a model, and saves files
that both kerax and Keras load; never follows links out of the file."""

import h5py
import numpy as np
import pytest

import kerax
from kerax.saving import KerasFileEditor
from kerax.saving.errors import FileFormatError

X = np.linspace(-1, 1, 8, dtype="float32").reshape(2, 4)


def _model(lib, names, seed=0):
    layers = [lib.Input((4,))]
    layers += [lib.layers.Dense(3, name=name) for name in names]
    model = lib.Sequential(layers)
    rng = np.random.default_rng(seed)
    model.set_weights([rng.normal(size=w.shape).astype("float32")
                       for w in model.get_weights()])
    return model


def test_reads_keras_file_and_compares(keras, tmp_path, capsys):
    k_model = _model(keras, ["a", "b"])
    path = tmp_path / "k.keras"
    k_model.save(path)
    editor = KerasFileEditor(str(path))
    assert editor.config["class_name"] == "Sequential"
    assert editor.metadata["keras_version"] == keras.__version__
    dense = editor.weights_dict["layers"]["dense"]
    np.testing.assert_array_equal(dense["0"], k_model.layers[0].kernel)
    editor.summary()
    out = capsys.readouterr().out
    assert "dense_1 ('b')" in out and "shape=(3, 3)" in out
    same = _model(kerax, ["a", "b"])
    assert editor.compare(same) == {
        "status": "success", "error_count": 0, "match_count": 4}
    other = _model(kerax, ["a", "b", "c"])
    result = editor.compare(other)
    assert result["status"] == "error" and result["error_count"] == 1


def test_edit_then_both_load(keras, tmp_path):
    # A file of a 3-layer model, adapted to a 2-layer model whose second
    # layer is new, loaded by kerax and by Keras.
    old = _model(kerax, ["a", "b", "c"])
    path = tmp_path / "old.weights.h5"
    old.save_weights(path)
    editor = KerasFileEditor(path)
    editor.delete_object("layers/dense_1")
    editor.rename_object("dense_2", "dense_1")
    new_kernel = np.full((3, 3), 0.5, "float32")
    editor.delete_weight("dense_1", "0")
    editor.add_weights("dense_1", {"0": new_kernel})
    editor.add_object("layers/extra", {"0": np.ones(2, "float32")})
    editor.delete_object("extra")
    out = tmp_path / "new.weights.h5"
    editor.save(out)
    expected = [old.layers[0].kernel.numpy(), old.layers[0].bias.numpy(),
                new_kernel, old.layers[2].bias.numpy()]
    for lib in (kerax, keras):
        model = _model(lib, ["x", "y"], seed=1)
        model.load_weights(out)
        for got, want in zip(model.get_weights(), expected):
            np.testing.assert_array_equal(got, want)


def test_keras_archive_saved_again(keras, tmp_path):
    model = _model(kerax, ["a"])
    path = tmp_path / "m.keras"
    model.save(path)
    editor = KerasFileEditor(path)
    editor.add_weights("dense", {"1": np.zeros(3, "float32")})
    out = tmp_path / "edited.keras"
    editor.save(out)
    expected = X @ model.layers[0].kernel.numpy()
    for loader in (kerax.saving.load_model, keras.saving.load_model):
        np.testing.assert_allclose(
            loader(out).predict(X, verbose=0), expected, atol=1e-6)
    again = KerasFileEditor(out)
    assert again.config == editor.config
    np.testing.assert_array_equal(again.weights_dict["layers"]["dense"]["1"],
                                  np.zeros(3))


def test_errors_and_unsafe_files(tmp_path):
    model = _model(kerax, ["a", "b"])
    path = tmp_path / "m.weights.h5"
    model.save_weights(path)
    editor = KerasFileEditor(path)
    with pytest.raises(ValueError, match="occurs 2 times"):
        editor.delete_object("0")
    with pytest.raises(ValueError, match="does not appear"):
        editor.rename_object("nope", "x")
    with pytest.raises(ValueError, match="without '/'"):
        editor.rename_object("dense", "a/b")
    with pytest.raises(ValueError, match="must be a dict"):
        editor.add_weights("dense", [1])
    with pytest.raises(ValueError, match="Weight '7' not found"):
        editor.delete_weight("dense", "7")
    with pytest.raises(ValueError, match="not found"):
        editor.add_object("nowhere/x", {})
    with pytest.raises(ValueError, match="`.keras` file needs a model"):
        editor.save(tmp_path / "x.keras")
    with pytest.raises(ValueError, match="expected a `.keras`"):
        KerasFileEditor(tmp_path / "m.h5")
    secret = tmp_path / "secret.h5"
    with h5py.File(secret, "w") as f:
        f["data"] = np.ones(3)
    with h5py.File(path, "a") as f:
        f["layers/dense/vars"]["2"] = h5py.ExternalLink(str(secret), "data")
    with pytest.raises(FileFormatError, match="external link"):
        KerasFileEditor(path)
