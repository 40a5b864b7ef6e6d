"""`MonitorCallback`: shared "is this value better?" logic.

Used by `EarlyStopping`, `ReduceLROnPlateau` and `ModelCheckpoint`. The
direction of `mode="auto"` is settled at the first epoch end, once the
model's metrics exist: `loss` (and `val_loss`) is minimised; a metric
object with a `_direction` of `"up"`/`"down"` decides for itself; failing
that, Keras 2's name rule applies (names with `acc`, or starting with
`fmeasure`, are maximised; names with `loss`, `error` or `crossentropy`
are minimised). Any other name raises, asking for an explicit mode.
"""

import operator
import warnings

from kerax.callbacks.callback import Callback


def _model_metrics(model):
    found = []
    pending = list(getattr(model, "metrics", None) or [])
    while pending:
        metric = pending.pop(0)
        inner = getattr(metric, "metrics", None)
        if isinstance(inner, (list, tuple)) and inner:
            pending.extend(inner)
        else:
            found.append(metric)
    return found


class MonitorCallback(Callback):
    """Base class for callbacks that track the best value of a metric.

    Args:
        monitor: name of the metric in the epoch logs. Defaults to
            `"val_loss"`.
        mode: `"auto"`, `"min"` or `"max"` (unknown values warn and fall
            back to `"auto"`, as in Keras).
        baseline: initial best value, or `None` for the first one seen.
        min_delta: changes smaller than this do not count as improvement.

    >>> class Tracker(MonitorCallback):
    ...     pass
    >>> tracker = Tracker(monitor="loss", mode="min", min_delta=0.1)
    >>> tracker._set_monitor_op()
    >>> tracker._is_improvement(0.85, 1.0), tracker._is_improvement(0.95, 1.0)
    (True, False)
    """

    def __init__(self, monitor="val_loss", mode="auto", baseline=None,
                 min_delta=0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            warnings.warn(
                f"{type(self).__name__} mode '{mode}' is unknown, fallback "
                "to auto mode.",
                stacklevel=3,
            )
            mode = "auto"
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op = None

    def _direction_from_model(self, name):
        for metric in _model_metrics(self.model):
            if getattr(metric, "name", None) == name:
                direction = getattr(metric, "_direction", None)
                if direction == "up":
                    return operator.gt
                if direction == "down":
                    return operator.lt
        return None

    def _set_monitor_op(self):
        if self.mode == "min":
            self.monitor_op = operator.lt
        elif self.mode == "max":
            self.monitor_op = operator.gt
        else:
            name = self.monitor.removeprefix("val_")
            op = operator.lt if name == "loss" else None
            op = op or self._direction_from_model(name)
            if op is None:
                if "acc" in name or name.startswith("fmeasure"):
                    op = operator.gt
                elif any(w in name for w in ("loss", "error", "crossentropy")):
                    op = operator.lt
            if op is None:
                raise ValueError(
                    f"{type(self).__name__} callback received "
                    f"monitor={self.monitor}, but kerax isn't able to "
                    "automatically determine whether that metric should be "
                    "maximized or minimized. Pass `mode='max'` in order to "
                    "monitor based on the highest metric value, or pass "
                    "`mode='min'` in order to use the lowest value."
                )
            self.monitor_op = op
        # Internally the delta is signed so one comparison serves both modes.
        self._signed_delta = (
            -self.min_delta if self.monitor_op is operator.lt
            else self.min_delta
        )

    def _is_improvement(self, value, reference):
        if reference is None:
            return True
        return bool(self.monitor_op(value - self._signed_delta, reference))
