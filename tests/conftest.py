"""Shared test set-up: real Keras (JAX backend) is the test-only oracle."""

import os
import pathlib

import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
# The persistent compilation cache stays off in tests (export
# KERAX_COMPILATION_CACHE=1 to opt in): nothing is written into the real
# home, no test depends on what an earlier run left on disk, and a JAX cache
# read/write warning (concurrent runs) cannot become an error through
# `filterwarnings = error`. tests/test_compilation_cache.py turns it on in
# subprocesses with a temporary KERAX_HOME.
os.environ.setdefault("KERAX_COMPILATION_CACHE", "0")
# Tests compile at XLA's optimisation level 0 (tests/xla_flags.py says why).
from xla_flags import set_test_level

set_test_level()

SHARED_DATA = pathlib.Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadfile` with the program tier split per test
    (tests/xdist_scheduling.py)."""
    from xdist_scheduling import make_scheduler

    return make_scheduler(config, log)


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
