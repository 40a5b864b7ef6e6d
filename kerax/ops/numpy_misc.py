"""NumPy-style index helpers and odds and ends: nonzero, meshgrid,
diff, trapezoid, vander, view, vectorize, isin, ndim, size.

>>> diff(jnp.array([1, 4, 9])).tolist()
[3, 5]
"""

from __future__ import annotations

import jax.numpy as jnp
import numpy as np

from kerax.ops.core import _convert
from kerax.ops.symbolic import symbolic_op


def _arrays(xs):
    return [_convert(x) for x in xs]


@symbolic_op
def nonzero(x):
    """Returns a tuple of index arrays, one per axis, of non-zero entries.

    >>> nonzero([0, 3, 0, 4])[0].tolist()
    [1, 3]
    """
    return jnp.nonzero(_convert(x))


@symbolic_op
def unravel_index(indices, shape):
    """Converts flat indices into a tuple of coordinate arrays.

    >>> [i.tolist() for i in unravel_index([5], (2, 3))]
    [[1], [2]]
    """
    return jnp.unravel_index(_convert(indices), tuple(shape))


@symbolic_op
def meshgrid(*x, indexing="xy"):
    """Coordinate matrices from coordinate vectors.

    >>> [g.shape for g in meshgrid(jnp.arange(2), jnp.arange(3))]
    [(3, 2), (3, 2)]
    """
    return jnp.meshgrid(*_arrays(x), indexing=indexing)


@symbolic_op
def copy(x):
    """Returns a copy of `x`.

    >>> copy([1, 2]).tolist()
    [1, 2]
    """
    return jnp.array(_convert(x), copy=True)


def ndim(x):
    """Number of dimensions of `x`.

    >>> ndim(jnp.zeros((2, 3)))
    2
    """
    return len(x.shape) if hasattr(x, "shape") else np.ndim(x)


def size(x):
    """Number of elements of `x`.

    >>> size(jnp.zeros((2, 3)))
    6
    """
    if hasattr(x, "shape"):
        return int(np.prod(x.shape)) if None not in x.shape else None
    return int(np.size(x))


@symbolic_op
def diff(a, n=1, axis=-1):
    """`n`-th discrete difference along `axis`.

    >>> diff([1, 4, 9]).tolist()
    [3, 5]
    """
    return jnp.diff(_convert(a), n=n, axis=axis)


@symbolic_op
def trapezoid(y, x=None, dx=1.0, axis=-1):
    """Integrates `y` with the trapezoidal rule.

    >>> float(trapezoid([1.0, 2.0, 3.0]))
    4.0
    """
    y = _convert(y)
    if not jnp.issubdtype(y.dtype, jnp.inexact):
        y = y.astype("float32")
    x = None if x is None else _convert(x)
    return jnp.trapezoid(y, x=x, dx=dx, axis=axis)


@symbolic_op
def vander(x, N=None, increasing=False):
    """Vandermonde matrix of `x`.

    >>> vander([2, 3], 2).tolist()
    [[2, 1], [3, 1]]
    """
    return jnp.vander(_convert(x), N=N, increasing=increasing)


@symbolic_op
def view(x, dtype=None):
    """Reinterprets the bytes of `x` as `dtype`.

    >>> view(jnp.zeros(1, "float32"), "int32").tolist()
    [0]
    """
    x = _convert(x)
    return x if dtype is None else x.view(dtype)


def vectorize(pyfunc, *, excluded=None, signature=None):
    """Vectorizes a Python function over array arguments (`jnp.vectorize`).

    >>> vectorize(lambda a, b: a + b)(jnp.arange(2), 1).tolist()
    [1, 2]
    """
    return jnp.vectorize(
        pyfunc, excluded=excluded or set(), signature=signature
    )


@symbolic_op
def isin(x1, x2, assume_unique=False, invert=False):
    """Whether each element of `x1` is in `x2`.

    >>> isin([1, 2], [2, 3]).tolist()
    [False, True]
    """
    return jnp.isin(
        _convert(x1), _convert(x2), assume_unique=assume_unique,
        invert=invert,
    )

