"""Keras 2's `keras.layers.local` path.

Keras 2 code imports its layers from here; each name is read from
`kerax.layers` on first use (see `kerax.core.lazy_exports`).
"""

from kerax.core.lazy_exports import lazy_exports

_EXPORTS = {
    "kerax.layers": (
        "LocallyConnected1D LocallyConnected2D"
    ),
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
