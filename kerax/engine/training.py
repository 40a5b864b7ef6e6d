"""Keras 2's `keras.engine.training` path: `Model`.
"""

from kerax.core.lazy_exports import lazy_exports

_EXPORTS = {
    "kerax.models": "Model",
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
