"""Weight constraints and their lookup (Keras's `keras.constraints`).

>>> get("non_neg").__class__.__name__
'NonNeg'
"""

from __future__ import annotations

import inspect

from kerax.constraints.constraints import (
    Constraint,
    MaxNorm,
    MinMaxNorm,
    NonNeg,
    UnitNorm,
)
from kerax.core.naming import to_snake_case
from kerax.utils.object_lookup import deserialize_object, serialize_object

max_norm = MaxNorm
min_max_norm = MinMaxNorm
non_neg = NonNeg
unit_norm = UnitNorm
# Keras 2 names.
maxnorm = MaxNorm
nonneg = NonNeg
unitnorm = UnitNorm

_CLASSES = (Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _CLASSES}
ALL_OBJECTS_DICT.update({to_snake_case(c.__name__): c for c in _CLASSES})
# Keras 2 spellings.
ALL_OBJECTS_DICT.update({"maxnorm": MaxNorm, "nonneg": NonNeg,
                         "unitnorm": UnitNorm})


def serialize(constraint):
    """Keras 3's dict for a constraint.

    >>> serialize(MaxNorm())["config"]
    {'max_value': 2, 'axis': 0}
    """
    return serialize_object(
        constraint, "keras.constraints", builtins=ALL_OBJECTS_DICT
    )


def deserialize(config, custom_objects=None):
    """A constraint from a name or a Keras 2/3 config dict.

    >>> deserialize({"class_name": "UnitNorm", "config": {"axis": 1}}).axis
    1
    """
    return deserialize_object(
        config, ALL_OBJECTS_DICT, custom_objects, "constraint"
    )


def get(identifier):
    """A constraint from a name, dict, class, instance or callable (None
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
        f"Could not interpret constraint identifier: {identifier}"
    )
