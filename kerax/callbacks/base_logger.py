"""`BaseLogger`: Keras 2's callback that averages batch logs into the
epoch's logs.

>>> logger = BaseLogger()
>>> logger.on_epoch_begin(0)
>>> logger.on_batch_end(0, {"size": 2, "loss": 1.0})
>>> logger.on_batch_end(1, {"size": 1, "loss": 4.0})
>>> logs = {}
>>> logger.on_epoch_end(0, logs)
>>> logs["loss"]
2.0
"""

from kerax.callbacks.callback import Callback


class BaseLogger(Callback):
    """Averages each batch value over the epoch, weighted by the batch
    size (`logs["size"]`, 1 when absent), and writes the averages into the
    epoch-end logs; metrics named in `stateful_metrics` keep their last
    batch value instead.

    Args:
        stateful_metrics: names of metrics not to average.
    """

    def __init__(self, stateful_metrics=None):
        super().__init__()
        self.stateful_metrics = set(stateful_metrics or ())
        self.seen = 0
        self.totals = {}

    def on_epoch_begin(self, epoch, logs=None):
        self.seen = 0
        self.totals = {}

    def on_batch_end(self, batch, logs=None):
        logs = logs or {}
        size = logs.get("size", 1) * logs.get("num_steps", 1)
        self.seen += size
        for key, value in logs.items():
            if key in ("size", "batch", "num_steps"):
                continue
            if key in self.stateful_metrics:
                self.totals[key] = value
            else:
                self.totals[key] = self.totals.get(key, 0.0) + float(
                    value) * size

    def on_epoch_end(self, epoch, logs=None):
        if logs is None or not self.seen:
            return
        for key, total in self.totals.items():
            logs[key] = total if key in self.stateful_metrics else (
                total / self.seen)
