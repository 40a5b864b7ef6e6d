"""Keras 2's serialization format: an old path, re-exporting
`kerax.saving.legacy_serialization`.
"""

from kerax.saving.legacy_serialization import (
    SHARED_OBJECT_KEY,
    SharedObjectLoadingScope,
    SharedObjectSavingScope,
    deserialize_keras_object,
    serialize_keras_object,
)

__all__ = [
    "SHARED_OBJECT_KEY",
    "SharedObjectLoadingScope",
    "SharedObjectSavingScope",
    "deserialize_keras_object",
    "serialize_keras_object",
]
