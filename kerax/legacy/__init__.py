"""Keras 2's `keras.legacy`: `kerax.legacy.layers` names the Keras 1
layers Keras 2 still shipped (`Highway`, `MaxoutDense`,
`AtrousConvolution1D/2D`); `kerax.legacy.saving` is Keras 3's
`keras.legacy.saving` (Keras 2's serialization format)."""

import importlib


def __getattr__(name):
    if name in ("layers", "saving"):
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | {"layers", "saving"})
