"""Keras 2's `keras.engine.input_layer` path: `Input`, `InputLayer`.
"""

from kerax.core.lazy_exports import lazy_exports

_EXPORTS = {
    "kerax.layers": "Input InputLayer",
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
