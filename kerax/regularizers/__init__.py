"""Weight regularizers and their lookup (Keras's `keras.regularizers`).

>>> get("l2").get_config()
{'l2': 0.01}
"""

from __future__ import annotations

from kerax.core.registry import REGULARIZERS, make_api
from kerax.regularizers.regularizers import (
    L1,
    L1L2,
    L2,
    OrthogonalRegularizer,
    Regularizer,
)


def l1(l=0.01, **kwargs):  # noqa: E741 - the Keras 2 argument name
    """An `L1` regularizer; Keras 2 named its factor `l` (`l1=` works)."""
    return L1(kwargs.pop("l1", l), **kwargs)


def l2(l=0.01, **kwargs):  # noqa: E741 - the Keras 2 argument name
    """An `L2` regularizer; Keras 2 named its factor `l` (`l2=` works)."""
    return L2(kwargs.pop("l2", l), **kwargs)


l1_l2 = L1L2
orthogonal_regularizer = OrthogonalRegularizer

# Name -> class (with snake_case and Keras 2 names); the classes join it
# with `@register("regularizers")` where they are defined.
ALL_OBJECTS_DICT = REGULARIZERS.classes

get, serialize, deserialize = make_api(REGULARIZERS, __name__, "regularizer")
