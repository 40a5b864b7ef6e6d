"""`Callback`: the base class of everything `fit`/`evaluate`/`predict` call.

Logs handed to hooks may hold JAX scalars (0-d arrays). A callback that
prints, compares or writes a value converts it itself, with `to_python`,
and only when it needs it: converting forces the device to finish the step.
"""

import numbers

import numpy as np

# The per-batch hooks of each mode. A callback that overrides none of them
# lets the trainer skip per-batch work (and run several steps per call).
BATCH_HOOKS = {
    "train": (
        "on_train_batch_begin",
        "on_train_batch_end",
        "on_batch_begin",
        "on_batch_end",
    ),
    "test": ("on_test_batch_begin", "on_test_batch_end"),
    "predict": ("on_predict_batch_begin", "on_predict_batch_end"),
}


def to_python(value):
    """Converts a scalar log value (JAX/NumPy 0-d array) to a Python float.

    Python numbers are returned as floats, non-scalar arrays as NumPy
    arrays, and anything else unchanged.

    >>> to_python(np.float32(0.5))
    0.5
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Number):
        return float(value)
    if isinstance(value, np.generic) or getattr(value, "shape", None) == ():
        return float(value)
    if hasattr(value, "__array__"):
        return np.asarray(value)
    return value


def pythonify_logs(logs):
    """Returns a copy of `logs` with every scalar value as a Python float."""
    return {key: to_python(value) for key, value in (logs or {}).items()}


class Callback:
    """Base class of callbacks: every hook exists and does nothing.

    Subclass it and override the hooks you need. `fit` calls `set_model`
    and `set_params` (`{"verbose", "epochs", "steps"}`) before training;
    `self.model` is then the model being trained (set
    `self.model.stop_training = True` to stop after the current epoch).

    The Keras 2 names `on_batch_begin`/`on_batch_end` are the default
    implementations of `on_train_batch_begin`/`on_train_batch_end`, so a
    callback overriding either name works.

    Overriding any per-batch hook of a mode makes the trainer call it every
    step of that mode, and read the step's logs back to the host when the
    hook uses them; leave them alone when an epoch-level hook is enough.

    >>> class Counter(Callback):
    ...     def on_epoch_end(self, epoch, logs=None):
    ...         self.last_epoch = epoch
    >>> counter = Counter()
    >>> counter.on_epoch_end(3, {"loss": 0.1})
    >>> counter.last_epoch
    3
    """

    def __init__(self):
        self.validation_data = None
        self.params = {}
        self._model = None

    def set_params(self, params):
        """Receives `{"verbose", "epochs", "steps"}` from the trainer."""
        self.params = params

    def set_model(self, model):
        """Receives the model the callback is used with."""
        self._model = model

    @property
    def model(self):
        """The model this callback is attached to (or `None`).

        Reading it mid-`fit` first writes the in-flight training state into
        the model's Variables (the trainer's one sync hook), so weights,
        optimizer and saving all see the current values.
        """
        model = self._model
        sync = getattr(model, "sync_state", None)
        if sync is not None:
            sync()
        return model

    def _needs_batch_hooks(self, mode):
        """Whether the trainer must call this callback's `mode` batch hooks.

        The default answer is whether the class (or the instance, for
        hooks assigned as attributes) overrides any of them. Subclasses
        whose batch hooks only matter in some configurations override it.
        """
        for name in BATCH_HOOKS[mode]:
            if name in vars(self):
                return True
            if getattr(type(self), name) is not getattr(Callback, name):
                return True
        return False

    def _steps_until_due(self):
        """Training steps until this callback needs a batch end at an exact
        step, or None (the default: any step boundary will do)."""

    def on_batch_begin(self, batch, logs=None):
        """Keras 2 name of `on_train_batch_begin`."""

    def on_batch_end(self, batch, logs=None):
        """Keras 2 name of `on_train_batch_end`."""

    def on_epoch_begin(self, epoch, logs=None):
        """Called at the start of epoch `epoch` (0-based) in `fit`."""

    def on_epoch_end(self, epoch, logs=None):
        """Called at the end of an epoch; `logs` has the epoch's metrics,
        with `val_`-prefixed entries when validation ran."""

    def on_train_batch_begin(self, batch, logs=None):
        """Called before training step `batch` (0-based, within the
        epoch). Calls `on_batch_begin` unless overridden."""
        self.on_batch_begin(batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        """Called after training step `batch` with the running metrics.
        Calls `on_batch_end` unless overridden."""
        self.on_batch_end(batch, logs)

    def on_test_batch_begin(self, batch, logs=None):
        """Called before evaluation step `batch`."""

    def on_test_batch_end(self, batch, logs=None):
        """Called after evaluation step `batch` with the running metrics."""

    def on_predict_batch_begin(self, batch, logs=None):
        """Called before prediction step `batch`."""

    def on_predict_batch_end(self, batch, logs=None):
        """Called after prediction step `batch` (`logs["outputs"]`)."""

    def on_train_begin(self, logs=None):
        """Called once when `fit` starts."""

    def on_train_end(self, logs=None):
        """Called once when `fit` ends; `logs` are the last epoch's."""

    def on_test_begin(self, logs=None):
        """Called when `evaluate` (or `fit`'s validation) starts."""

    def on_test_end(self, logs=None):
        """Called when evaluation ends, with its final metrics."""

    def on_predict_begin(self, logs=None):
        """Called when `predict` starts."""

    def on_predict_end(self, logs=None):
        """Called when `predict` ends."""
