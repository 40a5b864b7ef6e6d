"""Custom-object registration as `kerax.saving` exports it; the state
lives in `kerax.core.custom_objects`, which every family's lookup shares.

>>> @register_keras_serializable(package="Doc")
... def halve(x):
...     return x / 2
>>> get_registered_object("Doc>halve") is halve
True
"""

from kerax.core.custom_objects import (
    CustomObjectScope,
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    is_registered,
    register_keras_serializable,
)

__all__ = [
    "CustomObjectScope",
    "custom_object_scope",
    "get_custom_objects",
    "get_registered_name",
    "get_registered_object",
    "is_registered",
    "register_keras_serializable",
]
