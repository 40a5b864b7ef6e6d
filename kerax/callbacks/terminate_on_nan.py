"""`TerminateOnNaN`: stop training at the first NaN or infinite loss."""

import math

from kerax.callbacks.callback import Callback, to_python
from kerax.support import output


class TerminateOnNaN(Callback):
    """Stops training when a batch's loss is NaN or infinite.

    While it is in `fit`'s callbacks, a step whose loss or new weights are
    not finite leaves the model as it was (see `trainers.step.keep_finite`),
    so the model keeps the last good weights, optimizer and metric state
    (Keras keeps the NaN weights). It reads the loss after every training
    batch, which makes the trainer wait for each step's result; that is the
    price of stopping at once.

    Args:
        raise_error: raise a `RuntimeError` instead of setting
            `model.stop_training = True`. Defaults to `False`.

    >>> model.fit(x, y, callbacks=[TerminateOnNaN()])  # doctest: +SKIP
    """

    # Asks `fit` to drop non-finite updates (read by the trainer).
    _keeps_finite = True

    def __init__(self, raise_error=False):
        super().__init__()
        self.raise_error = raise_error

    def _steps_until_due(self):
        return 1  # every step's loss is checked before the next runs

    def on_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is None:
            return
        value = to_python(loss)
        if not isinstance(value, float) or math.isfinite(value):
            return
        if self.raise_error:
            raise RuntimeError(
                f"NaN or Inf loss encountered at batch {batch}. "
                f"Loss value: {value}. Terminating training immediately."
            )
        output.write(f"Batch {batch}: Invalid loss, terminating training\n")
        self.model.stop_training = True
