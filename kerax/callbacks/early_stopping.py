"""`EarlyStopping`: stop `fit` when a monitored metric stops improving."""

import warnings

from kerax.callbacks.callback import to_python
from kerax.callbacks.monitor_callback import MonitorCallback
from kerax.support import output


class EarlyStopping(MonitorCallback):
    """Stops training once `monitor` has not improved for `patience` epochs.

    Each epoch end, the monitored value (converted to a float then) is
    compared with the best so far; an improvement by more than `min_delta`
    resets the count of bad epochs, otherwise `patience` bad epochs in a
    row set `model.stop_training = True`. Epochs before
    `start_from_epoch` are ignored (warm-up). With a `baseline`, the count
    resets only for values that also beat the baseline. The first epoch
    never stops training (as in Keras).

    Args:
        monitor: metric to watch. Defaults to `"val_loss"`.
        min_delta: smallest change counted as improvement. Defaults to 0.
        patience: epochs without improvement before stopping. Defaults
            to 0.
        verbose: 1 prints when training stops and when weights are
            restored. Defaults to 0.
        mode: `"auto"`, `"min"` or `"max"`. Defaults to `"auto"`.
        baseline: value the metric must beat. Defaults to `None`.
        restore_best_weights: at the end of training, put back the weights
            of the best epoch (when one was seen). Defaults to `False`.
        start_from_epoch: epochs to wait before monitoring. Defaults to 0.

    Attributes after training: `stopped_epoch` (0 when not stopped),
    `best`, `best_epoch`, `wait`.

    >>> stopper = EarlyStopping(monitor="loss", patience=2)
    >>> model.fit(x, y, epochs=100, callbacks=[stopper])  # doctest: +SKIP
    """

    def __init__(
        self,
        monitor="val_loss",
        min_delta=0,
        patience=0,
        verbose=0,
        mode="auto",
        baseline=None,
        restore_best_weights=False,
        start_from_epoch=0,
    ):
        super().__init__(monitor, mode, min_delta=min_delta)
        if not isinstance(patience, int) or patience < 0:
            raise ValueError(
                "Expected `patience` to be a non-negative integer. "
                f"Received: patience={patience}"
            )
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self.start_from_epoch = start_from_epoch
        self.wait = 0
        self.stopped_epoch = 0
        self.best_weights = None
        self.best_epoch = 0

    def on_train_begin(self, logs=None):
        # Reset so that one instance can serve several `fit` calls.
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # Until something better shows up, the current weights are best.
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._is_improvement(
                current, self.baseline
            ):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            output.write(f"Epoch {self.stopped_epoch + 1}: early stopping\n")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                output.write(
                    "Restoring model weights from the end of the best "
                    f"epoch: {self.best_epoch + 1}.\n"
                )
            self.model.set_weights(self.best_weights)

    def get_monitor_value(self, logs):
        """The monitored value as a float, or `None` (with a warning)."""
        logs = logs or {}
        value = logs.get(self.monitor)
        if value is None:
            warnings.warn(
                f"Early stopping conditioned on metric `{self.monitor}` "
                "which is not available. "
                f"Available metrics are: {','.join(logs)}",
                stacklevel=2,
            )
            return None
        return to_python(value)
