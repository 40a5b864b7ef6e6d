"""Keras 3's `keras.utils.legacy`: Keras 2's serialization format (the
same functions as `kerax.legacy.saving`, defined in
`kerax.saving.legacy_serialization`).

>>> import kerax
>>> serialize_keras_object(kerax.constraints.NonNeg())
{'class_name': 'NonNeg', 'config': {}}
"""

from kerax.saving.legacy_serialization import (
    deserialize_keras_object,
    serialize_keras_object,
)

__all__ = ["deserialize_keras_object", "serialize_keras_object"]
