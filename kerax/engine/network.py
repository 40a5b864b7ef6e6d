"""Keras 2's `keras.engine.network` path: `Network`, a graph of
layers (kerax's `Functional`; `Network(inputs, outputs)` builds the same
object).
"""

from kerax.core.lazy_exports import lazy_exports

_EXPORTS = {
    "kerax.models.functional": "Network=Functional",
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
