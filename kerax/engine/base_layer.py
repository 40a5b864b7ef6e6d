"""Keras 2's `keras.engine.base_layer` path: `Layer`, `InputSpec`, `Node`.
"""

from kerax.core.lazy_exports import lazy_exports

_EXPORTS = {
    "kerax.layers": "InputSpec Layer",
    "kerax.core.node": "Node",
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
