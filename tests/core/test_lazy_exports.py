"""`kerax.core.lazy_exports` and the packages built on it."""

import doctest
import subprocess
import sys
import types

import pytest

from kerax.core import lazy_exports as lazy_module
from kerax.core.lazy_exports import lazy_exports


def test_docstring_examples():
    assert doctest.testmod(lazy_module).failed == 0


def _package(exports):
    pkg = types.ModuleType("pkg")
    pkg.__getattr__, pkg.__dir__ = lazy_exports(pkg.__dict__, exports)
    return pkg


def test_name_is_imported_once_and_cached():
    pkg = _package({"json": "dumps"})
    first = pkg.dumps
    assert "dumps" in vars(pkg) and pkg.dumps is first


def test_unknown_name_raises_attribute_error():
    pkg = _package({"json": "dumps"})
    with pytest.raises(AttributeError, match="'pkg' has no attribute 'nope'"):
        pkg.nope  # noqa: B018 - the attribute access is the test


def test_a_name_exported_twice_is_an_error():
    with pytest.raises(ValueError, match="exported twice: 'x'"):
        _package({"json": "x=dumps", "os": "x=getcwd"})


def test_import_kerax_loads_no_layer_until_used():
    code = (
        "import sys, kerax\n"
        "loaded = lambda: {m for m in sys.modules"
        " if m.startswith('kerax.layers.convolutional')}\n"
        "assert not loaded(), loaded()\n"
        "from kerax.layers import Conv2D, Convolution2D\n"
        "assert Conv2D is Convolution2D and loaded()\n"
        "assert 'LSTM' in dir(kerax.layers)\n"
        "assert kerax.utils.to_categorical([1], 2).shape == (1, 2)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_deserialization_finds_lazily_exported_layers():
    import kerax

    config = kerax.layers.serialize(kerax.layers.GRU(3))
    layer = kerax.layers.deserialize(config)
    assert type(layer).__name__ == "GRU" and layer.units == 3
