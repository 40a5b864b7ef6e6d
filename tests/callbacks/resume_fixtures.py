"""Test helper shared by the resumable-training callbacks' tests
(BackupAndRestore, OrbaxCheckpoint): data, a small model with state in
every kind of variable, and a callback that records and interrupts."""

from __future__ import annotations

import signal
from collections.abc import Callable

import numpy as np

import kerax
from kerax import callbacks

X = np.random.default_rng(0).normal(size=(22, 3)).astype("float32")
Y = np.random.default_rng(1).normal(size=(22, 1)).astype("float32")
FIT = {"batch_size": 4, "epochs": 3, "verbose": 0}  # 6 steps an epoch


def resumable_model(units: int = 4, seed: int = 7, named: bool = False):
    """Dense(`units`), BatchNormalization (moving stats), Dropout (seed
    state), Dense; Adam and a metric: compiled. `named`: fixed layer
    names."""
    def name(text):
        return {"name": text} if named else {}

    kerax.utils.set_random_seed(seed)
    model = kerax.Sequential([
        kerax.Input((3,)), kerax.layers.Dense(units, **name("d1")),
        kerax.layers.BatchNormalization(**name("bn")),
        kerax.layers.Dropout(0.25, **name("drop")),
        kerax.layers.Dense(1, **name("d2"))], **name("net"))
    model.compile(optimizer=kerax.optimizers.Adam(0.05), loss="mse",
                  metrics=["mae"])
    return model


def model_state(model) -> list:
    """Every variable's value (weights, optimizer, metrics, seeds)."""
    return [v.numpy() for group in model._variable_lists() for v in group]


def interrupt() -> None:
    raise KeyboardInterrupt("simulated interruption")


def send_sigterm() -> None:
    # `raise_signal` delivers to this (the main) thread, so the handler has
    # run when it returns; `os.kill` may hand the signal to one of XLA's
    # threads, and under load the handler then ran a batch late.
    signal.raise_signal(signal.SIGTERM)


class Recorder(callbacks.Callback):
    """Records `(epoch, batch)` of batch ends; calls `action` (default:
    raise KeyboardInterrupt) at the batch end `stop_at`."""

    def __init__(self, stop_at=None, action: Callable[[], None] = interrupt):
        super().__init__()
        self.stop_at = stop_at
        self.action = action
        self.epoch = None
        self.seen = []

    def on_epoch_begin(self, epoch, logs=None):
        self.epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        self.seen.append((self.epoch, batch))
        if (self.epoch, batch) == self.stop_at:
            self.action()
