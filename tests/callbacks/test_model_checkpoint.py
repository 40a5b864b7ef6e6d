import os

import pytest
from callback_fakes import run_fit

from kerax import callbacks

LOSSES = [{"loss": 1.0, "val_loss": v} for v in (0.5, 0.25, 0.75, 0.125)]


def _names(model):
    return [(method, os.path.basename(path)) for method, path in model.saved]


def test_every_epoch_with_formatted_names(model, tmp_path):
    pattern = str(tmp_path / "sub" / "model.{epoch:02d}-{val_loss:.2f}.keras")
    run_fit(model, [callbacks.ModelCheckpoint(pattern)], LOSSES)
    assert _names(model) == [
        ("save", "model.01-0.50.keras"),
        ("save", "model.02-0.25.keras"),
        ("save", "model.03-0.75.keras"),
        ("save", "model.04-0.12.keras"),
    ]
    assert min(os.listdir(tmp_path / "sub")) == "model.01-0.50.keras"


def test_keras2_paths_are_accepted(model, tmp_path):
    hdf5 = str(tmp_path / "weights.{epoch:02d}.hdf5")
    h5 = str(tmp_path / "w.h5")
    run_fit(model, [callbacks.ModelCheckpoint(hdf5),
                    callbacks.ModelCheckpoint(h5, save_weights_only=True)],
            LOSSES[:2])
    assert _names(model) == [
        ("save", "weights.01.hdf5"), ("save_weights", "w.h5"),
        ("save", "weights.02.hdf5"), ("save_weights", "w.h5"),
    ]


def test_save_best_only_messages(model, tmp_path, capsys):
    path = str(tmp_path / "best.weights.h5")
    checkpoint = callbacks.ModelCheckpoint(
        path, save_best_only=True, save_weights_only=True, verbose=1
    )
    run_fit(model, [checkpoint], LOSSES)
    assert len(model.saved) == 3  # epochs 1, 2 and 4 improve
    assert checkpoint.best == 0.125
    out = capsys.readouterr().out
    assert out.startswith(
        f"\nEpoch 1: val_loss improved from None to 0.50000, saving model "
        f"to {path}\n\nEpoch 1: finished saving model to {path}\n"
    )
    assert "\nEpoch 3: val_loss did not improve from 0.25000\n" in out


def test_max_mode_and_initial_value_threshold(model, tmp_path):
    logs = [{"val_accuracy": v} for v in (0.5, 0.7, 0.6, 0.9)]
    checkpoint = callbacks.ModelCheckpoint(
        str(tmp_path / "m.keras"), monitor="val_accuracy",
        save_best_only=True, initial_value_threshold=0.65,
    )
    run_fit(model, [checkpoint], logs)  # auto: accuracy is maximised
    assert len(model.saved) == 2 and checkpoint.best == pytest.approx(0.9)


def test_save_freq_in_batches(model, tmp_path):
    pattern = str(tmp_path / "m-{epoch}-{batch}.keras")
    checkpoint = callbacks.ModelCheckpoint(pattern, save_freq=2)
    run_fit(model, [checkpoint], LOSSES[:2], steps=3)
    # 6 batches in all: saved after the 2nd, 4th and 6th.
    assert _names(model) == [
        ("save", "m-1-2.keras"), ("save", "m-2-1.keras"),
        ("save", "m-2-3.keras"),
    ]


def test_save_freq_with_steps_skipped(model, tmp_path):
    # With several steps per call the trainer reports only the last batch.
    checkpoint = callbacks.ModelCheckpoint(
        str(tmp_path / "m-{batch}.keras"), save_freq=4
    )
    checkpoint.set_model(model)
    checkpoint.on_epoch_begin(0)
    for batch in (2, 5, 8, 11):
        checkpoint.on_train_batch_end(batch, {})
    assert _names(model) == [("save", "m-6.keras"), ("save", "m-12.keras")]


def test_keras2_period(model, tmp_path):
    checkpoint = callbacks.ModelCheckpoint(
        str(tmp_path / "m{epoch}.h5"), period=2
    )
    run_fit(model, [checkpoint], LOSSES)
    assert _names(model) == [("save", "m2.h5"), ("save", "m4.h5")]


def test_errors(model, tmp_path):
    with pytest.raises(ValueError, match="save_freq: often"):
        callbacks.ModelCheckpoint("m.keras", save_freq="often")
    with pytest.raises(ValueError, match="period=0"):
        callbacks.ModelCheckpoint("m.keras", period=0)
    checkpoint = callbacks.ModelCheckpoint(str(tmp_path / "{acc}.keras"))
    with pytest.raises(KeyError, match="Failed to format"):
        run_fit(model, [checkpoint], LOSSES[:1])
    (tmp_path / "folder.keras").mkdir()
    checkpoint = callbacks.ModelCheckpoint(str(tmp_path / "folder.keras"))
    with pytest.raises(IOError, match="non-directory filepath"):
        run_fit(model, [checkpoint], LOSSES[:1])
    checkpoint = callbacks.ModelCheckpoint(
        str(tmp_path / "m.keras"), monitor="acc_missing", save_best_only=True
    )
    with pytest.warns(UserWarning, match="only with acc_missing available"):
        run_fit(model, [checkpoint], LOSSES[:1])


@pytest.mark.parametrize("path, weights_only", [
    ("w.txt", False), ("w", False), ("w.weights.json", False),
    ("w.keras", True), ("w.txt", True), ("w.{epoch}", True)])
def test_filepath_extension_is_checked_when_created(path, weights_only):
    # Keras 3 refuses these when the callback is made too; kerax also
    # accepts Keras 2's `.h5`/`.hdf5` and sharded `.weights.json`.
    with pytest.raises(ValueError, match=f"Received: filepath={path}"):
        callbacks.ModelCheckpoint(path, save_weights_only=weights_only)


@pytest.mark.parametrize("path, weights_only", [
    ("m.keras", False), ("m.{epoch:02d}.h5", False), ("M.HDF5", False),
    ("w.weights.h5", True), ("w.weights.json", True), ("w.h5", True)])
def test_filepath_extensions_accepted(path, weights_only):
    callbacks.ModelCheckpoint(path, save_weights_only=weights_only)
