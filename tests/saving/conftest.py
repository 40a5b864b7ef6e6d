"""Fixtures for the saving tests: model builders shared by kerax and Keras."""

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def kill_when_flagged(script, path, flag, waiting_for, limit_s):
    """Runs `script` (Python source, argv `path flag`) in a subprocess and
    SIGKILLs it as soon as it creates the file `flag`; fails when `flag`
    is not there within `limit_s` seconds (`waiting_for` says what
    never started) or when the subprocess ends before."""
    env = dict(os.environ, PYTHONPATH=REPO, JAX_PLATFORMS="cpu")
    proc = subprocess.Popen([sys.executable, "-c", script, path, flag],
                            env=env, cwd=REPO)
    try:
        deadline = time.time() + limit_s
        while not os.path.exists(flag) and proc.poll() is None:
            assert time.time() < deadline, f"{waiting_for} never started"
            time.sleep(0.05)
        assert proc.poll() is None, "the subprocess ended early"
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()


def assert_same(a, b, atol=1e-5):
    """Predictions (arrays, lists or dicts of arrays) match."""
    if isinstance(a, dict):
        assert sorted(a) == sorted(b)
        for key in a:
            assert_same(a[key], b[key], atol)
        return
    if isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            assert_same(x, y, atol)
        return
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5,
                               atol=atol)


@pytest.fixture
def rng():
    return np.random.default_rng(0)


def mlp(lib, compile=True):
    """The same small MLP in `lib` (kerax or keras)."""
    model = lib.Sequential([
        lib.Input((4,)),
        lib.layers.Dense(8, activation="relu"),
        lib.layers.Dense(3, activation="softmax"),
    ])
    if compile:
        model.compile(optimizer=lib.optimizers.Adam(0.01),
                      loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def mlp_data(rng, n=16):
    x = rng.normal(size=(n, 4)).astype("float32")
    y = np.eye(3, dtype="float32")[rng.integers(0, 3, n)]
    return x, y
