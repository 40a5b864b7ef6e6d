"""Core layers, and Keras 2's `keras.layers.core` path.

Keras 2 code imports its layers from here; each name is read from
`kerax.layers` on first use (see `kerax.core.lazy_exports`).
"""

from kerax.core.lazy_exports import lazy_exports

_EXPORTS = {
    "kerax.layers": (
        "Activation ActivityRegularization Dense Dropout Flatten "
        "Lambda Masking Permute RepeatVector Reshape SpatialDropout1D "
        "SpatialDropout2D SpatialDropout3D"
    ),
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
