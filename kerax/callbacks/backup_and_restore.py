"""`BackupAndRestore`: resume an interrupted `fit` at the step it reached.

One backup is one file, `backup_dir/latest.weights.h5` (see
`backup_file`): the model's weights in Keras's layout plus the whole
training state (optimizer slots, metric state, random states, epoch, step
within the epoch, the epoch's row order), replaced atomically. With
`double_checkpoint=True` the previous backup is kept as
`latest.weights.h5.bkp` and used when the latest cannot be read.

Trainer contract: call `on_train_begin` (through the `CallbackList`)
before choosing the first epoch. When it restored a backup it sets
`_resume_epoch` (the epoch to run; also `model._initial_epoch`, as Keras
does), `_resume_step` (steps of that epoch already done: the trainer skips
them and keeps the restored metric state) and `_resume_order` (that
epoch's row order, or `None`). The trainer exposes `model._epoch_order`
and `model._epoch_rng_state` (NumPy's global state before the epoch's
order was drawn) while an epoch runs. A resumed run then ends with the
same weights, bit for bit, as one that was never interrupted, with
shuffling and random layers (for iterator data: when the iterator yields
the same batches again). The state of other callbacks (`EarlyStopping`'s
patience, `ReduceLROnPlateau`'s counters) is not saved, as in Keras.
"""

import contextlib
import os

import numpy as np

from kerax.callbacks import backup_file
from kerax.callbacks.callback import Callback
from kerax.distribution import process


class BackupAndRestore(Callback):
    """Backs up the training state regularly; restores it on the next `fit`.

    If `fit` is interrupted (an exception, a killed job), calling `fit`
    again with a callback on the same directory restores the last backup
    and continues from the step after it. On normal completion the backup
    directory is removed (unless `delete_checkpoint=False`).

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
        self._prev_weights_path = self._weights_path + ".bkp"
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = -1  # the last batch index seen this epoch
        self._current_epoch = 0
        self._resume_epoch = None
        self._resume_step = None
        self._resume_order = None

    def _needs_batch_hooks(self, mode):
        return mode == "train" and self.save_freq != "epoch"

    def _steps_until_due(self):
        """Steps until the next backup (the trainer fuses no more)."""
        if self.save_freq == "epoch":
            return None
        return max(1, self.save_freq - self._batches_seen_since_last_saving)

    # ------------------------------------------------------------ restore
    def on_train_begin(self, logs=None):
        self._resume_epoch = None
        self._resume_step = None
        self._resume_order = None
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = -1
        model = self.model
        if not getattr(model, "built", True):
            raise ValueError(
                "To use the BackupAndRestore callback, "
                "your model must be built before you call `fit()`. "
                f"Model {model} is unbuilt. You can build it "
                "beforehand by calling it on a batch of data."
            )
        process.written_once(
            "backup:clean",
            lambda: backup_file.remove_temporaries(self.backup_dir))
        saved, path = self._read_backup()
        if saved is None:
            return
        backup_file.restore(model, saved, path)
        self._resume_epoch = saved["epoch"]
        self._resume_step = saved["step"]
        self._resume_order = saved["order"]
        self._current_epoch = self._resume_epoch
        self._last_batch_seen = self._resume_step - 1
        with contextlib.suppress(AttributeError):
            model._initial_epoch = self._resume_epoch

    def _read_backup(self):
        """`(saved, path)` of the newest readable backup, `(None, None)`
        when there is none; raises the latest's error when none reads."""
        first_error = None
        for path in (self._weights_path, self._prev_weights_path):
            if not os.path.exists(path):
                continue
            try:
                return backup_file.read(path), path
            except (OSError, KeyError, ValueError) as error:
                first_error = first_error or error
        if first_error is not None:
            raise first_error
        return None, None

    # --------------------------------------------------------------- save
    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_epoch_end(self, epoch, logs=None):
        self._current_epoch = epoch + 1
        self._last_batch_seen = -1
        if self.save_freq == "epoch":
            # Nothing draws from NumPy between here and the next epoch's
            # order: the current state is that epoch's starting state.
            self._save_model(epoch + 1, 0, np.random.get_state(), None)

    def on_train_batch_end(self, batch, logs=None):
        if self._should_save_on_batch(batch):
            model = self.model
            self._save_model(
                self._current_epoch, batch + 1,
                getattr(model, "_epoch_rng_state", None)
                or np.random.get_state(),
                getattr(model, "_epoch_order", None),
            )

    def _should_save_on_batch(self, batch):
        if self.save_freq == "epoch":
            return False
        # One call may run several steps: `batch` is the last of them.
        added = batch - self._last_batch_seen
        if added <= 0:
            added = batch + 1  # a new epoch started: batches are 0-based.
        self._batches_seen_since_last_saving += added
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _save_model(self, epoch, step, numpy_state, order):
        process.one_writer("backup:save")(self._write_backup)(
            self.model, epoch, step, numpy_state, order)

    def _write_backup(self, model, epoch, step, numpy_state, order):
        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint and os.path.exists(self._weights_path):
            # A kill right after this leaves only the `.bkp`, which loads.
            os.replace(self._weights_path, self._prev_weights_path)
        backup_file.write(self._weights_path, self.model, epoch, step,
                          numpy_state, order)

    def on_train_end(self, logs=None):
        if self.delete_checkpoint:
            process.written_once("backup:delete", self._delete_backup)

    def _delete_backup(self):
        if os.path.exists(self.backup_dir):
            import shutil

            shutil.rmtree(self.backup_dir)
