"""Activation functions (Keras 3's `keras.activations`).

Each is a plain function of a tensor, built on `kerax.ops`, so it works
eagerly, under `jax.jit` and on symbolic KerasTensors.

>>> relu(jnp.array([-1.0, 2.0, 8.0]), max_value=6.0).tolist()
[0.0, 2.0, 6.0]
"""

from __future__ import annotations

import jax.numpy as jnp

from kerax import ops
from kerax.core.registry import register
from kerax.ops.symbolic import symbolic_op


@register("activations")
@symbolic_op
def relu(x, negative_slope=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit with Keras's options.

    `x` above `threshold` (capped at `max_value`), and
    `negative_slope * (x - threshold)` below it.

    >>> relu(jnp.array([-2.0, 1.0]), negative_slope=0.5).tolist()
    [-1.0, 1.0]
    """
    x = ops.convert_to_tensor(x)
    if negative_slope != 0.0:
        if max_value is None and threshold == 0:
            return ops.leaky_relu(x, negative_slope=negative_slope)
        below = ops.relu(threshold - x) if threshold != 0 else ops.relu(-x)
    clip_top = max_value is not None
    if threshold != 0:
        out = jnp.where(x > jnp.asarray(threshold, x.dtype), x, 0)
        out = out.astype(x.dtype)
    elif max_value == 6:
        out = ops.relu6(x)
        clip_top = False
    else:
        out = ops.relu(x)
    if clip_top:
        out = jnp.clip(out, jnp.asarray(0.0, out.dtype),
                       jnp.asarray(max_value, out.dtype))
    if negative_slope != 0.0:
        out = out - negative_slope * below
    return out


@register("activations")
def leaky_relu(x, negative_slope=0.2):
    """`x` for positive values, `negative_slope * x` otherwise.

    >>> leaky_relu(jnp.array([-1.0])).tolist()
    [-0.20000000298023224]
    """
    return ops.leaky_relu(x, negative_slope=negative_slope)


@register("activations")
def relu6(x):
    """`min(max(x, 0), 6)`.

    >>> relu6(jnp.array([7.0])).tolist()
    [6.0]
    """
    return ops.relu6(x)


@register("activations")
def softmax(x, axis=-1):
    """Probabilities along `axis`: `exp(x) / sum(exp(x))`.

    >>> softmax(jnp.array([[1.0, 1.0]])).tolist()
    [[0.5, 0.5]]
    """
    return ops.softmax(x, axis=axis)


@register("activations")
def elu(x, alpha=1.0):
    """`x` if positive, else `alpha * (exp(x) - 1)`.

    >>> elu(jnp.array([0.0])).tolist()
    [0.0]
    """
    return ops.elu(x, alpha=alpha)


@register("activations")
def selu(x):
    """Scaled ELU (`scale=1.0507`, `alpha=1.6733`).

    >>> selu(jnp.array([0.0])).tolist()
    [0.0]
    """
    return ops.selu(x)


@register("activations")
def softplus(x):
    """`log(exp(x) + 1)`.

    >>> round(float(softplus(jnp.array(0.0))), 4)
    0.6931
    """
    return ops.softplus(x)


@register("activations")
def softsign(x):
    """`x / (|x| + 1)`.

    >>> softsign(jnp.array([1.0])).tolist()
    [0.5]
    """
    return ops.softsign(x)


@register("activations")
def soft_shrink(x, threshold=0.5):
    """Shrinks values toward zero by `threshold`.

    >>> soft_shrink(jnp.array([1.0])).tolist()
    [0.5]
    """
    return ops.soft_shrink(x, threshold=threshold)


@register("activations")
def sparse_plus(x):
    """Smooth-ish ReLU: 0, `(x + 1)^2 / 4`, `x` on (-inf,-1], (-1,1), [1,inf).

    >>> sparse_plus(jnp.array([0.0])).tolist()
    [0.25]
    """
    return ops.sparse_plus(x)


@register("activations", "swish")
def silu(x):
    """Swish / SiLU: `x * sigmoid(x)`.

    >>> silu(jnp.array([0.0])).tolist()
    [0.0]
    """
    return ops.silu(x)


swish = silu


@register("activations")
def squareplus(x, b=4):
    """`(x + sqrt(x^2 + b)) / 2`.

    >>> squareplus(jnp.array([0.0])).tolist()
    [1.0]
    """
    return ops.squareplus(x, b=b)


@register("activations")
def gelu(x, approximate=False):
    """Gaussian error linear unit (exact by default, unlike the op).

    >>> gelu(jnp.array([0.0])).tolist()
    [0.0]
    """
    return ops.gelu(x, approximate=approximate)


@register("activations")
def celu(x, alpha=1.0):
    """Continuously differentiable ELU.

    >>> celu(jnp.array([0.0])).tolist()
    [0.0]
    """
    return ops.celu(x, alpha=alpha)


@register("activations")
def glu(x, axis=-1):
    """Gated linear unit: `a * sigmoid(b)`, halves of `x` along `axis`.

    >>> glu(jnp.array([[2.0, 0.0]])).tolist()
    [[1.0]]
    """
    return ops.glu(x, axis=axis)


@register("activations")
def tanh(x):
    """Hyperbolic tangent.

    >>> tanh(jnp.array([0.0])).tolist()
    [0.0]
    """
    return ops.tanh(x)


@register("activations")
def tanh_shrink(x):
    """`x - tanh(x)`.

    >>> tanh_shrink(jnp.array([0.0])).tolist()
    [0.0]
    """
    return ops.tanh_shrink(x)


@register("activations")
def hard_tanh(x):
    """`clip(x, -1, 1)`.

    >>> hard_tanh(jnp.array([3.0])).tolist()
    [1.0]
    """
    return ops.hard_tanh(x)


@register("activations")
def hard_shrink(x, threshold=0.5):
    """`x` where `|x| > threshold`, else 0.

    >>> hard_shrink(jnp.array([0.3, 0.7])).tolist()
    [0.0, 0.699999988079071]
    """
    return ops.hard_shrink(x, threshold=threshold)


@register("activations")
def threshold(x, threshold, default_value):
    """`x` where `x > threshold`, else `default_value`.

    >>> threshold(jnp.array([1.0, 3.0]), 2.0, -1.0).tolist()
    [-1.0, 3.0]
    """
    return ops.threshold(x, threshold, default_value)


@register("activations")
def sigmoid(x):
    """`1 / (1 + exp(-x))`.

    >>> sigmoid(jnp.array([0.0])).tolist()
    [0.5]
    """
    return ops.sigmoid(x)


@register("activations")
def exponential(x):
    """`exp(x)`.

    >>> exponential(jnp.array([0.0])).tolist()
    [1.0]
    """
    return ops.exp(x)


@register("activations")
def hard_sigmoid(x):
    """Keras 3's piecewise-linear sigmoid: `relu6(x + 3) / 6`, i.e.
    `x / 6 + 0.5` clipped to [0, 1].

    Keras 2 used `0.2 * x + 0.5`; see `hard_sigmoid_legacy`.

    >>> hard_sigmoid(jnp.array([-4.0, 0.0, 1.5])).tolist()
    [0.0, 0.5, 0.75]
    """
    return ops.hard_sigmoid(x)


@register("activations")
@symbolic_op
def hard_sigmoid_legacy(x):
    """Keras 2's hard sigmoid: `clip(0.2 * x + 0.5, 0, 1)`.

    Models saved by Keras 2 (`.h5` files, `"hard_sigmoid"` activations,
    LSTM/GRU `recurrent_activation`) computed this, so the legacy loader
    maps their `"hard_sigmoid"` to this function to reproduce them
    faithfully. New code should use `hard_sigmoid`. Serialized under its
    own name, `"hard_sigmoid_legacy"` (only kerax can read it back).

    >>> hard_sigmoid_legacy(jnp.array([-3.0, 0.0, 1.5])).tolist()
    [0.0, 0.5, 0.800000011920929]
    """
    x = ops.convert_to_tensor(x)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        x = x.astype("float32")
    return jnp.clip(0.2 * x + 0.5, 0.0, 1.0).astype(x.dtype)


@register("activations")
def log_sigmoid(x):
    """`log(sigmoid(x))`.

    >>> round(float(log_sigmoid(jnp.array(0.0))), 4)
    -0.6931
    """
    return ops.log_sigmoid(x)


@register("activations")
def sparse_sigmoid(x):
    """Piecewise-linear sigmoid reaching 0 at -1 and 1 at 1.

    >>> sparse_sigmoid(jnp.array([0.0])).tolist()
    [0.5]
    """
    return ops.sparse_sigmoid(x)


@register("activations", "hard_swish")
def hard_silu(x):
    """`x * hard_sigmoid(x)`.

    >>> hard_silu(jnp.array([0.0])).tolist()
    [0.0]
    """
    return ops.hard_silu(x)


hard_swish = hard_silu


@register("activations")
def linear(x):
    """The identity: returns `x` unchanged.

    >>> linear(3)
    3
    """
    return x


@register("activations")
@symbolic_op
def mish(x):
    """`x * tanh(softplus(x))`.

    >>> mish(jnp.array([0.0])).tolist()
    [0.0]
    """
    x = ops.convert_to_tensor(x)
    return x * ops.tanh(ops.softplus(x))


@register("activations")
def log_softmax(x, axis=-1):
    """`x - logsumexp(x)` along `axis`.

    >>> round(float(log_softmax(jnp.array([[0.0, 0.0]]))[0, 0]), 4)
    -0.6931
    """
    return ops.log_softmax(x, axis=axis)


@register("activations")
def sparsemax(x, axis=-1):
    """Projection onto the simplex (sparse probabilities).

    >>> sparsemax(jnp.array([[3.0, 0.0]])).tolist()
    [[1.0, 0.0]]
    """
    return ops.sparsemax(x, axis=axis)
