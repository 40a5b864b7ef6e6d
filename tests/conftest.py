"""Shared test set-up: real Keras (JAX backend) is the test-only oracle."""

import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
# kerax's default persistent compilation cache stays off in tests (export
# KERAX_COMPILATION_CACHE=1 to opt in): nothing is written into the real
# home and no test depends on what an earlier run left on disk (the run's
# own cache below starts empty). tests/support/test_compilation_cache.py
# turns it on in subprocesses with a temporary KERAX_HOME.
os.environ.setdefault("KERAX_COMPILATION_CACHE", "0")

import shutil
import tempfile

import jax
import pytest

SHARED_DATA = pathlib.Path(__file__).resolve().parents[2] / "shared" / "data"


# The test run's own XLA cache, one folder per run shared by its xdist
# workers (`PYTEST_XDIST_TESTRUNUID` is the same in all of them): many tests
# build the same small models, whose programs are then compiled once per
# run instead of once per test. Set through jax.config, not the
# environment, so subprocesses that tests start never see it; JAX's file
# lock guards the folder (a size bound turns the lock on); the controller
# removes it at the end. KERAX_TEST_XLA_CACHE=0 turns it off.
RUN_CACHE = None
if (os.environ.get("KERAX_TEST_XLA_CACHE", "1") != "0"
        and not jax.config.jax_compilation_cache_dir):
    RUN_CACHE = os.path.join(tempfile.gettempdir(), "kerax-tests-xla-" + (
        os.environ.get("PYTEST_XDIST_TESTRUNUID") or str(os.getpid())))
    jax.config.update("jax_compilation_cache_dir", RUN_CACHE)
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)
    jax.config.update("jax_compilation_cache_max_size", 8 << 30)


def pytest_unconfigure(config):
    """The controller (or the only process) removes the run's XLA cache."""
    if RUN_CACHE and not hasattr(config, "workerinput"):
        shutil.rmtree(RUN_CACHE, ignore_errors=True)


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
