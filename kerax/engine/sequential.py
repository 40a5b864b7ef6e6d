"""Keras 2's `keras.engine.sequential` path: `Sequential`.
"""

from kerax.core.lazy_exports import lazy_exports

_EXPORTS = {
    "kerax.models": "Sequential",
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
