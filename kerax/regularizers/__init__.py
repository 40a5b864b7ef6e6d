"""Weight regularizers and their lookup (Keras's `keras.regularizers`).

>>> get("l2").get_config()
{'l2': 0.01}
"""

from __future__ import annotations

import inspect

from kerax.core.naming import to_snake_case
from kerax.regularizers.regularizers import (
    L1,
    L1L2,
    L2,
    OrthogonalRegularizer,
    Regularizer,
)
from kerax.utils.object_lookup import deserialize_object, serialize_object


def l1(l=0.01, **kwargs):  # noqa: E741 - the Keras 2 argument name
    """An `L1` regularizer; Keras 2 named its factor `l` (`l1=` works)."""
    return L1(kwargs.pop("l1", l), **kwargs)


def l2(l=0.01, **kwargs):  # noqa: E741 - the Keras 2 argument name
    """An `L2` regularizer; Keras 2 named its factor `l` (`l2=` works)."""
    return L2(kwargs.pop("l2", l), **kwargs)


l1_l2 = L1L2
orthogonal_regularizer = OrthogonalRegularizer

_CLASSES = (Regularizer, L1, L2, L1L2, OrthogonalRegularizer)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _CLASSES}
ALL_OBJECTS_DICT.update({to_snake_case(c.__name__): c for c in _CLASSES})
ALL_OBJECTS_DICT["l1l2"] = L1L2
ALL_OBJECTS_DICT["l1_l2"] = L1L2  # Keras 2 name


def serialize(regularizer):
    """Keras 3's dict for a regularizer.

    >>> serialize(L2(0.1))["config"]
    {'l2': 0.1}
    """
    return serialize_object(
        regularizer, "keras.regularizers", builtins=ALL_OBJECTS_DICT
    )


def deserialize(config, custom_objects=None):
    """A regularizer from a name or a Keras 2/3 config dict.

    >>> deserialize({"class_name": "L1", "config": {"l1": 0.5}}).l1
    0.5
    """
    return deserialize_object(
        config, ALL_OBJECTS_DICT, custom_objects, "regularizer"
    )


def get(identifier):
    """A regularizer from a name, dict, class, instance or callable (None
    gives None).

    >>> get(None) is None
    True
    """
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        try:
            obj = deserialize(identifier)
        except ValueError:
            obj = None
    else:
        obj = identifier
    if callable(obj):
        return obj() if inspect.isclass(obj) else obj
    raise ValueError(
        f"Could not interpret regularizer identifier: {identifier}"
    )
