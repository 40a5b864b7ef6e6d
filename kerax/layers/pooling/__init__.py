"""Pooling layers, and Keras 2's `keras.layers.pooling` path.

Keras 2 code imports its layers from here; each name is read from
`kerax.layers` on first use (see `kerax.core.lazy_exports`).
"""

from kerax.core.lazy_exports import lazy_exports

_EXPORTS = {
    "kerax.layers": (
        "AveragePooling1D AveragePooling2D AveragePooling3D AvgPool1D "
        "AvgPool2D AvgPool3D GlobalAveragePooling1D "
        "GlobalAveragePooling2D GlobalAveragePooling3D GlobalAvgPool1D "
        "GlobalAvgPool2D GlobalAvgPool3D GlobalMaxPool1D "
        "GlobalMaxPool2D GlobalMaxPool3D GlobalMaxPooling1D "
        "GlobalMaxPooling2D GlobalMaxPooling3D MaxPool1D MaxPool2D "
        "MaxPool3D MaxPooling1D MaxPooling2D MaxPooling3D"
    ),
}

__getattr__, __dir__ = lazy_exports(globals(), _EXPORTS)
