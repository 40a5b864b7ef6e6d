"""`LearningRateScheduler`: set the learning rate from a function of epoch."""

import inspect
import numbers

import numpy as np

from kerax.callbacks.callback import Callback
from kerax.callbacks.reduce_lr_on_plateau import (
    _optimizers,
    current_learning_rates,
)
from kerax.support import output


def _takes_two_arguments(fn):
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    positional = 0
    for param in signature.parameters.values():
        if param.kind == param.VAR_POSITIONAL:
            return True
        if param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD):
            positional += 1
    return positional >= 2


class LearningRateScheduler(Callback):
    """Sets the learning rate at each epoch start from `schedule`.

    `schedule(epoch, lr)` receives the 0-based epoch and the current
    learning rate (a float) and returns the new one; Keras 2's one-argument
    form `schedule(epoch)` works too. The rate is set with
    `model.optimizer.learning_rate = new_lr` and added to the epoch logs as
    `learning_rate`.

    Args:
        schedule: the function described above.
        verbose: 1 prints the new rate each epoch. Defaults to 0.

    >>> def schedule(epoch, lr):
    ...     return lr if epoch < 10 else lr * 0.9
    >>> callback = LearningRateScheduler(schedule)
    >>> model.fit(x, y, epochs=15, callbacks=[callback])  # doctest: +SKIP
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        if not callable(schedule):
            raise ValueError(
                "Expected `schedule` to be a function of (epoch, lr) or "
                f"(epoch). Received: schedule={schedule!r}"
            )
        self.schedule = schedule
        self.verbose = verbose

    def _new_rate(self, optimizer, epoch):
        if not hasattr(optimizer, "learning_rate"):
            raise ValueError('Optimizer must have a "learning_rate" attribute.')
        two = _takes_two_arguments(self.schedule)
        lr = float(np.asarray(optimizer.learning_rate))
        if two is None:  # no signature: try Keras's way.
            try:
                rate = self.schedule(epoch, lr)
            except TypeError:
                rate = self.schedule(epoch)
        elif two:
            rate = self.schedule(epoch, lr)
        else:
            rate = self.schedule(epoch)
        if isinstance(rate, bool) or not (
            isinstance(rate, (numbers.Real, np.floating))
            or getattr(rate, "shape", None) == ()
        ):
            raise ValueError(
                "The output of the `schedule` function should be a float. "
                f"Got: {rate}"
            )
        return float(rate)

    def on_epoch_begin(self, epoch, logs=None):
        for name, optimizer in _optimizers(self.model):
            rate = self._new_rate(optimizer, epoch)
            optimizer.learning_rate = rate
            if self.verbose > 0:
                target = f"{name} learning rate" if name else "learning rate"
                output.write(
                    f"\nEpoch {epoch + 1}: LearningRateScheduler setting "
                    f"{target} to {rate}.\n"
                )

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs.update(current_learning_rates(self.model))
