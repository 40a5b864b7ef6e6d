"""Keras 2 backend neural-network functions: activations, Keras 2's
crossentropies, dropout, bias and batch normalization.

The crossentropies take probabilities unless `from_logits=True`, clip them
to `[epsilon(), 1 - epsilon()]` (Keras 2's fuzz) and, like Keras 2, reduce
only the class axis.

>>> round(float(hard_sigmoid(1.0)), 6)
0.7
"""

import jax
import jax.numpy as jnp

from kerax import random as kerax_random
from kerax.backend.common import (
    check_data_format,
    float_tensor,
    k_op,
    tensor,
)
from kerax.backend.random import fresh_seed
from kerax.config import epsilon


# ------------------------------------------------------------ activations
@k_op
def relu(x, alpha=0.0, max_value=None, threshold=0.0):
    """Rectified linear unit with Keras 2's options: slope `alpha` below
    `threshold`, values capped at `max_value`."""
    x = float_tensor(x)
    if alpha != 0.0:
        negative = jax.nn.relu(threshold - x)
    if threshold != 0.0:
        x = x * (x > threshold).astype(x.dtype)
    else:
        x = jax.nn.relu(x)
    if max_value is not None:
        x = jnp.clip(x, 0.0, max_value)
    if alpha != 0.0:
        x = x - alpha * negative
    return x


@k_op
def elu(x, alpha=1.0):
    """`x` above 0, `alpha * (exp(x) - 1)` below."""
    x = float_tensor(x)
    return jnp.where(x > 0, x, alpha * jnp.expm1(jnp.minimum(x, 0.0)))


@k_op
def softmax(x, axis=-1):
    return jax.nn.softmax(float_tensor(x), axis=axis)


@k_op
def softplus(x):
    return jax.nn.softplus(float_tensor(x))


@k_op
def softsign(x):
    x = float_tensor(x)
    return x / (1 + jnp.abs(x))


@k_op
def sigmoid(x):
    return jax.nn.sigmoid(float_tensor(x))


@k_op
def hard_sigmoid(x):
    """Keras 2's piecewise-linear sigmoid: `clip(0.2 * x + 0.5, 0, 1)`."""
    x = float_tensor(x)
    return jnp.clip(0.2 * x + 0.5, 0.0, 1.0)


@k_op
def tanh(x):
    return jnp.tanh(float_tensor(x))


# --------------------------------------------------------- crossentropies
def _clip_probs(output):
    eps = epsilon()
    return jnp.clip(output, eps, 1.0 - eps)


@k_op
def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """`-sum(target * log(output), axis)`; probabilities are rescaled to
    sum to 1 along `axis` and clipped first."""
    target, output = float_tensor(target), float_tensor(output)
    if from_logits:
        log_probs = jax.nn.log_softmax(output, axis=axis)
    else:
        output = output / jnp.sum(output, axis=axis, keepdims=True)
        log_probs = jnp.log(_clip_probs(output))
    return -jnp.sum(target * log_probs, axis=axis)


@k_op
def sparse_categorical_crossentropy(target, output, from_logits=False,
                                    axis=-1):
    """Categorical crossentropy with integer `target` classes; the
    result has `output`'s shape without the class axis."""
    output = float_tensor(output)
    output = jnp.moveaxis(output, axis, -1)
    if not from_logits:
        output = jnp.log(_clip_probs(output))
    log_probs = jax.nn.log_softmax(output, axis=-1)
    labels = tensor(target).astype("int32").reshape(-1)
    flat = log_probs.reshape(-1, log_probs.shape[-1])
    if labels.shape[0] != flat.shape[0]:
        raise ValueError(
            "sparse_categorical_crossentropy: `target` must hold one class "
            "per row of `output`. Received: "
            f"target.shape={jnp.shape(target)}, output.shape={output.shape}"
        )
    picked = jnp.take_along_axis(flat, labels[:, None], axis=-1)[:, 0]
    return -picked.reshape(output.shape[:-1])


@k_op
def binary_crossentropy(target, output, from_logits=False):
    """Element-wise binary crossentropy; probabilities are clipped and
    turned back into logits, as in Keras 2."""
    target, output = float_tensor(target), float_tensor(output)
    if not from_logits:
        output = _clip_probs(output)
        output = jnp.log(output / (1.0 - output))
    return (jnp.maximum(output, 0.0) - output * target
            + jnp.log1p(jnp.exp(-jnp.abs(output))))


# ----------------------------------------------------- dropout and biases
@k_op
def dropout(x, level, noise_shape=None, seed=None):
    """Zeroes entries with probability `level`, scales the rest by
    `1 / (1 - level)`. `seed`: int, SeedGenerator or None (see
    `kerax.backend.random` for None inside a traced call)."""
    if not 0 <= level < 1:
        raise ValueError(
            f"dropout: `level` must be in [0, 1). Received: level={level}"
        )
    return kerax_random.dropout(float_tensor(x), level,
                                noise_shape=noise_shape,
                                seed=fresh_seed(seed))


@k_op
def bias_add(x, bias, data_format=None):
    """Adds `bias`: one value per channel, or a full `(spatial..., C)`
    bias (rank of `x` minus 1)."""
    x, bias = tensor(x), tensor(bias)
    data_format = check_data_format(data_format)
    if bias.ndim not in (1, x.ndim - 1):
        raise ValueError(
            f"bias_add: unexpected bias rank {bias.ndim}, expected 1 or "
            f"{x.ndim - 1}. Received: bias.shape={bias.shape}, "
            f"x.shape={x.shape}"
        )
    if data_format == "channels_first" and x.ndim > 2:
        if bias.ndim == 1:
            shape = (1, bias.shape[0]) + (1,) * (x.ndim - 2)
        else:
            shape = (1, bias.shape[-1]) + bias.shape[:-1]
        return x + jnp.reshape(bias, shape)
    return x + bias


# ---------------------------------------------------- batch normalization
def _along(param, x, axis):
    """A rank-1 `param` shaped to broadcast along `x`'s `axis`."""
    param = tensor(param)
    if param.ndim == 1 and x.ndim > 1:
        shape = [1] * x.ndim
        shape[axis] = -1
        return param.reshape(shape)
    return param


@k_op
def batch_normalization(x, mean, var, beta, gamma, axis=-1, epsilon=1e-3):
    """`(x - mean) / sqrt(var + epsilon) * gamma + beta` (`beta`/`gamma`
    may be None); rank-1 statistics apply along `axis`."""
    x = float_tensor(x)
    out = (x - _along(mean, x, axis)) * jax.lax.rsqrt(
        _along(var, x, axis) + epsilon
    )
    if gamma is not None:
        out = out * _along(gamma, x, axis)
    if beta is not None:
        out = out + _along(beta, x, axis)
    return out


@k_op
def normalize_batch_in_training(x, gamma, beta, reduction_axes,
                                epsilon=1e-3):
    """Normalizes `x` with its own mean and variance over
    `reduction_axes`; returns `(normalized, mean, variance)`, the
    statistics shaped as the kept axes."""
    x = float_tensor(x)
    reduction_axes = tuple(int(a) % x.ndim for a in reduction_axes)
    mean = jnp.mean(x, axis=reduction_axes, keepdims=True)
    var = jnp.var(x, axis=reduction_axes, keepdims=True)
    kept = [d for i, d in enumerate(x.shape) if i not in reduction_axes]
    broadcast = tuple(1 if i in reduction_axes else d
                      for i, d in enumerate(x.shape))
    out = (x - mean) * jax.lax.rsqrt(var + epsilon)
    if gamma is not None:
        out = out * tensor(gamma).reshape(broadcast)
    if beta is not None:
        out = out + tensor(beta).reshape(broadcast)
    return out, mean.reshape(kept), var.reshape(kept)
