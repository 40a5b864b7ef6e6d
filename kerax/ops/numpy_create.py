"""NumPy-style constructors: ranges, filled tensors, windows.

Float results default to `floatx()`, integer ones to int32.

>>> zeros((2,)).tolist()
[0.0, 0.0]
"""

from __future__ import annotations

import jax.numpy as jnp

from kerax import config
from kerax.core.dtypes import standardize_dtype
from kerax.ops.core import _convert, unwrap
from kerax.ops.symbolic import symbolic_op


def _dtype_or_floatx(dtype):
    return standardize_dtype(dtype) if dtype is not None else config.floatx()


def _shape(shape):
    return (shape,) if isinstance(shape, int) else tuple(shape)


@symbolic_op
def zeros(shape, dtype=None):
    """A tensor of zeros.

    >>> zeros((1, 2)).shape
    (1, 2)
    """
    return jnp.zeros(_shape(shape), dtype=_dtype_or_floatx(dtype))


@symbolic_op
def ones(shape, dtype=None):
    """A tensor of ones.

    >>> ones(2).tolist()
    [1.0, 1.0]
    """
    return jnp.ones(_shape(shape), dtype=_dtype_or_floatx(dtype))


@symbolic_op
def empty(shape, dtype=None):
    """An uninitialized tensor (zeros in JAX).

    >>> empty(2).shape
    (2,)
    """
    return jnp.empty(_shape(shape), dtype=_dtype_or_floatx(dtype))


@symbolic_op
def full(shape, fill_value, dtype=None):
    """A tensor filled with `fill_value`.

    >>> full(2, 7).tolist()
    [7, 7]
    """
    fill_value = _convert(fill_value)
    dtype = fill_value.dtype if dtype is None else standardize_dtype(dtype)
    return jnp.full(_shape(shape), fill_value, dtype=dtype)


@symbolic_op
def zeros_like(x, dtype=None):
    """Zeros with the shape (and dtype) of `x`.

    >>> zeros_like([1, 2]).tolist()
    [0, 0]
    """
    return jnp.zeros_like(_convert(x), dtype=_opt(dtype))


@symbolic_op
def ones_like(x, dtype=None):
    """Ones with the shape (and dtype) of `x`.

    >>> ones_like([1, 2]).tolist()
    [1, 1]
    """
    return jnp.ones_like(_convert(x), dtype=_opt(dtype))


@symbolic_op
def empty_like(x, dtype=None):
    """Uninitialized tensor with the shape (and dtype) of `x`.

    >>> empty_like([1, 2]).shape
    (2,)
    """
    return jnp.empty_like(_convert(x), dtype=_opt(dtype))


@symbolic_op
def full_like(x, fill_value, dtype=None):
    """`fill_value` with the shape (and dtype) of `x`.

    >>> full_like([1, 2], 5).tolist()
    [5, 5]
    """
    return jnp.full_like(_convert(x), unwrap(fill_value), dtype=_opt(dtype))


def _opt(dtype):
    return None if dtype is None else standardize_dtype(dtype)


@symbolic_op
def arange(start, stop=None, step=None, dtype=None):
    """Evenly spaced values in `[start, stop)`.

    >>> arange(3).tolist()
    [0, 1, 2]
    """
    if dtype is None:
        values = [v for v in (start, stop, step) if v is not None]
        is_float = any(isinstance(v, float) for v in values) or any(
            hasattr(v, "dtype") and jnp.issubdtype(v.dtype, jnp.floating)
            for v in values
        )
        dtype = config.floatx() if is_float else "int32"
    if step is None:
        step = 1
    if stop is None:
        start, stop = 0, start
    return jnp.arange(start, stop, step=step, dtype=standardize_dtype(dtype))


@symbolic_op
def array(x, dtype=None):
    """Creates a tensor from `x`.

    >>> array([1, 2]).tolist()
    [1, 2]
    """
    return _convert(x, dtype)


@symbolic_op
def eye(N, M=None, k=0, dtype=None):
    """A 2D tensor with ones on diagonal `k`.

    >>> eye(2).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    return jnp.eye(N, M=M, k=k, dtype=_dtype_or_floatx(dtype))


@symbolic_op
def identity(n, dtype=None):
    """The `n x n` identity matrix.

    >>> identity(2).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    return jnp.identity(n, dtype=_dtype_or_floatx(dtype))


@symbolic_op
def tri(N, M=None, k=0, dtype=None):
    """Ones at and below diagonal `k`, zeros elsewhere.

    >>> tri(2).tolist()
    [[1.0, 0.0], [1.0, 1.0]]
    """
    return jnp.tri(N, M=M, k=k, dtype=_dtype_or_floatx(dtype))


@symbolic_op
def linspace(
    start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0
):
    """`num` evenly spaced values from `start` to `stop`.

    >>> linspace(0, 1, 3).tolist()
    [0.0, 0.5, 1.0]
    """
    return jnp.linspace(
        unwrap(start), unwrap(stop), num=num, endpoint=endpoint,
        retstep=retstep, dtype=_dtype_or_floatx(dtype), axis=axis,
    )


@symbolic_op
def logspace(start, stop, num=50, endpoint=True, base=10, dtype=None, axis=0):
    """`num` values evenly spaced on a log scale.

    >>> logspace(0, 2, 3).tolist()
    [1.0, 10.0, 100.0]
    """
    return jnp.logspace(
        unwrap(start), unwrap(stop), num=num, endpoint=endpoint, base=base,
        dtype=_dtype_or_floatx(dtype), axis=axis,
    )


@symbolic_op
def geomspace(start, stop, num=50, endpoint=True, dtype=None, axis=0):
    """`num` values in geometric progression.

    >>> geomspace(1, 100, 3).tolist()
    [1.0, 10.0, 100.0]
    """
    return jnp.geomspace(
        unwrap(start), unwrap(stop), num=num, endpoint=endpoint,
        dtype=_dtype_or_floatx(dtype), axis=axis,
    )


def _make_window(name, fn):
    def op(x):
        return fn(int(unwrap(x))).astype(config.floatx())

    op.__name__ = op.__qualname__ = name
    op.__doc__ = (
        f"The {name} window of `x` points.\n\n"
        f"    >>> {name}(3).shape\n    (3,)\n"
    )
    return symbolic_op(op)


bartlett = _make_window("bartlett", jnp.bartlett)
blackman = _make_window("blackman", jnp.blackman)
hamming = _make_window("hamming", jnp.hamming)
hanning = _make_window("hanning", jnp.hanning)


@symbolic_op
def kaiser(x, beta):
    """The Kaiser window of `x` points with shape parameter `beta`.

    >>> kaiser(3, 0.0).tolist()
    [1.0, 1.0, 1.0]
    """
    return jnp.kaiser(int(unwrap(x)), beta).astype(config.floatx())
