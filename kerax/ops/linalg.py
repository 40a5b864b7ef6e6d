"""Linear algebra ops (`keras.ops.linalg`), batched over leading axes.

>>> det(jnp.eye(2)).tolist()
1.0
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from kerax import config
from kerax.ops.core import _convert, _unwrap_tree
from kerax.ops.symbolic import symbolic_op


def _scipy_linalg():
    # Imported on use: jax.scipy.linalg pulls in jax.scipy.stats (~0.2 s).
    from jax.scipy import linalg

    return linalg


def _float(x):
    x = _convert(x)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        x = x.astype(config.floatx())
    return x


def _matrix(x):
    x = _float(x)
    if x.ndim < 2:
        raise ValueError(
            "Expected input to have rank >= 2. "
            f"Received input with shape {x.shape}."
        )
    return x


@symbolic_op
def cholesky(x, upper=False):
    """Cholesky factor of a positive-definite matrix (lower by default).

    Eagerly, a non positive-definite input raises `ValueError`.

    >>> cholesky(4.0 * jnp.eye(2)).tolist()
    [[2.0, 0.0], [0.0, 2.0]]
    """
    out = jnp.linalg.cholesky(_matrix(x), upper=upper)
    if not isinstance(out, jax.core.Tracer) and bool(jnp.isnan(out).any()):
        raise ValueError(
            "Cholesky decomposition failed. The input might not be a valid "
            "positive definite matrix."
        )
    return out


@symbolic_op
def cholesky_inverse(x, upper=False):
    """Inverse of `A` from its Cholesky factor `x`.

    >>> cholesky_inverse(2.0 * jnp.eye(2)).tolist()
    [[0.25, 0.0], [0.0, 0.25]]
    """
    x = _matrix(x)
    eye = jnp.eye(x.shape[-1], dtype=x.dtype)
    inv_factor = _scipy_linalg().solve_triangular(x, eye, lower=not upper)
    if upper:
        return inv_factor @ jnp.swapaxes(inv_factor, -1, -2)
    return jnp.swapaxes(inv_factor, -1, -2) @ inv_factor


@symbolic_op
def det(x):
    """Determinant.

    >>> det(2.0 * jnp.eye(2)).tolist()
    4.0
    """
    return jnp.linalg.det(_matrix(x))


@symbolic_op
def eig(x):
    """Eigenvalues and eigenvectors of a general square matrix (CPU only).

    >>> eig(jnp.eye(2))[0].real.tolist()
    [1.0, 1.0]
    """
    return jnp.linalg.eig(_matrix(x))


@symbolic_op
def eigh(x):
    """Eigenvalues (ascending) and eigenvectors of a symmetric matrix.

    >>> eigh(jnp.diag(jnp.array([2.0, 1.0])))[0].tolist()
    [1.0, 2.0]
    """
    return jnp.linalg.eigh(_matrix(x))


@symbolic_op
def inv(x):
    """Matrix inverse.

    >>> inv(2.0 * jnp.eye(2)).tolist()
    [[0.5, 0.0], [0.0, 0.5]]
    """
    return jnp.linalg.inv(_matrix(x))


@symbolic_op
def lu_factor(x):
    """LU factorization with partial pivoting: `(lu, pivots)`.

    >>> lu_factor(jnp.eye(2))[0].tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    x = _matrix(x)
    fn = _scipy_linalg().lu_factor
    for _ in range(x.ndim - 2):
        fn = jax.vmap(fn)
    return fn(x)


@symbolic_op
def norm(x, ord=None, axis=None, keepdims=False):
    """Vector or matrix norm (NumPy's `ord` values).

    >>> norm(jnp.array([3.0, 4.0])).tolist()
    5.0
    """
    axis = tuple(axis) if isinstance(axis, list) else axis
    return jnp.linalg.norm(_float(x), ord=ord, axis=axis, keepdims=keepdims)


@symbolic_op
def qr(x, mode="reduced"):
    """QR decomposition: `(q, r)`.

    >>> qr(jnp.eye(2))[1].shape
    (2, 2)
    """
    if mode not in ("reduced", "complete"):
        raise ValueError(
            "`mode` argument value not supported. Expected one of "
            f"{{'reduced', 'complete'}}. Received: mode={mode}"
        )
    return jnp.linalg.qr(_matrix(x), mode=mode)


@symbolic_op
def solve(a, b):
    """Solves `a @ x = b`.

    >>> solve(2.0 * jnp.eye(2), jnp.ones(2)).tolist()
    [0.5, 0.5]
    """
    return jnp.linalg.solve(_matrix(a), _float(b))


@symbolic_op
def solve_triangular(a, b, lower=False):
    """Solves `a @ x = b` for triangular `a`.

    >>> solve_triangular(2.0 * jnp.eye(2), jnp.ones(2)).tolist()
    [0.5, 0.5]
    """
    return _scipy_linalg().solve_triangular(_matrix(a), _float(b), lower=lower)


@symbolic_op
def svd(x, full_matrices=True, compute_uv=True):
    """Singular value decomposition: `(u, s, vh)` or `s`.

    >>> svd(jnp.eye(2), compute_uv=False).tolist()
    [1.0, 1.0]
    """
    return jnp.linalg.svd(
        _matrix(x), full_matrices=full_matrices, compute_uv=compute_uv
    )


@symbolic_op
def lstsq(a, b, rcond=None):
    """Least-squares solution of `a @ x = b`.

    >>> lstsq(jnp.eye(2), jnp.ones(2)).tolist()
    [1.0, 1.0]
    """
    return jnp.linalg.lstsq(_matrix(a), _float(b), rcond=rcond)[0]


@symbolic_op
def matrix_rank(x, tol=None):
    """Rank of a matrix (via SVD).

    >>> matrix_rank(jnp.eye(3)).tolist()
    3
    """
    return jnp.linalg.matrix_rank(_matrix(x), tol=tol).astype("int32")


@symbolic_op
def pinv(x, rcond=None):
    """Moore-Penrose pseudo-inverse.

    >>> pinv(2.0 * jnp.eye(2)).tolist()
    [[0.5, 0.0], [0.0, 0.5]]
    """
    return jnp.linalg.pinv(_matrix(x), rcond=rcond)


@symbolic_op
def jvp(fun, primals, tangents, has_aux=False):
    """Jacobian-vector product: `(fun(*primals), J @ tangents)`.

    >>> [float(v) for v in jvp(jnp.sin, (0.0,), (1.0,))]
    [0.0, 1.0]
    """
    return jax.jvp(
        fun, _unwrap_tree(tuple(primals)), _unwrap_tree(tuple(tangents)),
        has_aux=has_aux,
    )
