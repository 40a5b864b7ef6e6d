"""Activation ops and softmax variants (part of `kerax.ops.nn`).

Convolutions and pooling live in `kerax.ops.nn_conv`, the other nn ops
in the `kerax.ops.nn_*` modules that `kerax.ops.nn` lists; all are
re-exported by `kerax.ops`.

>>> relu(jnp.array([-1.0, 2.0])).tolist()
[0.0, 2.0]
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from kerax import config
from kerax.ops.core import _convert
from kerax.ops.eager_jit import eager_jit
from kerax.ops.symbolic import symbolic_op


def _float(x):
    x = _convert(x)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        x = x.astype(config.floatx())
    return x


@symbolic_op
def relu(x):
    """`max(x, 0)`.

    >>> relu([-1.0, 1.0]).tolist()
    [0.0, 1.0]
    """
    return jax.nn.relu(_convert(x))


@symbolic_op
def relu6(x):
    """`min(max(x, 0), 6)`.

    >>> relu6([-1.0, 7.0]).tolist()
    [0.0, 6.0]
    """
    return jax.nn.relu6(_convert(x))


@symbolic_op
def sigmoid(x):
    """`1 / (1 + exp(-x))`.

    >>> sigmoid([0.0]).tolist()
    [0.5]
    """
    return jax.nn.sigmoid(_float(x))


@symbolic_op
def sparse_sigmoid(x):
    """Piecewise-linear sigmoid: 0 below -1, 1 above 1, `(x + 1) / 2`
    between.

    >>> sparse_sigmoid([-2.0, 0.0, 2.0]).tolist()
    [0.0, 0.5, 1.0]
    """
    return jax.nn.sparse_sigmoid(_float(x))


@symbolic_op
def tanh_shrink(x):
    """`x - tanh(x)`.

    >>> tanh_shrink([0.0]).tolist()
    [0.0]
    """
    x = _float(x)
    return x - jnp.tanh(x)


@symbolic_op
def softplus(x):
    """`log(1 + exp(x))`, computed stably.

    >>> softplus([0.0]).tolist()
    [0.6931471824645996]
    """
    return jax.nn.softplus(_float(x))


@symbolic_op
def softsign(x):
    """`x / (1 + |x|)`.

    >>> softsign([1.0]).tolist()
    [0.5]
    """
    return jax.nn.soft_sign(_float(x))


@symbolic_op
def soft_shrink(x, threshold=0.5):
    """Moves values toward 0 by `threshold`; 0 within `[-t, t]`.

    >>> soft_shrink([-1.0, 0.2, 1.0]).tolist()
    [-0.5, 0.0, 0.5]
    """
    x = _float(x)
    shrunk = jnp.where(x > threshold, x - threshold, 0.0)
    return jnp.where(x < -threshold, x + threshold, shrunk).astype(x.dtype)


@symbolic_op
def hard_shrink(x, threshold=0.5):
    """`x` where `|x| > threshold`, else 0.

    >>> hard_shrink([-1.0, 0.2]).tolist()
    [-1.0, 0.0]
    """
    x = _float(x)
    return jnp.where(jnp.abs(x) > threshold, x, 0.0).astype(x.dtype)


@symbolic_op
def threshold(x, threshold, default_value):
    """`x` where `x > threshold`, else `default_value`.

    >>> threshold([1.0, 3.0], 2.0, 0.0).tolist()
    [0.0, 3.0]
    """
    x = _float(x)
    return jnp.where(x > threshold, x, default_value).astype(x.dtype)


@symbolic_op
def sparse_plus(x):
    """0 below -1, x above 1, `(x + 1)^2 / 4` between.

    >>> sparse_plus([-2.0, 0.0, 2.0]).tolist()
    [0.0, 0.25, 2.0]
    """
    return jax.nn.sparse_plus(_float(x))


@symbolic_op
def silu(x):
    """`x * sigmoid(x)` (also called swish).

    >>> silu([0.0]).tolist()
    [0.0]
    """
    return jax.nn.silu(_float(x))


@symbolic_op
def swish(x):
    """Same as `silu`: `x * sigmoid(x)`.

    >>> swish([0.0]).tolist()
    [0.0]
    """
    return jax.nn.silu(_float(x))


@symbolic_op
def squareplus(x, b=4):
    """`(x + sqrt(x^2 + b)) / 2`.

    >>> squareplus([0.0]).tolist()
    [1.0]
    """
    return jax.nn.squareplus(_float(x), b=b)


@symbolic_op
def log_sigmoid(x):
    """`log(sigmoid(x))`, computed stably.

    >>> log_sigmoid([0.0]).tolist()
    [-0.6931471824645996]
    """
    return jax.nn.log_sigmoid(_float(x))


@symbolic_op
def leaky_relu(x, negative_slope=0.2):
    """`x` for `x >= 0`, `negative_slope * x` below.

    >>> leaky_relu([-1.0, 1.0]).tolist()
    [-0.20000000298023224, 1.0]
    """
    return jax.nn.leaky_relu(_float(x), negative_slope=negative_slope)


@symbolic_op
def hard_sigmoid(x):
    """`relu6(x + 3) / 6` (Keras 3 definition).

    >>> hard_sigmoid([0.0]).tolist()
    [0.5]
    """
    return jax.nn.hard_sigmoid(_float(x))


@symbolic_op
def hard_silu(x):
    """`x * hard_sigmoid(x)`.

    >>> hard_silu([3.0]).tolist()
    [3.0]
    """
    return jax.nn.hard_silu(_float(x))


@symbolic_op
def hard_swish(x):
    """Same as `hard_silu`.

    >>> hard_swish([3.0]).tolist()
    [3.0]
    """
    return jax.nn.hard_silu(_float(x))


@symbolic_op
def hard_tanh(x):
    """`clip(x, -1, 1)`.

    >>> hard_tanh([-2.0, 0.5]).tolist()
    [-1.0, 0.5]
    """
    return jax.nn.hard_tanh(_float(x))


@symbolic_op
def elu(x, alpha=1.0):
    """`x` for `x > 0`, `alpha * (exp(x) - 1)` below.

    >>> elu([0.0]).tolist()
    [0.0]
    """
    return jax.nn.elu(_float(x), alpha=alpha)


@symbolic_op
def selu(x):
    """Scaled ELU with the self-normalizing constants.

    >>> selu([0.0]).tolist()
    [0.0]
    """
    return jax.nn.selu(_float(x))


@symbolic_op
def gelu(x, approximate=True):
    """Gaussian error linear unit (tanh approximation by default).

    >>> gelu([0.0]).tolist()
    [0.0]
    """
    return jax.nn.gelu(_float(x), approximate=approximate)


@symbolic_op
def celu(x, alpha=1.0):
    """`max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`.

    >>> celu([0.0]).tolist()
    [0.0]
    """
    return jax.nn.celu(_float(x), alpha=alpha)


@symbolic_op
def glu(x, axis=-1):
    """Gated linear unit: `a * sigmoid(b)` with `a, b` the halves of `x`
    along `axis`.

    >>> glu([[1.0, 0.0]]).tolist()
    [[0.5]]
    """
    x = _float(x)
    if x.shape[axis] % 2:
        raise ValueError(
            "The size of `axis` must be even for `glu`. Received: "
            f"x.shape={x.shape}, axis={axis}"
        )
    return jax.nn.glu(x, axis=axis)


@symbolic_op
def softmax(x, axis=-1):
    """`exp(x) / sum(exp(x))` along `axis` (an int or a tuple).

    >>> softmax([[0.0, 0.0]]).tolist()
    [[0.5, 0.5]]
    """
    axis = tuple(axis) if isinstance(axis, list) else axis
    return jax.nn.softmax(_float(x), axis=axis)


@symbolic_op
def log_softmax(x, axis=-1):
    """`x - logsumexp(x)` along `axis`.

    >>> log_softmax([[0.0, 0.0]]).tolist()
    [[-0.6931471824645996, -0.6931471824645996]]
    """
    axis = tuple(axis) if isinstance(axis, list) else axis
    return jax.nn.log_softmax(_float(x), axis=axis)


@symbolic_op
@eager_jit
def sparsemax(x, axis=-1):
    """Euclidean projection of `x` onto the probability simplex: like
    softmax, but many outputs are exactly 0.

    >>> sparsemax([[2.0, 0.0]]).tolist()
    [[1.0, 0.0]]
    """
    x = _float(x)
    axis = axis % x.ndim
    ranked = -jnp.sort(-x, axis=axis)
    cumulative = jnp.cumsum(ranked, axis=axis)
    shape = [1] * x.ndim
    shape[axis] = -1
    k_range = jnp.arange(1, x.shape[axis] + 1, dtype=x.dtype).reshape(shape)
    in_support = ranked - (cumulative - 1) / k_range > 0
    k = jnp.sum(in_support, axis=axis, keepdims=True).astype(x.dtype)
    support_sum = jnp.sum(
        jnp.where(in_support, ranked, 0.0), axis=axis, keepdims=True
    )
    tau = (support_sum - 1) / k
    return jnp.maximum(x - tau, 0.0).astype(x.dtype)
