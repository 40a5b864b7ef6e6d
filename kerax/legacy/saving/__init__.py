"""Keras 2's serialization format (Keras 3's `keras.legacy.saving`, also
`keras.utils.legacy`): `{"class_name", "config"}` dicts with no
`module`, nested objects flagged `"__passive_serialization__"` and
functions saved by name.

>>> import kerax
>>> from kerax.legacy import saving
>>> saving.serialize_keras_object(kerax.initializers.Zeros())
{'class_name': 'Zeros', 'config': {}}
"""

from kerax.saving.legacy_serialization import (
    SharedObjectLoadingScope,
    SharedObjectSavingScope,
    deserialize_keras_object,
    serialize_keras_object,
)

__all__ = [
    "SharedObjectLoadingScope",
    "SharedObjectSavingScope",
    "deserialize_keras_object",
    "serialize_keras_object",
]
