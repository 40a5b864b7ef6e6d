"""`History`: the object `fit` returns, with every epoch's metrics."""

from kerax.callbacks.callback import Callback, to_python


class History(Callback):
    """Records each epoch's logs as Python floats.

    `fit` adds one automatically and returns it. After training,
    `history.history` maps each metric name to its list of per-epoch
    values, `history.epoch` lists the epoch indices, and `history.params`
    / `history.model` are the training parameters and the model.

    Values are converted (one device-to-host read per metric per epoch)
    only at epoch end.

    >>> history = History()
    >>> history.on_train_begin()
    >>> history.on_epoch_end(0, {"loss": 0.25})
    >>> history.history, history.epoch
    ({'loss': [0.25]}, [0])
    """

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []

    def _needs_batch_hooks(self, mode):
        return False

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for name, value in (logs or {}).items():
            self.history.setdefault(name, []).append(to_python(value))
        if self.model is not None:
            self.model.history = self
