"""Keras 2 backend products: `dot`, `batch_dot`, `transpose`,
`l2_normalize`, `in_top_k`.

>>> batch_dot(jnp.ones((32, 20, 1)), jnp.ones((32, 30, 20)),
...           axes=(1, 2)).shape
(32, 1, 30)
"""

import jax.numpy as jnp

from kerax.backend.common import axes, float_tensor, k_op, tensor


@k_op
def dot(x, y):
    """Matrix product; for rank > 2 it contracts `x`'s last axis with
    `y`'s second-to-last (shape `x[:-1] + y[:-2] + y[-1:]`)."""
    x, y = tensor(x), tensor(y)
    if x.ndim > 2 or y.ndim > 2:
        y_axis = y.ndim - 2 if y.ndim >= 2 else 0
        return jnp.tensordot(x, y, axes=[[x.ndim - 1], [y_axis]])
    return jnp.matmul(x, y)


def _batch_dot_axes(axes_arg, x_ndim, y_ndim):
    if isinstance(axes_arg, int):
        axes_arg = (axes_arg, axes_arg)
    if axes_arg is None:
        axes_arg = (x_ndim - 1, y_ndim - 1 if y_ndim == 2 else y_ndim - 2)
    if any(isinstance(a, (list, tuple)) for a in axes_arg):
        raise ValueError(
            "batch_dot: `axes` must be an int or a pair of ints. "
            f"Received: axes={axes_arg}"
        )
    a0, a1 = int(axes_arg[0]), int(axes_arg[1])
    a0 = a0 + x_ndim if a0 < 0 else a0
    a1 = a1 + y_ndim if a1 < 0 else a1
    if a0 == 0 or a1 == 0:
        raise ValueError(
            "batch_dot cannot contract the batch axis 0. "
            f"Received: axes={axes_arg}"
        )
    return a0, a1


@k_op
def batch_dot(x, y, axes=None):
    """Per-sample dot product of `x` and `y` (batch axis 0) contracting
    `x`'s axis `axes[0]` with `y`'s `axes[1]` (Keras 2.3 rules).

    The result has `x`'s remaining axes, then `y`'s; two rank-2 inputs
    give shape `(batch, 1)`. Default axes: the last of `x` and the last
    (rank 2) or second-to-last of `y`.
    """
    x, y = tensor(x), tensor(y)
    if x.ndim < 2 or y.ndim < 2:
        raise ValueError(
            "batch_dot requires inputs of rank 2 or more. Received: "
            f"x.shape={x.shape}, y.shape={y.shape}"
        )
    a0, a1 = _batch_dot_axes(axes, x.ndim, y.ndim)
    if x.shape[a0] != y.shape[a1]:
        raise ValueError(
            "batch_dot: the contracted axes differ in size. Received: "
            f"x.shape={x.shape}, y.shape={y.shape} with axes=({a0}, {a1})"
        )
    if x.shape[0] != y.shape[0]:
        raise ValueError(
            "batch_dot: the batch sizes differ. Received: "
            f"x.shape={x.shape}, y.shape={y.shape}"
        )
    x = jnp.moveaxis(x, a0, -1)
    y = jnp.moveaxis(y, a1, 1)
    x_rest, y_rest = x.shape[1:-1], y.shape[2:]
    x3 = x.reshape(x.shape[0], -1, x.shape[-1])
    y3 = y.reshape(y.shape[0], y.shape[1], -1)
    out = jnp.matmul(x3, y3).reshape((x.shape[0],) + x_rest + y_rest)
    if not x_rest and not y_rest:
        out = out[:, None]
    return out


@k_op
def transpose(x):
    """Reverses the order of all axes."""
    return jnp.transpose(tensor(x))


@k_op
def l2_normalize(x, axis=None):
    """`x / sqrt(max(sum(x**2, axis), 1e-12))`."""
    x = float_tensor(x)
    squares = jnp.sum(jnp.square(x), axis=axes(axis), keepdims=True)
    return x * jnp.reciprocal(jnp.sqrt(jnp.maximum(squares, 1e-12)))


@k_op
def in_top_k(predictions, targets, k):
    """Whether each `targets[i]` is among the `k` largest of
    `predictions[i]` (ties at the boundary count as in;
    a non-finite prediction at the target is False)."""
    predictions = tensor(predictions)
    targets = tensor(targets).astype("int32").reshape(-1)
    at_target = jnp.take_along_axis(predictions, targets[:, None], axis=-1)
    rank = 1 + jnp.sum(predictions > at_target, axis=-1)
    return (rank <= k) & jnp.isfinite(at_target[:, 0])
