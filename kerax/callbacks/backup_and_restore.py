"""`BackupAndRestore`: resume an interrupted `fit` where it left off.

Files in `backup_dir`: `latest.weights.h5` (written with
`model.save_weights`, which is expected to include the optimizer state of
a compiled model, as Keras's `.weights.h5` does) and
`training_metadata.json` (`{"epoch": e, "batch": b}`: `e` is the epoch to
run next, `b` the last batch seen when saved mid-epoch). With
`double_checkpoint=True` the previous files are kept as `*.bkp` and used
when the latest weights fail to load.

kerax also writes `seed_states.npz` when the model has random layers
(`Dropout`, ...): their `SeedGenerator` states, which weights files do
not hold (Keras's do not either). Restoring them makes a seeded run that
was killed and resumed draw the same dropout masks as an uninterrupted
one, so it ends with the same weights. (Shuffling draws from NumPy's
global generator, which is not saved: resume with `shuffle=False` for
exact reproducibility, as in Keras.)

Trainer contract: call `on_train_begin` (through the `CallbackList`)
before choosing the first epoch. When it restored a backup, the callback
sets `callback._resume_epoch` to the epoch to start from (and, as Keras
does, `model._initial_epoch`); it is `None` when there was nothing to
restore. The trainer starts at `max(initial_epoch, _resume_epoch)`.
Resumption is per epoch: a backup made mid-epoch restores those weights
and reruns that epoch from its first batch (Keras does the same).
"""

import io
import json
import os
import shutil
import warnings

import numpy as np

from kerax.callbacks.callback import Callback


class BackupAndRestore(Callback):
    """Backs up the training state regularly; restores it on the next `fit`.

    If `fit` is interrupted (an exception, a killed job), calling `fit`
    again with the same callback restores the last backup and continues
    from the epoch after it. On normal completion the backup directory is
    removed (unless `delete_checkpoint=False`).

    Args:
        backup_dir: directory for the backup files; must not be shared by
            two runs.
        save_freq: `"epoch"`, or an int: back up every that many batches.
            Defaults to `"epoch"`.
        double_checkpoint: keep the previous backup too, as a fallback.
            Defaults to `False`.
        delete_checkpoint: delete `backup_dir` when training ends
            normally. Defaults to `True`.

    >>> backup = BackupAndRestore(backup_dir="/tmp/backup")
    >>> model.fit(x, y, epochs=10, callbacks=[backup])  # doctest: +SKIP
    """

    def __init__(
        self,
        backup_dir,
        save_freq="epoch",
        double_checkpoint=False,
        delete_checkpoint=True,
    ):
        super().__init__()
        if not backup_dir:
            raise ValueError(
                "Empty `backup_dir` argument passed. Received: "
                f"backup_dir={backup_dir!r}"
            )
        if save_freq != "epoch" and (
            not isinstance(save_freq, int) or isinstance(save_freq, bool)
            or save_freq < 1
        ):
            raise ValueError(
                "Invalid value for argument `save_freq`. "
                f"Received: save_freq={save_freq}. "
                "Expected either 'epoch' or an integer value."
            )
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = save_freq
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._weights_path = os.path.join(
            self.backup_dir, "latest.weights.h5"
        )
        self._training_metadata_path = os.path.join(
            self.backup_dir, "training_metadata.json"
        )
        self._seed_states_path = os.path.join(
            self.backup_dir, "seed_states.npz"
        )
        self._prev_weights_path = self._weights_path + ".bkp"
        self._prev_training_metadata_path = (
            self._training_metadata_path + ".bkp"
        )
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = 0
        self._current_epoch = 0
        self._resume_epoch = None
        self._resume_batch = None

    def _needs_batch_hooks(self, mode):
        return mode == "train" and self.save_freq != "epoch"

    def on_train_begin(self, logs=None):
        self._resume_epoch = None
        self._resume_batch = None
        try:
            self._load_model()
        except OSError:
            # The latest weights may be corrupt: fall back to the previous.
            if not os.path.exists(self._prev_weights_path):
                raise
            shutil.copy(self._prev_weights_path, self._weights_path)
            if os.path.exists(self._seed_states_path + ".bkp"):
                shutil.copy(self._seed_states_path + ".bkp",
                            self._seed_states_path)
            if os.path.exists(self._prev_training_metadata_path):
                shutil.copy(
                    self._prev_training_metadata_path,
                    self._training_metadata_path,
                )
            elif os.path.exists(self._training_metadata_path):
                os.remove(self._training_metadata_path)
            self._load_model()

    def _load_model(self):
        model = self.model
        if not getattr(model, "built", True):
            raise ValueError(
                "To use the BackupAndRestore callback, "
                "your model must be built before you call `fit()`. "
                f"Model {model} is unbuilt. You can build it "
                "beforehand by calling it on a batch of data."
            )
        if os.path.exists(self._weights_path):
            optimizer = getattr(model, "optimizer", None)
            if optimizer is not None and not getattr(optimizer, "built", True):
                # Optimizer variables must exist to receive their values.
                optimizer.build(model.trainable_variables)
            model.load_weights(self._weights_path)
            self._load_seed_states()
        if os.path.exists(self._training_metadata_path):
            with open(self._training_metadata_path) as f:
                metadata = json.load(f)
            self._resume_epoch = int(metadata["epoch"])
            self._resume_batch = metadata.get("batch")
            self._current_epoch = self._resume_epoch
            try:
                model._initial_epoch = self._resume_epoch
            except AttributeError:
                pass

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_epoch_end(self, epoch, logs=None):
        self._current_epoch = epoch + 1
        self._last_batch_seen = 0
        if self.save_freq == "epoch":
            self._save_model()

    def on_train_batch_end(self, batch, logs=None):
        if self._should_save_on_batch(batch):
            self._save_model()

    def _should_save_on_batch(self, batch):
        if self.save_freq == "epoch":
            return False
        if batch <= self._last_batch_seen:
            added = batch + 1  # a new epoch started: batches are 0-based.
        else:
            added = batch - self._last_batch_seen
        self._batches_seen_since_last_saving += added
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _save_model(self):
        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint:
            for src, dst in (
                (self._weights_path, self._prev_weights_path),
                (self._seed_states_path, self._seed_states_path + ".bkp"),
                (self._training_metadata_path,
                 self._prev_training_metadata_path),
            ):
                if os.path.exists(src):
                    shutil.copy(src, dst)
        self.model.save_weights(self._weights_path, overwrite=True)
        self._save_seed_states()
        metadata = {
            "epoch": self._current_epoch,
            "batch": self._last_batch_seen,
        }
        # Write then rename, so a crash never leaves half a metadata file.
        tmp_path = self._training_metadata_path + ".tmp"
        with open(tmp_path, "w") as f:
            json.dump(metadata, f)
        os.replace(tmp_path, self._training_metadata_path)

    def _seed_states(self):
        states = getattr(self.model, "_all_seed_states", None)
        return list(states()) if callable(states) else []

    def _save_seed_states(self):
        states = self._seed_states()
        if not states:
            return
        from kerax.saving import atomic_write

        buffer = io.BytesIO()
        np.savez(buffer, *[np.asarray(v.numpy()) for v in states])
        atomic_write.write_bytes(self._seed_states_path, buffer.getvalue())

    def _load_seed_states(self):
        states = self._seed_states()
        if not states or not os.path.exists(self._seed_states_path):
            return
        try:
            with np.load(self._seed_states_path) as saved:
                values = [saved[f"arr_{i}"] for i in range(len(saved.files))]
        except Exception as error:  # noqa: BLE001 - a damaged file
            values, problem = None, f"is unreadable ({error})"
        else:
            problem = (f"holds {len(values)} random states, the model has "
                       f"{len(states)}")
        if values is None or len(values) != len(states) or any(
            tuple(v.shape) != tuple(x.shape) for v, x in zip(states, values)
        ):
            warnings.warn(
                f"BackupAndRestore: '{self._seed_states_path}' {problem}; "
                "the random layers start from their initial state.",
                stacklevel=3,
            )
            return
        for variable, value in zip(states, values):
            variable.assign(value)

    def on_train_end(self, logs=None):
        if self.delete_checkpoint and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)
