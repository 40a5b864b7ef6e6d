"""Keras 2 backend Variables and tensor facts: creation, reading,
assignment, shapes and types.

`update`, `update_add`, `update_sub` and `moving_average_update` assign
at once when the new value is concrete (also inside a layer's call, where
the assignment goes to the open StatelessScope). With a symbolic new
value they return an `Update` to pass to `K.function(..., updates=...)`.

>>> from kerax.backend import update_add
>>> v = variable([1.0, 2.0])
>>> _ = update_add(v, [1.0, 1.0])
>>> get_value(v).tolist()
[2.0, 3.0]
"""

import jax.numpy as jnp
import numpy as np

from kerax.backend.common import read, tracing
from kerax.core.dtypes import standardize_dtype
from kerax.core.keras_tensor import (
    KerasTensor,
    is_keras_tensor,  # noqa: F401
)
from kerax.core.variable import Variable
from kerax.layers.core.input_layer import Input, InputLayer


# --------------------------------------------------------------- creation
def variable(value, dtype=None, name=None, constraint=None):
    """A Variable holding `value`, of `floatx()` unless `dtype` is given."""
    var = Variable(jnp.asarray(read(value), dtype=standardize_dtype(dtype)),
                   name=name)
    var.constraint = constraint
    return var


def constant(value, dtype=None, shape=None, name=None):
    """A constant tensor of `value`, broadcast to `shape` if given."""
    value = jnp.asarray(read(value), dtype=standardize_dtype(dtype))
    if shape is not None:
        shape = tuple(int(d) for d in shape)
        if value.size == int(np.prod(shape)) and value.ndim:
            value = value.reshape(shape)
        else:
            value = jnp.broadcast_to(value, shape)
    return value


def placeholder(shape=None, ndim=None, dtype=None, sparse=False, name=None):
    """A symbolic input tensor (an `Input`) of `shape` or of rank `ndim`
    (unknown sizes); feed it through `K.function`."""
    if shape is None:
        if ndim is None:
            raise ValueError(
                "placeholder needs a `shape` or an `ndim`. Received: "
                "shape=None, ndim=None"
            )
        shape = (None,) * int(ndim)
    return Input(batch_shape=tuple(shape), dtype=standardize_dtype(dtype),
                 sparse=bool(sparse), name=name)


def is_placeholder(x):
    """True for a symbolic input tensor (`placeholder` or `Input`)."""
    history = getattr(x, "_keras_history", None)
    return bool(history) and isinstance(history[0], InputLayer)


def _filled(value, dtype, name):
    """A Variable of `value`; while tracing (inside a layer's call under
    `jit`) a plain tensor, as Keras 2 returns for unknown shapes."""
    if tracing():
        return value
    return variable(value, dtype=dtype, name=name)


def zeros(shape, dtype=None, name=None):
    """A Variable of zeros (a tensor inside a traced call)."""
    return _filled(jnp.zeros(tuple(shape), standardize_dtype(dtype)),
                   dtype, name)


def ones(shape, dtype=None, name=None):
    """A Variable of ones (a tensor inside a traced call)."""
    return _filled(jnp.ones(tuple(shape), standardize_dtype(dtype)),
                   dtype, name)


def eye(size, dtype=None, name=None):
    """A Variable holding an identity matrix (`size`: n or (rows, cols));
    a tensor inside a traced call."""
    rows, cols = (size, size) if isinstance(size, int) else tuple(size)
    return _filled(jnp.eye(rows, cols, dtype=standardize_dtype(dtype)),
                   dtype, name)


# ---------------------------------------------------------------- reading
def get_value(x):
    """The value of a Variable or array, as NumPy."""
    if isinstance(x, KerasTensor):
        raise TypeError(
            "get_value needs a Variable or an array; a symbolic tensor has "
            "no value until it is fed: use K.function or K.eval. Received: "
            f"{x}"
        )
    return np.asarray(read(x))


def batch_get_value(ops):
    """`[get_value(x) for x in ops]`."""
    return [get_value(x) for x in ops]


def set_value(x, value):
    """Assigns `value` (array-like) to the Variable `x`."""
    if not isinstance(x, Variable):
        raise TypeError(
            f"set_value needs a Variable. Received: x of type {type(x)}"
        )
    x.assign(np.asarray(value))


def batch_set_value(tuples):
    """Assigns each `(variable, value)` pair."""
    for x, value in tuples:
        set_value(x, value)


def to_dense(tensor):
    """A sparse tensor (`jax.experimental.sparse.BCOO`) made dense; other
    tensors unchanged."""
    if is_sparse(tensor):
        return tensor.todense()
    return tensor


# ----------------------------------------------------------------- facts
def dtype(x):
    """`x`'s dtype name, e.g. `'float32'`."""
    return standardize_dtype(x.dtype)


def ndim(x):
    """`x`'s rank."""
    return len(x.shape)


def int_shape(x):
    """`x`'s shape as a tuple of ints, None where unknown (also for the
    symbolic batch size while a layer's output shape is inferred)."""
    if not hasattr(x, "shape"):
        return None
    return tuple(int(d) if isinstance(d, (int, np.integer)) else None
                 for d in x.shape)


def shape(x):
    """`x`'s shape as a tuple; under JAX sizes are known ints (also
    inside `jit`), a symbolic size while a layer's output shape is
    inferred, and None for the unknown axes of a KerasTensor."""
    if not hasattr(x, "shape"):
        return np.shape(x)
    return tuple(x.shape)


def count_params(x):
    """The number of entries of `x`."""
    return int(np.prod(int_shape(x)))


def is_sparse(tensor):
    """True for a `jax.experimental.sparse.BCOO` tensor."""
    from jax.experimental import sparse

    return isinstance(tensor, sparse.BCOO)


def is_variable(x):
    return isinstance(x, Variable)


def is_tensor(x):
    """True for arrays, Variables and symbolic tensors (not for NumPy
    arrays or Python numbers, as in Keras 2)."""
    import jax

    return isinstance(x, (jax.Array, Variable, KerasTensor)) or is_sparse(x)
