"""Helpers shared by the `kerax.backend` modules (private).

`k_op` turns a function written on arrays into a Keras 2 backend function:
Variables are read, and on symbolic KerasTensors the call is recorded as a
graph node (through `kerax.ops.symbolic.symbolic_op`).
"""

import functools

import jax
import jax.numpy as jnp
from jax import tree_util

from kerax.config import floatx
from kerax.core.dtypes import standardize_dtype
from kerax.core.variable import Variable
from kerax.ops.symbolic import symbolic_op


def read(value):
    """A Variable's current value; anything else unchanged."""
    return value.value if isinstance(value, Variable) else value


def k_op(fn):
    """Decorator: reads Variables, then runs `fn` (or records a node)."""

    @functools.wraps(fn)
    def on_values(*args, **kwargs):
        args, kwargs = tree_util.tree_map(
            read, (args, kwargs), is_leaf=lambda v: isinstance(v, Variable)
        )
        return fn(*args, **kwargs)

    return symbolic_op(on_values)


def tensor(x, dtype=None):
    """`x` as a JAX array; Python floats become `floatx()`."""
    x = read(x)
    if dtype is not None:
        return jnp.asarray(x, dtype=standardize_dtype(dtype))
    if hasattr(x, "dtype"):
        return jnp.asarray(x)
    array = jnp.asarray(x)
    if jnp.issubdtype(array.dtype, jnp.floating):
        return array.astype(floatx())
    return array


def float_tensor(x):
    """`x` as a JAX array, floats kept, others cast to `floatx()`."""
    x = tensor(x)
    if jnp.issubdtype(x.dtype, jnp.floating):
        return x
    return x.astype(floatx())


def axes(axis):
    """A Keras 2 `axis` argument (int, list, tuple or None) for jnp."""
    if isinstance(axis, list):
        return tuple(int(a) for a in axis)
    return axis


def tracing():
    """True while JAX traces (inside `jit`, `grad`, a symbolic build)."""
    return isinstance(jnp.zeros(()), jax.core.Tracer)


def check_data_format(data_format):
    """`data_format` validated (None -> the global image data format)."""
    from kerax.config import standardize_data_format

    return standardize_data_format(data_format)
