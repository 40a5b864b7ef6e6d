"""Keras 2's `keras.legacy`: `kerax.legacy.layers` names the Keras 1
layers Keras 2 still shipped (`Highway`, `MaxoutDense`,
`AtrousConvolution1D/2D`)."""

import importlib


def __getattr__(name):
    if name == "layers":
        return importlib.import_module(f"{__name__}.layers")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
