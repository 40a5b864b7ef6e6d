import json
import os

import numpy as np
import pytest
from callback_fakes import FakeModel
from callback_fakes import run_fit

from kerax import callbacks

LOGS = [{"loss": 1.0 / (i + 1)} for i in range(5)]


def test_interrupted_fit_resumes(tmp_path):
    backup_dir = tmp_path / "backup"
    model = FakeModel()
    start = model.get_weights()
    with pytest.raises(KeyboardInterrupt):
        run_fit(model, [callbacks.BackupAndRestore(backup_dir)], LOGS,
                steps=2, fail_at_epoch=3)
    metadata = json.loads((backup_dir / "training_metadata.json").read_text())
    assert metadata == {"epoch": 3, "batch": 0}

    fresh = FakeModel()
    backup = callbacks.BackupAndRestore(backup_dir)
    epochs = []
    run_fit(fresh, [backup, callbacks.LambdaCallback(
        on_epoch_begin=lambda epoch, logs: epochs.append(epoch))], LOGS,
        steps=2)
    assert backup._resume_epoch == 3 and fresh._initial_epoch == 3
    assert epochs == [3, 4]
    # Weights and optimizer step count were restored, then trained 2 more.
    np.testing.assert_allclose(fresh.get_weights()[0], start[0] + 5)
    assert fresh.optimizer.iterations == 10
    assert not backup_dir.exists()  # deleted after a complete fit


def test_nothing_to_restore_and_keep_checkpoint(tmp_path):
    model = FakeModel()
    backup = callbacks.BackupAndRestore(tmp_path / "b",
                                        delete_checkpoint=False)
    run_fit(model, [backup], LOGS[:2])
    assert backup._resume_epoch is None and model.loaded == []
    assert sorted(os.listdir(tmp_path / "b")) == [
        "latest.weights.h5", "training_metadata.json"]
    # A later fit with the finished backup starts after its last epoch.
    run_fit(FakeModel(), [backup], LOGS[:2])
    assert backup._resume_epoch == 2


def test_save_freq_in_batches(tmp_path):
    backup_dir = tmp_path / "b"
    model = FakeModel()
    with pytest.raises(KeyboardInterrupt):
        run_fit(model, [callbacks.BackupAndRestore(backup_dir, save_freq=3)],
                LOGS, steps=2, fail_at_epoch=2)
    # 4 batches run; the 3rd (epoch 1, batch 0) triggered the only save.
    metadata = json.loads((backup_dir / "training_metadata.json").read_text())
    assert metadata == {"epoch": 1, "batch": 0}
    backup = callbacks.BackupAndRestore(backup_dir)
    run_fit(FakeModel(), [backup], LOGS, steps=2)
    assert backup._resume_epoch == 1


def test_double_checkpoint_falls_back_when_latest_is_corrupt(tmp_path):
    backup_dir = tmp_path / "b"
    with pytest.raises(KeyboardInterrupt):
        run_fit(FakeModel(), [callbacks.BackupAndRestore(
            backup_dir, double_checkpoint=True)], LOGS, fail_at_epoch=3)
    assert (backup_dir / "latest.weights.h5.bkp").exists()
    (backup_dir / "latest.weights.h5").write_text("corrupt")
    backup = callbacks.BackupAndRestore(backup_dir)
    model = FakeModel()
    backup.set_model(model)
    backup.on_train_begin()
    assert backup._resume_epoch == 2  # the previous backup's epoch
    assert model.loaded == [str(backup_dir / "latest.weights.h5")]
    # Without a previous backup, the error reaches the user.
    os.remove(backup_dir / "latest.weights.h5.bkp")
    (backup_dir / "latest.weights.h5").write_text("corrupt")
    with pytest.raises(OSError, match="Unable to open"):
        backup.on_train_begin()


def test_errors():
    with pytest.raises(ValueError, match="backup_dir=''"):
        callbacks.BackupAndRestore("")
    with pytest.raises(ValueError, match="save_freq=batch"):
        callbacks.BackupAndRestore("b", save_freq="batch")
