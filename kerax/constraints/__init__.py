"""Weight constraints and their lookup (Keras's `keras.constraints`).

>>> get("non_neg").__class__.__name__
'NonNeg'
"""

from __future__ import annotations

from kerax.constraints.constraints import (
    Constraint,
    MaxNorm,
    MinMaxNorm,
    NonNeg,
    UnitNorm,
)
from kerax.core.registry import CONSTRAINTS, make_api

max_norm = MaxNorm
min_max_norm = MinMaxNorm
non_neg = NonNeg
unit_norm = UnitNorm
# Keras 2 names.
maxnorm = MaxNorm
nonneg = NonNeg
unitnorm = UnitNorm

# Name -> class (with snake_case and Keras 2 names); the classes join it
# with `@register("constraints")` where they are defined.
ALL_OBJECTS_DICT = CONSTRAINTS.classes

get, serialize, deserialize = make_api(CONSTRAINTS, __name__, "constraint")
