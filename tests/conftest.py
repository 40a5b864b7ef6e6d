"""Shared test set-up: real Keras (JAX backend) is the test-only oracle."""

import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")

import pytest

SHARED_DATA = pathlib.Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def keras():
    """Real Keras 3 on JAX, or skip when it is not installed."""
    return pytest.importorskip("keras")


@pytest.fixture(scope="session")
def shared_data():
    """Path to ../shared/data, or skip when absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent")
    return SHARED_DATA
