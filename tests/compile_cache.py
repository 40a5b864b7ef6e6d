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
XLA compiles asks for `no_compile_cache` as well.
"""

import pytest

import kerax


def _restore(folder):
    if folder is None:
        kerax.config.disable_compilation_cache()
    else:
        kerax.config.enable_compilation_cache(folder)


@pytest.fixture(scope="module")
def module_compile_cache(tmp_path_factory):
    """JAX's persistent compilation cache in a folder private to the
    module (kerax's default minimum compile time: small eager ops are
    not written)."""
    before = kerax.config.compilation_cache_dir()
    kerax.config.enable_compilation_cache(
        tmp_path_factory.mktemp("jax_cache"))
    yield
    _restore(before)


@pytest.fixture
def no_compile_cache():
    """The persistent compilation cache off for one test (every program is
    compiled, as JAX reports it)."""
    before = kerax.config.compilation_cache_dir()
    kerax.config.disable_compilation_cache()
    yield
    _restore(before)
