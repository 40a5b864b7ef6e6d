"""Fixtures for the saving tests: model builders shared by kerax and Keras."""

import numpy as np
import pytest


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
