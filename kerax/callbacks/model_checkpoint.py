"""`ModelCheckpoint`: save the model (or its weights) during training.

The file format is the model's business: this callback formats the path
and calls `model.save(path, overwrite=True)` or
`model.save_weights(path, overwrite=True)`. The extension is checked when
the callback is made, not at the first save: `.keras` (as Keras 3
requires) or `.weights.h5` with `save_weights_only=True`, and also what
Keras 2 code uses and kerax writes: `.h5`/`.hdf5` (Keras 2 layouts), and
`.weights.json` (sharded weights).
"""

import os
import warnings

from kerax.callbacks.callback import pythonify_logs
from kerax.callbacks.monitor_callback import MonitorCallback
from kerax.support import output

_MODEL_SUFFIXES = (".keras", ".h5", ".hdf5")
_WEIGHTS_SUFFIXES = (".weights.h5", ".weights.json", ".h5", ".hdf5")


def _check_filepath(filepath, save_weights_only):
    suffixes = _WEIGHTS_SUFFIXES if save_weights_only else _MODEL_SUFFIXES
    if filepath.lower().endswith(suffixes):
        return
    if save_weights_only:
        expected = ("`.weights.h5` (or `.weights.json` for sharded weights, "
                    "`.h5`/`.hdf5` for Keras 2's layout) with "
                    "`save_weights_only=True`")
    else:
        expected = ("`.keras` (or `.h5`/`.hdf5` for Keras 2's layout); "
                    "for weights only, pass `save_weights_only=True` and a "
                    "`.weights.h5` path")
    raise ValueError(
        f"ModelCheckpoint: `filepath` must end in {expected}. "
        f"Received: filepath={filepath}"
    )


def _say(message):
    output.write(message + "\n")


class ModelCheckpoint(MonitorCallback):
    """Saves the model or its weights every epoch or every N batches.

    `filepath` may hold `str.format` fields filled from the epoch number
    (1-based), the batch number (1-based, for batch-level saving) and the
    logs, e.g. `"ckpt/model.{epoch:02d}-{val_loss:.2f}.keras"`. With
    `save_best_only=True`, a file is written only when `monitor` improves
    on the best value so far (starting from `initial_value_threshold`).

    Args:
        filepath: path (or pattern) of the file to write.
        monitor: metric for `save_best_only`. Defaults to `"val_loss"`.
        verbose: 1 prints a line per save decision. Defaults to 0.
        save_best_only: save only on improvement. Defaults to `False`.
        save_weights_only: call `model.save_weights` instead of
            `model.save`. Defaults to `False`.
        mode: `"auto"`, `"min"` or `"max"`. Defaults to `"auto"`.
        save_freq: `"epoch"`, or an int: save every that many batches.
            Defaults to `"epoch"`.
        initial_value_threshold: initial best value for
            `save_best_only`. Defaults to `None`.
        period: Keras 2 argument: with `save_freq="epoch"`, save every
            `period` epochs. Defaults to 1.

    >>> checkpoint = ModelCheckpoint("best.keras", save_best_only=True)
    >>> model.fit(x, y, callbacks=[checkpoint])  # doctest: +SKIP
    """

    def __init__(
        self,
        filepath,
        monitor="val_loss",
        verbose=0,
        save_best_only=False,
        save_weights_only=False,
        mode="auto",
        save_freq="epoch",
        initial_value_threshold=None,
        period=1,
        options=None,
    ):
        super().__init__(monitor, mode, initial_value_threshold)
        if save_freq != "epoch" and (
            not isinstance(save_freq, int) or isinstance(save_freq, bool)
            or save_freq < 1
        ):
            raise ValueError(
                f"Unrecognized save_freq: {save_freq}. "
                "Expected save_freq are 'epoch' or integer values"
            )
        if not isinstance(period, int) or period < 1:
            raise ValueError(
                "Expected `period` to be a positive integer. "
                f"Received: period={period}"
            )
        self.filepath = os.fspath(filepath)
        _check_filepath(self.filepath, save_weights_only)
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        self.save_freq = save_freq
        self.period = period
        self.options = options  # Keras 2 (TensorFlow) argument; unused.
        self._epochs_since_last_save = 0
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = None
        self._current_epoch = 0

    def _needs_batch_hooks(self, mode):
        return mode == "train" and self.save_freq != "epoch"

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self._should_save_on_batch(batch):
            self._save_model(self._current_epoch, batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq != "epoch":
            return
        self._epochs_since_last_save += 1
        if self._epochs_since_last_save >= self.period:
            self._epochs_since_last_save = 0
            self._save_model(epoch, None, logs)

    def _should_save_on_batch(self, batch):
        if self.save_freq == "epoch":
            return False
        if self._last_batch_seen is None or batch <= self._last_batch_seen:
            added = batch + 1  # a new epoch started: batches are 0-based.
        else:
            added = batch - self._last_batch_seen  # may jump (N steps/call)
        self._batches_seen_since_last_saving += added
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            return True
        return False

    def _get_file_path(self, epoch, batch, logs):
        fields = dict(logs)
        fields["epoch"] = epoch + 1
        if batch is not None and "batch" not in logs:
            fields["batch"] = batch + 1
        try:
            return self.filepath.format(**fields)
        except KeyError as error:
            raise KeyError(
                "Failed to format this callback filepath: "
                f'"{self.filepath}". Reason: {error}'
            ) from None

    def _should_save(self, epoch, logs, filepath):
        if not self.save_best_only:
            if self.verbose > 0:
                _say(f"\nEpoch {epoch + 1}: saving model to {filepath}")
            return True
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                f"Can save best model only with {self.monitor} available.",
                stacklevel=3,
            )
            return True
        if not isinstance(current, float):
            warnings.warn(
                "Can save best model only when `monitor` is a scalar value. "
                f"Received: {current}. Falling back to "
                "`save_best_only=False`.",
                stacklevel=3,
            )
            return True
        best = "None" if self.best is None else f"{self.best:.5f}"
        if self._is_improvement(current, self.best):
            if self.verbose > 0:
                _say(
                    f"\nEpoch {epoch + 1}: {self.monitor} improved from "
                    f"{best} to {current:.5f}, saving model to {filepath}"
                )
            self.best = current
            return True
        if self.verbose > 0:
            _say(f"\nEpoch {epoch + 1}: {self.monitor} did not improve "
                 f"from {best}")
        return False

    def _save_model(self, epoch, batch, logs):
        if self.save_best_only and self.monitor_op is None:
            self._set_monitor_op()
        logs = pythonify_logs(logs)
        filepath = self._get_file_path(epoch, batch, logs)
        if os.path.isdir(filepath):
            raise OSError(
                "Please specify a non-directory filepath for "
                "ModelCheckpoint. Filepath used is an existing "
                f"directory: {filepath}"
            )
        if not self._should_save(epoch, logs, filepath):
            return
        dirname = os.path.dirname(filepath)
        if dirname:
            os.makedirs(dirname, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)
        if self.verbose > 0:
            _say(f"\nEpoch {epoch + 1}: finished saving model to {filepath}")
