"""A small fake model and fit loop: callbacks are tested without a trainer."""

import json

import jax.numpy as jnp
import numpy as np

from kerax.callbacks import CallbackList


class FakeOptimizer:
    def __init__(self, learning_rate=0.01):
        self._lr = np.float32(learning_rate)
        self.iterations = 0
        self.built = True
        self.name = "fake_opt"

    @property
    def learning_rate(self):
        return jnp.asarray(self._lr)

    @learning_rate.setter
    def learning_rate(self, value):
        self._lr = np.float32(value)


class FakeWeight:
    def __init__(self, path, value):
        self.path = path
        self.name = path.split("/")[-1]
        self.value = np.asarray(value, dtype="float32")

    def __array__(self, dtype=None, copy=None):
        return self.value if dtype is None else self.value.astype(dtype)


class FakeLayer:
    def __init__(self, weights):
        self.weights = weights


class FakeModel:
    """What callbacks may use of a model, with files as JSON."""

    def __init__(self, learning_rate=0.01):
        self.optimizer = FakeOptimizer(learning_rate)
        self.stop_training = False
        self.built = True
        kernel = FakeWeight("dense/kernel", np.arange(6.0).reshape(2, 3))
        bias = FakeWeight("dense/bias", np.zeros(3))
        self.layers = [FakeLayer([kernel, bias])]
        self.saved = []  # (method, path)
        self.loaded = []

    @property
    def weights(self):
        return [w for layer in self.layers for w in layer.weights]

    @property
    def trainable_variables(self):
        return self.weights

    def get_weights(self):
        return [w.value.copy() for w in self.weights]

    def set_weights(self, values):
        for weight, value in zip(self.weights, values):
            weight.value = np.asarray(value, dtype="float32")

    def _write(self, method, filepath, overwrite):
        assert overwrite is True
        self.saved.append((method, str(filepath)))
        state = {
            "weights": [w.value.tolist() for w in self.weights],
            "lr": float(self.optimizer._lr),
            "iterations": self.optimizer.iterations,
        }
        with open(filepath, "w") as f:
            json.dump(state, f)

    def save(self, filepath, overwrite=True):
        self._write("save", filepath, overwrite)

    def save_weights(self, filepath, overwrite=True):
        self._write("save_weights", filepath, overwrite)

    def load_weights(self, filepath):
        with open(filepath) as f:
            try:
                state = json.load(f)
            except ValueError as error:  # h5py raises OSError on bad files
                raise OSError(f"Unable to open file {filepath}") from error
        self.set_weights(state["weights"])
        self.optimizer.iterations = state["iterations"]
        self.loaded.append(str(filepath))


def run_fit(model, callbacks, epoch_logs, steps=3, batch_logs=None,
            initial_epoch=0, fail_at_epoch=None, verbose=0):
    """Drives `callbacks` like `fit` would. Returns the CallbackList.

    `epoch_logs[i]` are the logs of epoch `i`; `batch_logs(epoch, batch)`
    gives batch logs (default: the epoch's logs). Log values are JAX
    scalars, as the trainer hands them over.
    """
    cbs = CallbackList(callbacks, add_history=True, model=model,
                       verbose=verbose, epochs=len(epoch_logs), steps=steps)
    cbs.on_train_begin()
    for cb in cbs:
        resume = getattr(cb, "_resume_epoch", None)
        if resume is not None:
            initial_epoch = max(initial_epoch, resume)
    logs = None
    model.stop_training = False
    for epoch in range(initial_epoch, len(epoch_logs)):
        if fail_at_epoch is not None and epoch == fail_at_epoch:
            raise KeyboardInterrupt("simulated interruption")
        cbs.on_epoch_begin(epoch)
        for batch in range(steps):
            cbs.on_train_batch_begin(batch)
            model.optimizer.iterations += 1
            if batch_logs is not None:
                blogs = batch_logs(epoch, batch)
            else:
                blogs = epoch_logs[epoch]
            cbs.on_train_batch_end(batch, _as_jax(blogs))
        # "Training" changes the weights every epoch.
        model.set_weights([w + 1.0 for w in model.get_weights()])
        logs = _as_jax(epoch_logs[epoch])
        cbs.on_epoch_end(epoch, logs)
        if model.stop_training:
            break
    cbs.on_train_end(logs)
    return cbs


def _as_jax(logs):
    return {k: jnp.float32(v) for k, v in (logs or {}).items()}
