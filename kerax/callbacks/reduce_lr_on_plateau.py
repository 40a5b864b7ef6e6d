"""`ReduceLROnPlateau`: divide the learning rate when a metric plateaus."""

import warnings

import numpy as np

from kerax.callbacks.callback import to_python
from kerax.callbacks.monitor_callback import MonitorCallback
from kerax.support import output


def _optimizers(model):
    """`(name, optimizer)` pairs: several for a multi-optimizer wrapper."""
    optimizer = model.optimizer
    inner = getattr(optimizer, "optimizers", None)
    if inner:
        return [(getattr(opt, "name", str(i)), opt)
                for i, opt in enumerate(inner)]
    return [("", optimizer)]


def current_learning_rates(model):
    """`{log name: float}` of the model's learning rate(s), as Keras logs
    them (`learning_rate`, or `learning_rate_<name>` per inner optimizer)."""
    rates = {}
    for name, opt in _optimizers(model):
        key = f"learning_rate_{name}" if name else "learning_rate"
        rates[key] = float(np.asarray(opt.learning_rate))
    return rates


class ReduceLROnPlateau(MonitorCallback):
    """Multiplies the learning rate by `factor` when `monitor` stalls.

    After `patience` epochs without an improvement larger than
    `min_delta`, the learning rate becomes `max(lr * factor, min_lr)`
    (set with `model.optimizer.learning_rate = new_lr`); then `cooldown`
    epochs pass before counting bad epochs again. The current learning
    rate is added to the epoch logs as `learning_rate`.

    Args:
        monitor: metric to watch. Defaults to `"val_loss"`.
        factor: multiplier of the learning rate, below 1. Defaults to 0.1.
        patience: epochs without improvement before reducing. Defaults
            to 10.
        verbose: 1 prints each reduction. Defaults to 0.
        mode: `"auto"`, `"min"` or `"max"`. Defaults to `"auto"`.
        min_delta: smallest change counted as improvement. Defaults to
            1e-4. Keras 2's `epsilon=` is accepted as the same argument.
        cooldown: epochs to wait after a reduction. Defaults to 0.
        min_lr: lower bound of the learning rate. Defaults to 0.

    >>> reduce_lr = ReduceLROnPlateau(monitor="val_loss", factor=0.2,
    ...                               patience=5, min_lr=0.001)
    >>> model.fit(x, y, callbacks=[reduce_lr])  # doctest: +SKIP
    """

    def __init__(
        self,
        monitor="val_loss",
        factor=0.1,
        patience=10,
        verbose=0,
        mode="auto",
        min_delta=1e-4,
        cooldown=0,
        min_lr=0.0,
        **kwargs,
    ):
        if "epsilon" in kwargs:  # Keras 2 name of `min_delta`.
            min_delta = kwargs.pop("epsilon")
        if kwargs:
            raise TypeError(
                "ReduceLROnPlateau got unexpected keyword arguments: "
                f"{sorted(kwargs)}"
            )
        super().__init__(monitor, mode, min_delta=min_delta)
        if factor >= 1.0:
            raise ValueError(
                "ReduceLROnPlateau does not support a factor >= 1.0. "
                f"Received factor={factor}"
            )
        self.factor = factor
        self.min_lr = min_lr
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.cooldown_counter = 0
        self.wait = 0

    def _reset(self):
        self.best = None
        self.cooldown_counter = 0
        self.wait = 0

    def on_train_begin(self, logs=None):
        self._reset()

    def in_cooldown(self):
        """Whether a recent reduction still holds off the next one."""
        return self.cooldown_counter > 0

    def _reduce(self, optimizer, epoch, name):
        old_lr = float(np.asarray(optimizer.learning_rate))
        if not old_lr > np.float32(self.min_lr):
            return False
        new_lr = max(old_lr * self.factor, self.min_lr)
        optimizer.learning_rate = new_lr
        if self.verbose > 0:
            name_str = f" {name}" if name else ""
            output.write(
                f"\nEpoch {epoch + 1}: ReduceLROnPlateau reducing"
                f"{name_str} learning rate to {new_lr}.\n"
            )
        return True

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()
        logs = logs if logs is not None else {}
        logs.update(current_learning_rates(self.model))
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(
                "Learning rate reduction is conditioned on metric "
                f"`{self.monitor}` which is not available. Available metrics "
                f"are: {','.join(logs)}.",
                stacklevel=2,
            )
            return
        current = to_python(current)
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience:
                reduced = False
                for name, optimizer in _optimizers(self.model):
                    reduced = self._reduce(optimizer, epoch, name) or reduced
                if reduced:
                    self.cooldown_counter = self.cooldown
                    self.wait = 0
