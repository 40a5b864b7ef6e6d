"""`ProgbarLogger`: prints `Epoch i/n` and a `Progbar` per epoch/evaluation.

Inside `fit` (after `on_train_begin`) validation is silent, as in Keras.
It never forces one step per device call: a live bar (`verbose=1` on a
terminal) redraws at the batch ends the trainer reports, which for fused
multi-step calls come every few dozen milliseconds; `verbose=2`, or
`verbose=1` with stdout not a terminal, prints from the epoch-end logs
alone. Only while the number of steps is unknown does it need every batch
(it counts them for the bar's length).
"""

from kerax.callbacks.callback import Callback
from kerax.distribution import process
from kerax.support import output
from kerax.support.progbar import Progbar


def _print_line(message):
    output.write(message + "\n")


class ProgbarLogger(Callback):
    """Prints metrics to stdout as Keras's progress bar.

    `fit`, `evaluate` and `predict` add one (their `verbose` argument
    reaches it through `set_params`: 0 silent, 1 live bar, 2 one line per
    epoch, `"auto"` meaning 1).

    >>> logger = ProgbarLogger()
    >>> logger.set_params({"verbose": 2, "epochs": 1, "steps": 1})
    >>> logger.on_epoch_begin(0)
    >>> logger.on_epoch_end(0, {"loss": 0.5})  # doctest: +ELLIPSIS
    1/1 - ...s - ...step - loss: 0.5000
    """

    def __init__(self):
        super().__init__()
        self.seen = 0
        self.progbar = None
        self.target = None
        self.verbose = 1
        self.epochs = 1
        self._called_in_fit = False

    def set_params(self, params):
        super().set_params(params)
        verbose = params.get("verbose", 1)
        self.verbose = 1 if verbose == "auto" else verbose
        if not process.is_writer():
            self.verbose = 0  # one progress bar: process 0's
        self.epochs = params.get("epochs", 1)
        self.target = params.get("steps")

    def _needs_batch_hooks(self, mode):
        if not self.verbose or (mode == "test" and self._called_in_fit):
            return False
        # The bar redraws at whichever batch ends the trainer reports: the
        # end of each fused multi-step call is enough for a live bar. Only
        # an unknown step count needs every batch, to count them.
        return self.target is None

    def on_train_begin(self, logs=None):
        self._called_in_fit = True

    def on_test_begin(self, logs=None):
        if not self._called_in_fit:
            self._reset_progbar()
            self._maybe_init_progbar()

    def on_predict_begin(self, logs=None):
        self._reset_progbar()
        self._maybe_init_progbar()

    def on_epoch_begin(self, epoch, logs=None):
        self._reset_progbar()
        self._maybe_init_progbar()
        if self.verbose and self.epochs > 1:
            _print_line(f"Epoch {epoch + 1}/{self.epochs}")

    def on_train_batch_end(self, batch, logs=None):
        self._update_progbar(batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        if not self._called_in_fit:
            self._update_progbar(batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        # Predictions are not metrics: only the step count moves.
        self._update_progbar(batch, None)

    def on_epoch_end(self, epoch, logs=None):
        self._finalize_progbar(logs)

    def on_test_end(self, logs=None):
        if not self._called_in_fit:
            self._finalize_progbar(logs)

    def on_predict_end(self, logs=None):
        self._finalize_progbar(logs)

    def _reset_progbar(self):
        self.seen = 0
        self.progbar = None

    def _maybe_init_progbar(self):
        if self.progbar is None:
            self.progbar = Progbar(
                target=self.target,
                verbose=self.verbose,
                unit_name="step",
                stateless_metrics=(),
            )

    def _update_progbar(self, batch, logs):
        self._maybe_init_progbar()
        self.seen = batch + 1
        if self.verbose == 1:
            values = list((logs or {}).items())
            self.progbar.update(self.seen, values, finalize=False)

    def _finalize_progbar(self, logs):
        self._maybe_init_progbar()
        if self.target is None:
            self.target = self.seen
            self.progbar.target = self.target
        values = list((logs or {}).items())
        self.progbar.update(self.target, values, finalize=True)
