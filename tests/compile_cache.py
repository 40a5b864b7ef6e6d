"""Fixtures for test modules that build the same model many times.

The suite runs with the persistent compilation cache off (tests/conftest.py).
A module that builds one model again and again (a fresh model per test, a
reference run and a resumed run, kerax and the Keras oracle) compiles the
same train/test/predict programs each time: ~60% of such a test is XLA
compiling. `module_compile_cache` turns JAX's persistent cache on in a fresh
temporary folder for one module, so that an identical program is read back
instead of compiled again: the same executable, so the same values. Tracing
and lowering still run in full; nothing is shared between modules, runs or
xdist workers. Opt in with

    pytestmark = pytest.mark.usefixtures("module_compile_cache")

after `from compile_cache import module_compile_cache`. A test that counts
XLA compiles asks for `no_compile_cache` as well, and can count them with
`count_compiles()`.
"""

import contextlib

import jax
import pytest
from jax import monitoring

import kerax

_OPTIONS = ("jax_enable_compilation_cache", "jax_compilation_cache_dir",
            "jax_compilation_cache_max_size",
            "jax_persistent_cache_min_compile_time_secs")


def _snapshot():
    return {name: getattr(jax.config, name) for name in _OPTIONS}


def _restore(options):
    """Puts JAX's cache options back exactly as they were."""
    kerax.config.disable_compilation_cache()  # drops JAX's cache object
    for name, value in options.items():
        jax.config.update(name, value)


@pytest.fixture(scope="module")
def module_compile_cache(tmp_path_factory):
    """JAX's persistent compilation cache in a folder private to the
    module (kerax's default minimum compile time: small eager ops are
    not written)."""
    before = _snapshot()
    kerax.config.enable_compilation_cache(
        tmp_path_factory.mktemp("jax_cache"))
    yield
    _restore(before)


@pytest.fixture
def no_compile_cache():
    """The persistent compilation cache off for one test (every program is
    compiled, as JAX reports it)."""
    before = _snapshot()
    kerax.config.disable_compilation_cache()
    yield
    _restore(before)


@contextlib.contextmanager
def count_compiles():
    """A list that gets one entry per XLA compile made inside the block,
    as JAX reports them (`/jax/core/compile/backend_compile_duration`)."""
    seen = []

    def on_duration(name, duration, **kwargs):
        if name == "/jax/core/compile/backend_compile_duration":
            seen.append(duration)

    monitoring.register_event_duration_secs_listener(on_duration)
    try:
        yield seen
    finally:
        monitoring.unregister_event_duration_listener(on_duration)
