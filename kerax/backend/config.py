"""Keras 2 backend settings: float type, fuzz, data format, names, session.

>>> image_data_format()
'channels_last'
"""

import functools
import warnings

import numpy as np

from kerax.backend import learning, session
from kerax.config import (
    backend,  # noqa: F401
    epsilon,  # noqa: F401
    floatx,
    image_data_format,  # noqa: F401
    set_epsilon,  # noqa: F401
    set_floatx,  # noqa: F401
    set_image_data_format,  # noqa: F401
    standardize_data_format,
)
from kerax.core import naming
from kerax.layers.call_context import name_scope  # noqa: F401
from kerax.utils.session_utils import (  # noqa: F401 (re-exported)
    clear_session,
    on_clear_session,
)

_MANUAL_INIT = {"value": False}


def _reset_session_state():
    # What clear_session forgets of the Keras 2 backend.
    learning._PHASE["value"] = None
    session._SESSION["session"] = None


on_clear_session(_reset_session_state)


def reset_uids():
    """Resets the counters behind `get_uid` and default layer names."""
    naming.reset_uids()


def get_uid(prefix=""):
    """A counter per `prefix`: 1 on the first call, then 2, 3, ...

    It shares its counts with default layer names, as in Keras 2.
    """
    return naming.next_uid(prefix)


def cast_to_floatx(x):
    """`x` as a NumPy array of the default float type."""
    return np.asarray(x, dtype=floatx())


def normalize_data_format(value):
    """`value` checked as a data format; None gives the global default."""
    return standardize_data_format(value)


def manual_variable_initialization(value):
    """Keras 2's switch for TensorFlow's deferred variable initialization.

    kerax Variables hold their value from the moment they are created, so
    there is nothing left for a user to initialize: asking for manual
    initialization (`True`) warns that it has no effect.
    """
    value = bool(value)
    if value:
        warnings.warn(
            "manual_variable_initialization(True) has no effect in kerax: "
            "a Variable is initialized when it is created (set its value "
            "with K.set_value or Variable.assign).",
            stacklevel=2,
        )
    _MANUAL_INIT["value"] = value


def _runs_as_is(func, mode):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    wrapper.__kerax_mode__ = mode
    return wrapper


def symbolic(func):
    """Decorator from Keras 2 (run `func` in graph mode). kerax has one
    mode: ops on KerasTensors build the graph, ops on arrays compute."""
    return _runs_as_is(func, "symbolic")


def eager(func):
    """Decorator from Keras 2 (run `func` eagerly); as for `symbolic`,
    `func` runs as is."""
    return _runs_as_is(func, "eager")
