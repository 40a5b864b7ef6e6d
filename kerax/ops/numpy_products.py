"""Products and contractions: matmul, dot, einsum, tensordot, outer, ...

>>> matmul(jnp.ones((2, 3)), jnp.ones((3, 4))).shape
(2, 4)
"""

from __future__ import annotations

import jax.numpy as jnp

from kerax.ops.core import _convert
from kerax.ops.symbolic import symbolic_op


def _pair(x1, x2):
    return _convert(x1), _convert(x2)


@symbolic_op
def matmul(x1, x2):
    """Matrix product, batched over leading axes.

    >>> matmul([[1, 2]], [[3], [4]]).tolist()
    [[11]]
    """
    return jnp.matmul(*_pair(x1, x2))


@symbolic_op
def dot(x1, x2):
    """NumPy's `dot`.

    >>> dot([1, 2], [3, 4]).tolist()
    11
    """
    return jnp.dot(*_pair(x1, x2))


@symbolic_op
def vdot(x1, x2):
    """Dot product of the flattened inputs (conjugating `x1`).

    >>> vdot([1, 2], [3, 4]).tolist()
    11
    """
    return jnp.vdot(*_pair(x1, x2))


@symbolic_op
def inner(x1, x2):
    """Inner product over the last axes.

    >>> inner([1, 2], [3, 4]).tolist()
    11
    """
    return jnp.inner(*_pair(x1, x2))


@symbolic_op
def outer(x1, x2):
    """Outer product of the flattened inputs.

    >>> outer([1, 2], [3, 4]).tolist()
    [[3, 4], [6, 8]]
    """
    return jnp.outer(*_pair(x1, x2))


@symbolic_op
def tensordot(x1, x2, axes=2):
    """Sum of products over `axes`.

    >>> tensordot([[1, 2]], [[3, 4]], axes=2).tolist()
    11
    """
    if isinstance(axes, (list, tuple)) and len(axes) == 2:
        axes = tuple(
            tuple(a) if isinstance(a, (list, tuple)) else a for a in axes
        )
    return jnp.tensordot(*_pair(x1, x2), axes=axes)


@symbolic_op
def einsum(subscripts, *operands, **kwargs):
    """Einstein summation.

    >>> einsum("ij,jk->ik", jnp.ones((2, 3)), jnp.ones((3, 1))).tolist()
    [[3.0], [3.0]]
    """
    operands = [_convert(o) for o in operands]
    return jnp.einsum(subscripts, *operands, **kwargs)


@symbolic_op
def kron(x1, x2):
    """Kronecker product.

    >>> kron([1, 2], [1, 1]).tolist()
    [1, 1, 2, 2]
    """
    return jnp.kron(*_pair(x1, x2))


@symbolic_op
def cross(x1, x2, axisa=-1, axisb=-1, axisc=-1, axis=None):
    """Cross product of 3-vectors (or 2-vectors).

    >>> cross([1, 0, 0], [0, 1, 0]).tolist()
    [0, 0, 1]
    """
    return jnp.cross(
        *_pair(x1, x2), axisa=axisa, axisb=axisb, axisc=axisc, axis=axis
    )


@symbolic_op
def trace(x, offset=0, axis1=0, axis2=1):
    """Sum along a diagonal.

    >>> trace([[1, 2], [3, 4]]).tolist()
    5
    """
    x = _convert(x)
    dtype = None
    if x.dtype == jnp.bool_ or (
        jnp.issubdtype(x.dtype, jnp.integer) and x.dtype.itemsize < 4
    ):
        dtype = "int32"
    return jnp.trace(x, offset=offset, axis1=axis1, axis2=axis2, dtype=dtype)


@symbolic_op
def correlate(x1, x2, mode="valid"):
    """Cross-correlation of two 1D tensors.

    >>> correlate([1.0, 2.0, 3.0], [1.0, 1.0]).tolist()
    [3.0, 5.0]
    """
    x1, x2 = _pair(x1, x2)
    if not jnp.issubdtype(x1.dtype, jnp.inexact):
        x1 = x1.astype("float32")
    if not jnp.issubdtype(x2.dtype, jnp.inexact):
        x2 = x2.astype("float32")
    return jnp.correlate(x1, x2, mode=mode)


@symbolic_op
def corrcoef(x):
    """Pearson correlation coefficients of the rows of `x`.

    >>> corrcoef([[1.0, 2.0], [2.0, 4.0]]).round(3).tolist()
    [[1.0, 1.0], [1.0, 1.0]]
    """
    x = _convert(x)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        x = x.astype("float32")
    return jnp.corrcoef(x)


@symbolic_op
def slogdet(x):
    """Sign and natural log of the absolute determinant.

    >>> [float(v) for v in slogdet(2.0 * jnp.eye(2))]
    [1.0, 1.3862943649291992]
    """
    x = _convert(x)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        x = x.astype("float32")
    return tuple(jnp.linalg.slogdet(x))
