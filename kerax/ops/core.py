"""Core ops: conversion, casting, control flow, slicing and scatter.

These mirror `keras.ops` core functions. Control-flow ops are thin calls
into `jax.lax`, so they trace under `jax.jit`.

>>> convert_to_tensor([1.0, 2.0]).dtype
dtype('float32')
"""

from __future__ import annotations

import builtins

import jax
import jax.numpy as jnp
import numpy as np

from kerax import config
from kerax.core.dtypes import standardize_dtype
from kerax.core.variable import Variable
from kerax.ops.symbolic import symbolic_op

_ARRAY = jax.Array


# --------------------------------------------------------------- helpers
def _python_dtype(x):
    """Keras's default dtype for Python scalars and nested lists of them."""
    if isinstance(x, bool):
        return "bool"
    if isinstance(x, int):
        return "int32"
    if isinstance(x, float):
        return config.floatx()
    if isinstance(x, (list, tuple)) and x:
        kinds = {_python_dtype(e) for e in x}
        if None in kinds:
            return None
        if config.floatx() in kinds:
            return config.floatx()
        if "int32" in kinds:
            return "int32"
        return "bool"
    return None


def _convert(x, dtype=None):
    """Unwraps Variables and turns array-likes into `jax.Array` (fast)."""
    if isinstance(x, _ARRAY):
        if dtype is not None:
            dtype = standardize_dtype(dtype)
            if x.dtype != dtype:
                x = x.astype(dtype)
        return x
    if isinstance(x, Variable):
        return _convert(x.value, dtype)
    if dtype is None:
        if isinstance(x, (bool, int, float, list, tuple)):
            dtype = _python_dtype(x)
        elif isinstance(x, np.ndarray) and x.dtype == np.float64:
            dtype = config.floatx() if not jax.config.jax_enable_x64 else None
        elif isinstance(x, np.ndarray) and x.dtype == np.int64:
            dtype = None if jax.config.jax_enable_x64 else "int32"
    else:
        dtype = standardize_dtype(dtype)
    if isinstance(x, (list, tuple)):
        x = [_convert(e) if isinstance(e, Variable) else e for e in x]
    return jnp.asarray(x, dtype=dtype)


def unwrap(x):
    """Unwraps a Variable and turns lists into arrays; leaves Python
    scalars untouched so JAX treats them as weakly typed."""
    if isinstance(x, _ARRAY):
        return x
    if isinstance(x, Variable):
        return x.value
    if isinstance(x, (list, tuple)):
        return _convert(x)
    return x


def _unwrap_tree(tree):
    return jax.tree_util.tree_map(
        lambda v: v.value if isinstance(v, Variable) else v,
        tree,
        is_leaf=lambda v: isinstance(v, Variable),
    )


# ------------------------------------------------------------ conversion
@symbolic_op
def convert_to_tensor(x, dtype=None, sparse=None, ragged=None):
    """Converts `x` (array, Variable, list, scalar) to a `jax.Array`.

    Python floats become `floatx()`, Python ints `int32`.

    >>> convert_to_tensor(3).dtype
    dtype('int32')
    """
    if sparse:
        raise ValueError("kerax does not support sparse tensors.")
    if ragged:
        raise ValueError("kerax does not support ragged tensors.")
    return _convert(x, dtype)


def convert_to_numpy(x):
    """Converts `x` to a NumPy array.

    >>> convert_to_numpy(jnp.ones(2)).tolist()
    [1.0, 1.0]
    """
    if isinstance(x, Variable):
        x = x.value
    return np.asarray(x)


def is_tensor(x):
    """True when `x` is a `jax.Array`.

    >>> is_tensor(jnp.ones(1)), is_tensor([1])
    (True, False)
    """
    return isinstance(x, _ARRAY)


@symbolic_op
def cast(x, dtype):
    """Casts `x` to `dtype`.

    >>> cast([1.7, -1.2], "int32").tolist()
    [1, -1]
    """
    return _convert(x).astype(standardize_dtype(dtype))


@symbolic_op
def saturate_cast(x, dtype):
    """Casts `x` to `dtype`, clipping values to the dtype's range first.

    >>> saturate_cast([300.0, -5.0], "uint8").tolist()
    [255, 0]
    """
    dtype = standardize_dtype(dtype)
    x = _convert(x)
    in_info = _dtype_info(x.dtype)
    out_info = _dtype_info(dtype)
    if in_info is not None and out_info is not None:
        lo = builtins.max(float(in_info.min), float(out_info.min))
        hi = builtins.min(float(in_info.max), float(out_info.max))
        if jnp.issubdtype(x.dtype, jnp.floating):
            # The bounds must be representable in the input float type
            # without rounding past the target's range.
            lo_f = np.asarray(lo, dtype=x.dtype)
            hi_f = np.asarray(hi, dtype=x.dtype)
            if float(hi_f) > hi:
                hi_f = np.nextafter(hi_f, np.asarray(-np.inf, x.dtype))
            if float(lo_f) < lo:
                lo_f = np.nextafter(lo_f, np.asarray(np.inf, x.dtype))
            lo, hi = lo_f, hi_f
        x = jnp.clip(x, lo, hi)
    return x.astype(dtype)


def _dtype_info(dtype):
    dtype = jnp.dtype(dtype)
    if jnp.issubdtype(dtype, jnp.integer):
        return jnp.iinfo(dtype)
    if jnp.issubdtype(dtype, jnp.floating):
        return jnp.finfo(dtype)
    return None


def shape(x):
    """Returns the shape of `x` as a tuple (None for unknown symbolic dims).

    Not recorded in functional graphs: a KerasTensor's shape is static.

    >>> shape(jnp.zeros((2, 3)))
    (2, 3)
    """
    if isinstance(x, Variable):
        return x.shape
    if not hasattr(x, "shape"):
        x = _convert(x)
    return tuple(x.shape)


def dtype(x):
    """Returns the dtype of `x` as a string.

    >>> dtype(jnp.ones(1))
    'float32'
    """
    if isinstance(x, (int, float, bool, list, tuple)):
        return standardize_dtype(_convert(x).dtype)
    return standardize_dtype(x.dtype)


# ---------------------------------------------------------- control flow
@symbolic_op
def cond(pred, true_fn, false_fn):
    """Runs `true_fn()` if `pred` else `false_fn()` (`jax.lax.cond`).

    >>> int(cond(True, lambda: 1, lambda: 2))
    1
    """
    return jax.lax.cond(_convert(pred), true_fn, false_fn)


@symbolic_op
def switch(index, branches, *operands):
    """Runs `branches[index](*operands)` (`jax.lax.switch`).

    >>> int(switch(1, [lambda x: x, lambda x: x + 1], 1))
    2
    """
    return jax.lax.switch(index, branches, *_unwrap_tree(operands))


@symbolic_op
def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """Loops `carry, y = f(carry, x)` over the leading axis of `xs`.

    >>> carry, ys = scan(lambda c, x: (c + x, c), 0.0, jnp.arange(3.0))
    >>> float(carry), ys.tolist()
    (3.0, [0.0, 0.0, 1.0])
    """
    return jax.lax.scan(
        f, _unwrap_tree(init), _unwrap_tree(xs), length=length,
        reverse=reverse, unroll=unroll,
    )


@symbolic_op
def associative_scan(f, elems, reverse=False, axis=0):
    """Prefix scan with an associative binary `f`.

    >>> associative_scan(lambda a, b: a + b, jnp.arange(4)).tolist()
    [0, 1, 3, 6]
    """
    return jax.lax.associative_scan(
        f, _unwrap_tree(elems), reverse=reverse, axis=axis
    )


@symbolic_op
def map(f, xs):
    """Applies `f` to each slice of `xs` along the leading axis.

    >>> map(lambda x: x * 2, jnp.arange(3)).tolist()
    [0, 2, 4]
    """
    return jax.lax.map(f, _unwrap_tree(xs))


@symbolic_op
def fori_loop(lower, upper, body_fun, init_val):
    """`for i in range(lower, upper): val = body_fun(i, val)`.

    >>> int(fori_loop(0, 4, lambda i, v: v + i, 0))
    6
    """
    return jax.lax.fori_loop(lower, upper, body_fun, _unwrap_tree(init_val))


@symbolic_op
def while_loop(cond, body, loop_vars, maximum_iterations=None):
    """Runs `loop_vars = body(*loop_vars)` while `cond(*loop_vars)`.

    `loop_vars` is a tuple/list (unpacked into `cond` and `body`) or a
    single value; at most `maximum_iterations` iterations run.

    >>> int(while_loop(lambda i: i < 5, lambda i: i + 1, 0))
    5
    """
    as_tuple = isinstance(loop_vars, (tuple, list))
    state = tuple(loop_vars) if as_tuple else (loop_vars,)
    state = _unwrap_tree(state)

    def step(args):
        out = body(*args)
        return tuple(out) if as_tuple else (out,)

    if maximum_iterations is None:
        result = jax.lax.while_loop(lambda a: cond(*a), step, state)
    else:
        def cond_n(carry):
            args, i = carry
            return jnp.logical_and(cond(*args), i < maximum_iterations)

        def body_n(carry):
            args, i = carry
            return step(args), i + 1

        result, _ = jax.lax.while_loop(cond_n, body_n, (state, 0))
    return result if as_tuple else result[0]


@symbolic_op
def stop_gradient(variable):
    """Blocks gradients through `variable`.

    >>> stop_gradient(jnp.ones(2)).tolist()
    [1.0, 1.0]
    """
    return jax.lax.stop_gradient(_convert(variable))


def custom_gradient(f):
    """Decorator: `f(*args)` returns `(output, grad_fn)` where
    `grad_fn(*upstream)` returns the gradients w.r.t. `args`
    (`jax.custom_gradient`).

    >>> @custom_gradient
    ... def clip_grad(x):
    ...     return x, lambda g: jnp.clip(g, -1.0, 1.0)
    >>> float(jax.grad(lambda x: 5.0 * clip_grad(x))(2.0))
    1.0
    """
    wrapped = jax.custom_gradient(fun=f)

    def call(*args, **kwargs):
        args, kwargs = _unwrap_tree((args, kwargs))
        return wrapped(*args, **kwargs)

    return call


@symbolic_op
def vectorized_map(function, elements):
    """Maps `function` over the leading axis of `elements` (`jax.vmap`).

    >>> vectorized_map(lambda x: x.sum(), jnp.ones((3, 2))).tolist()
    [2.0, 2.0, 2.0]
    """
    return jax.vmap(function)(_unwrap_tree(elements))


# ------------------------------------------------------- slicing/scatter
@symbolic_op
def slice(inputs, start_indices, shape):
    """Returns the block of size `shape` starting at `start_indices`.

    >>> slice(jnp.arange(6).reshape(2, 3), (0, 1), (2, 2)).tolist()
    [[1, 2], [4, 5]]
    """
    start = _index_list(start_indices)
    return jax.lax.dynamic_slice(_convert(inputs), start, tuple(shape))


@symbolic_op
def slice_update(inputs, start_indices, updates):
    """Writes `updates` into `inputs` at `start_indices`.

    >>> slice_update(jnp.zeros(4), (1,), jnp.ones(2)).tolist()
    [0.0, 1.0, 1.0, 0.0]
    """
    inputs = _convert(inputs)
    updates = _convert(updates, inputs.dtype)
    start = _index_list(start_indices)
    return jax.lax.dynamic_update_slice(inputs, updates, start)


def _index_list(indices):
    if isinstance(indices, (list, tuple)):
        return [unwrap(i) for i in indices]
    indices = _convert(indices)
    return [indices[i] for i in range(indices.shape[0])]


@symbolic_op
def scatter(indices, values, shape):
    """Returns a zero tensor of `shape` with `values` added at `indices`.

    >>> scatter([[1], [3]], [5.0, 6.0], (4,)).tolist()
    [0.0, 5.0, 0.0, 6.0]
    """
    indices = _convert(indices)
    values = _convert(values)
    key = tuple(jnp.moveaxis(indices, -1, 0))
    return jnp.zeros(tuple(shape), values.dtype).at[key].add(values)


@symbolic_op
def scatter_update(inputs, indices, updates, reduction=None):
    """Sets (or reduces: "add", "max", "min", "mul") `updates` into
    `inputs` at `indices` (shape `(n, inputs.ndim)` or prefix).

    >>> scatter_update(jnp.zeros(3), [[0], [2]], jnp.ones(2)).tolist()
    [1.0, 0.0, 1.0]
    """
    inputs = _convert(inputs)
    indices = _convert(indices)
    updates = _convert(updates, inputs.dtype)
    at = inputs.at[tuple(jnp.moveaxis(indices, -1, 0))]
    if reduction is None:
        return at.set(updates)
    ops = {"add": at.add, "max": at.max, "min": at.min, "mul": at.multiply}
    if reduction not in ops:
        raise ValueError(
            "Unsupported `reduction`. Expected one of None, 'add', 'max', "
            f"'min', 'mul'. Received: reduction={reduction}"
        )
    return ops[reduction](updates)


@symbolic_op
def unstack(x, num=None, axis=0):
    """Splits `x` along `axis` into a list of tensors.

    >>> [t.tolist() for t in unstack(jnp.arange(4).reshape(2, 2))]
    [[0, 1], [2, 3]]
    """
    x = _convert(x)
    n = x.shape[axis]
    if num is not None and num != n:
        raise ValueError(
            f"`num` must equal the size of axis {axis}: expected {n}. "
            f"Received: num={num}"
        )
    return [jnp.take(x, i, axis=axis) for i in range(n)]
