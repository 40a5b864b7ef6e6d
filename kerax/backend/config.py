"""Keras 2's `keras.backend` functions that tutorials still call.

>>> image_data_format()
'channels_last'
"""

import jax.numpy as jnp
import numpy as np

from kerax.config import backend
from kerax.config import epsilon
from kerax.config import floatx
from kerax.config import image_data_format
from kerax.config import set_epsilon
from kerax.config import set_floatx
from kerax.config import set_image_data_format
from kerax.core.naming import reset_uids


def clear_session():
    """Resets default layer names (`dense`, `dense_1`, ...)."""
    reset_uids()


def get_value(x):
    """The value of a Variable or array, as NumPy."""
    return np.asarray(x.value if hasattr(x, "value") else x)


def set_value(x, value):
    """Assigns `value` to the Variable `x`."""
    x.assign(value)


def cast_to_floatx(x):
    return np.asarray(x, dtype=floatx())


def is_keras_tensor(x):
    from kerax.core.keras_tensor import is_keras_tensor as check

    return check(x)


def int_shape(x):
    return tuple(x.shape)


def count_params(x):
    return int(np.prod(x.shape))


def ones_like(x):
    return jnp.ones_like(get_value(x))


__all__ = [
    "backend", "clear_session", "epsilon", "floatx", "image_data_format",
    "set_epsilon", "set_floatx", "set_image_data_format", "get_value",
    "set_value", "cast_to_floatx", "is_keras_tensor", "int_shape",
    "count_params", "ones_like",
]
