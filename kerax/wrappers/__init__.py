"""Keras 2's `keras.wrappers`: `scikit_learn` (imported on first use)."""

import importlib

_SUBMODULES = frozenset({"scikit_learn"})


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | _SUBMODULES)
