"""`CallbackList`: calls each hook on every callback, in order.

Logs are passed through unconverted (values may be JAX scalars). Each hook
call makes one fresh dict, nested dicts flattened and keys sorted as Keras
does (so the progress bar lists metrics in Keras's order), and hands it to
every callback in turn: an entry one callback adds (`learning_rate`, added
by `LearningRateScheduler`) is seen by the callbacks after it, `History`
included, but never leaks into the trainer's own dict. Prediction batch
logs (`{"outputs": ...}`) are only copied, never flattened.
"""

from kerax.callbacks.callback import BATCH_HOOKS, Callback
from kerax.callbacks.history import History
from kerax.callbacks.progbar_logger import ProgbarLogger


def _flatten_logs(logs, into):
    for key, value in logs.items():
        if isinstance(value, dict):
            _flatten_logs(value, into)
        else:
            into[key] = value
    return into


def _prepare_logs(logs):
    if not logs:
        return {}
    flat = _flatten_logs(logs, {})
    return {key: flat[key] for key in sorted(flat)}


def _flatten_callbacks(callbacks):
    flat = []
    for item in callbacks:
        if isinstance(item, (list, tuple)):
            flat.extend(_flatten_callbacks(item))
        elif isinstance(item, Callback):
            flat.append(item)
        else:
            raise TypeError(
                "Expected `callbacks` to hold `kerax.callbacks.Callback` "
                f"instances. Received: callbacks item={item!r} "
                f"(of type {type(item).__name__})"
            )
    return flat


class CallbackList(Callback):
    """A list of callbacks behind a single set of hooks.

    Args:
        callbacks: a list of `Callback` instances (nested lists are
            flattened).
        add_history: append a `History` unless one is already present.
        add_progbar: append a `ProgbarLogger` unless one is present.
        model: the model, given to every callback with `set_model`.
        **params: when given, passed to every callback with `set_params`
            (`verbose`, `epochs`, `steps`).

    >>> history = History()
    >>> callbacks = CallbackList([history], epochs=1, steps=2, verbose=0)
    >>> callbacks.on_train_begin()
    >>> callbacks.on_epoch_end(0, {"loss": 0.5})
    >>> history.history
    {'loss': [0.5]}
    >>> callbacks.needs_batch_hooks("train")
    False
    """

    def __init__(
        self,
        callbacks=None,
        add_history=False,
        add_progbar=False,
        model=None,
        **params,
    ):
        super().__init__()
        self.callbacks = _flatten_callbacks(callbacks or [])
        self._history = None
        self._progbar = None
        for callback in self.callbacks:
            if isinstance(callback, History):
                self._history = callback
            elif isinstance(callback, ProgbarLogger):
                self._progbar = callback
        if add_history and self._history is None:
            self._history = History()
            self.callbacks.append(self._history)
        if add_progbar and self._progbar is None:
            self._progbar = ProgbarLogger()
            self.callbacks.append(self._progbar)
        self.set_model(model)
        self.set_params(params)

    def append(self, callback):
        """Adds one more callback at the end."""
        self.callbacks.extend(_flatten_callbacks([callback]))

    def set_params(self, params):
        self.params = params
        if params:
            for callback in self.callbacks:
                callback.set_params(params)

    def set_model(self, model):
        if model is None:
            return
        super().set_model(model)
        if self._history is not None:
            model.history = self._history
        for callback in self.callbacks:
            callback.set_model(model)

    def needs_batch_hooks(self, mode):
        """Whether any callback listens to the per-batch hooks of `mode`.

        `mode` is `"train"`, `"test"` or `"predict"`. `History` never
        counts; `ProgbarLogger` counts when it draws a live bar (verbose 1).
        When this is `False` the trainer may skip the batch hooks of that
        mode entirely and run several steps per device call.
        """
        if mode not in BATCH_HOOKS:
            raise ValueError(
                'Expected `mode` to be one of "train", "test", "predict". '
                f"Received: mode={mode!r}"
            )
        return any(cb._needs_batch_hooks(mode) for cb in self.callbacks)

    def steps_until_due(self):
        """Fewest training steps before a callback must see a batch end at
        an exact step (a `BackupAndRestore` with an integer `save_freq`),
        or None. The trainer fuses no more steps than that into one call.
        """
        due = [d for d in (cb._steps_until_due() for cb in self.callbacks)
               if d is not None]
        return min(due) if due else None

    def __iter__(self):
        return iter(self.callbacks)

    def __len__(self):
        return len(self.callbacks)

    def _call_all(self, hook, *args, logs=None):
        logs = _prepare_logs(logs)
        for callback in self.callbacks:
            getattr(callback, hook)(*args, logs)

    def on_batch_begin(self, batch, logs=None):
        self._call_all("on_batch_begin", batch, logs=logs)

    def on_batch_end(self, batch, logs=None):
        self._call_all("on_batch_end", batch, logs=logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._call_all("on_epoch_begin", epoch, logs=logs)

    def on_epoch_end(self, epoch, logs=None):
        self._call_all("on_epoch_end", epoch, logs=logs)

    def on_train_batch_begin(self, batch, logs=None):
        self._call_all("on_train_batch_begin", batch, logs=logs)

    def on_train_batch_end(self, batch, logs=None):
        self._call_all("on_train_batch_end", batch, logs=logs)

    def on_test_batch_begin(self, batch, logs=None):
        self._call_all("on_test_batch_begin", batch, logs=logs)

    def on_test_batch_end(self, batch, logs=None):
        self._call_all("on_test_batch_end", batch, logs=logs)

    def on_predict_batch_begin(self, batch, logs=None):
        logs = dict(logs or {})
        for callback in self.callbacks:
            callback.on_predict_batch_begin(batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        logs = dict(logs or {})
        for callback in self.callbacks:
            callback.on_predict_batch_end(batch, logs)

    def on_train_begin(self, logs=None):
        self._call_all("on_train_begin", logs=logs)

    def on_train_end(self, logs=None):
        self._call_all("on_train_end", logs=logs)

    def on_test_begin(self, logs=None):
        self._call_all("on_test_begin", logs=logs)

    def on_test_end(self, logs=None):
        self._call_all("on_test_end", logs=logs)

    def on_predict_begin(self, logs=None):
        self._call_all("on_predict_begin", logs=logs)

    def on_predict_end(self, logs=None):
        self._call_all("on_predict_end", logs=logs)
