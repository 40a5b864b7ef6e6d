import os

import numpy as np
import pytest
from compile_cache import module_compile_cache  # noqa: F401
from resume_fixtures import FIT, Recorder, X, Y
from resume_fixtures import model_state as _state
from resume_fixtures import resumable_model as _model

import kerax
from kerax import callbacks
from kerax.callbacks import backup_file

# Every test builds the same model (a reference, a killed and a resumed
# run): its programs compile once.
pytestmark = pytest.mark.usefixtures("module_compile_cache")


@pytest.fixture(scope="module")
def reference():
    """State and history of an uninterrupted, shuffled run."""
    model = _model()
    history = model.fit(X, Y, callbacks=[Recorder()], **FIT)
    return _state(model), history.history


def _assert_same_state(model, reference):
    state, _ = reference
    for got, want in zip(_state(model), state, strict=True):
        np.testing.assert_array_equal(got, want)


def test_resumes_at_the_exact_step(tmp_path, reference):
    backup_dir = tmp_path / "backup"
    with pytest.raises(KeyboardInterrupt):
        _model().fit(X, Y, callbacks=[
            callbacks.BackupAndRestore(backup_dir, save_freq=4),
            Recorder(stop_at=(1, 3))], **FIT)
    saved = backup_file.read(backup_dir / "latest.weights.h5")
    assert (saved["epoch"], saved["step"]) == (1, 2)  # the 8th step
    assert sorted(saved["order"][:22]) == list(range(22))  # shuffled rows

    model, backup = _model(), callbacks.BackupAndRestore(backup_dir)
    recorder = Recorder()
    history = model.fit(X, Y, callbacks=[backup, recorder], **FIT)
    assert (backup._resume_epoch, backup._resume_step) == (1, 2)
    assert model._initial_epoch == 1
    assert recorder.seen[0] == (1, 2)  # the done steps are skipped
    _assert_same_state(model, reference)
    # The resumed epoch's logs include the steps run before the kill.
    assert history.history["loss"] == reference[1]["loss"][1:]
    assert not backup_dir.exists()  # deleted after a complete fit


def test_backup_at_the_last_step_of_an_epoch(tmp_path, reference):
    backup_dir = tmp_path / "backup"
    with pytest.raises(KeyboardInterrupt):
        _model().fit(X, Y, callbacks=[
            callbacks.BackupAndRestore(backup_dir, save_freq=6),
            Recorder(stop_at=(1, 0))], **FIT)
    saved = backup_file.read(backup_dir / "latest.weights.h5")
    assert (saved["epoch"], saved["step"]) == (0, 6)
    model = _model()
    history = model.fit(X, Y, callbacks=[
        callbacks.BackupAndRestore(backup_dir)], **FIT)
    _assert_same_state(model, reference)
    assert history.history["loss"] == reference[1]["loss"]


def test_epoch_backups_and_keep_checkpoint(tmp_path, reference):
    backup_dir = tmp_path / "b"
    backup_dir.mkdir()
    # What a write killed before its renames leaves: removed at the start.
    (backup_dir / ".kerax-backup-tmp.weights.h5").write_text("partial")
    (backup_dir / ".kerax-tmp-latest.weights.h5.x1y2").write_text("")
    backup = callbacks.BackupAndRestore(backup_dir, delete_checkpoint=False)
    model = _model()
    model.fit(X, Y, callbacks=[backup, Recorder()], **FIT)
    assert backup._resume_epoch is None
    assert os.listdir(backup_dir) == ["latest.weights.h5"]
    saved = backup_file.read(backup_dir / "latest.weights.h5")
    assert (saved["epoch"], saved["step"], saved["order"]) == (3, 0, None)
    # The backup is also an ordinary weights file.
    other = _model()
    other.load_weights(backup_dir / "latest.weights.h5")
    for got, want in zip(other.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(got, want)
    # A later fit with the finished backup has nothing left to run.
    recorder = Recorder()
    _model().fit(X, Y, callbacks=[backup, recorder], **FIT)
    assert backup._resume_epoch == 3 and recorder.seen == []


def test_fused_steps_stop_at_each_backup(tmp_path):
    model = _model()
    model.compile(optimizer="adam", loss="mse", steps_per_execution=4)
    recorder = Recorder()
    backup = callbacks.BackupAndRestore(tmp_path / "b", save_freq=3,
                                        delete_checkpoint=False)
    model.fit(X, Y, callbacks=[backup, recorder], batch_size=2, epochs=1,
              verbose=0)
    # Calls of up to 4 of the 11 steps, cut so that every 3rd step ends one.
    assert recorder.seen == [(0, 2), (0, 5), (0, 8), (0, 10)]
    saved = backup_file.read(tmp_path / "b" / "latest.weights.h5")
    assert (saved["epoch"], saved["step"]) == (0, 9)


def test_double_checkpoint_falls_back_when_latest_is_unreadable(tmp_path):
    backup_dir = tmp_path / "b"
    with pytest.raises(KeyboardInterrupt):
        _model().fit(X, Y, callbacks=[
            callbacks.BackupAndRestore(backup_dir, double_checkpoint=True),
            Recorder(stop_at=(2, 0))], **FIT)
    assert sorted(os.listdir(backup_dir)) == [
        "latest.weights.h5", "latest.weights.h5.bkp"]
    (backup_dir / "latest.weights.h5").write_text("corrupt")
    backup, recorder = callbacks.BackupAndRestore(backup_dir), Recorder()
    _model().fit(X, Y, callbacks=[backup, recorder], **FIT)
    assert backup._resume_epoch == 1  # the previous backup's epoch
    assert recorder.seen[0] == (1, 0)
    # Without a previous backup, the error reaches the user.
    backup_dir.mkdir()
    (backup_dir / "latest.weights.h5").write_text("corrupt")
    with pytest.raises(OSError):
        _model().fit(X, Y, callbacks=[backup], **FIT)


def test_backup_of_another_model_is_refused(tmp_path):
    backup_dir = tmp_path / "b"
    _model().fit(X, Y, callbacks=[callbacks.BackupAndRestore(
        backup_dir, delete_checkpoint=False)], batch_size=11, epochs=1,
        verbose=0)
    model = _model(units=5)
    before = _state(model)
    with pytest.raises(ValueError, match=r"shape \(3, 4\) .* \(3, 5\)"):
        model.fit(X, Y, callbacks=[callbacks.BackupAndRestore(backup_dir)],
                  **FIT)
    for got, want in zip(_state(model), before):
        np.testing.assert_array_equal(got, want)  # nothing was assigned


def test_a_plain_weights_file_is_not_a_backup(tmp_path):
    backup_dir = tmp_path / "b"
    backup_dir.mkdir()
    model = _model()
    model.save_weights(backup_dir / "latest.weights.h5")
    with pytest.raises(ValueError, match="no training state"):
        model.fit(X, Y, callbacks=[callbacks.BackupAndRestore(backup_dir)],
                  **FIT)


def test_errors():
    with pytest.raises(ValueError, match="backup_dir=''"):
        callbacks.BackupAndRestore("")
    with pytest.raises(ValueError, match="save_freq=batch"):
        callbacks.BackupAndRestore("b", save_freq="batch")


class _Rows(kerax.utils.PyDataset):
    """X and Y in 6 batches, always in the same order."""

    def __len__(self):
        return 6

    def __getitem__(self, index):
        rows = slice(4 * index, 4 * index + 4)
        return X[rows], Y[rows]


def test_iterator_data_resumes_after_the_done_batches(tmp_path):
    reference = _model()
    reference.fit(_Rows(), epochs=2, verbose=0, callbacks=[Recorder()])
    backup_dir = tmp_path / "b"
    with pytest.raises(KeyboardInterrupt):
        _model().fit(_Rows(), epochs=2, verbose=0, callbacks=[
            callbacks.BackupAndRestore(backup_dir, save_freq=2),
            Recorder(stop_at=(1, 3))])
    model, recorder = _model(), Recorder()
    model.fit(_Rows(), epochs=2, verbose=0, callbacks=[
        callbacks.BackupAndRestore(backup_dir), recorder])
    assert recorder.seen == [(1, 4), (1, 5)]
    for got, want in zip(_state(model), _state(reference), strict=True):
        np.testing.assert_array_equal(got, want)
