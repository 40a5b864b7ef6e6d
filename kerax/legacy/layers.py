"""Keras 2's `keras.legacy.layers` path; each name is read from
`kerax.layers` on first use."""

from kerax.core.lazy_exports import lazy_exports

_EXPORTS = {
    "kerax.layers": (
        "AtrousConvolution1D AtrousConvolution2D Highway MaxoutDense"
    ),
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
