"""Normalization ops of `kerax.ops.nn`: moments, batch, layer and RMS
normalization, and `normalize`.

Statistics of float16/bfloat16 inputs are computed in float32 and cast
back, as Keras does.

>>> [m.tolist() for m in moments(jnp.array([1.0, 3.0]), axes=0)]
[2.0, 1.0]
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from kerax import config
from kerax.core.dtypes import standardize_dtype
from kerax.ops.core import _convert
from kerax.ops.nn_activations import _float
from kerax.ops.symbolic import symbolic_op

_HALF = ("float16", "bfloat16")


def _axes(axis):
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


@symbolic_op
def moments(x, axes, keepdims=False, synchronized=False):
    """Mean and variance of `x` over `axes`.

    >>> [m.tolist() for m in moments([1.0, 3.0], axes=0)]
    [2.0, 1.0]
    """
    if synchronized:
        raise NotImplementedError(
            "Argument synchronized=True is not supported with JAX."
        )
    x = _float(x)
    axes = _axes(axes)
    original = standardize_dtype(x.dtype)
    if original in _HALF:
        x = x.astype("float32")
    mean = jnp.mean(x, axis=axes, keepdims=keepdims)
    variance = jnp.var(x, axis=axes, keepdims=keepdims)
    if original in _HALF:
        limit = float(jnp.finfo(jnp.float16).max)
        mean = jnp.clip(mean, -limit, limit).astype(original)
        variance = jnp.clip(variance, -limit, limit).astype(original)
    return mean, variance


@symbolic_op
def batch_normalization(
    x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3
):
    """`(x - mean) / sqrt(variance + epsilon) * scale + offset`, the
    statistics being 1D along `axis`.

    >>> batch_normalization([[1.0, 2.0]], [1.0, 2.0], [1.0, 1.0], axis=1,
    ...                     epsilon=0.0).tolist()
    [[0.0, 0.0]]
    """
    x = _float(x)
    shape = [1] * x.ndim
    mean = _convert(mean)
    shape[axis] = mean.shape[0]
    inv = jax.lax.rsqrt(_convert(variance).reshape(shape) + epsilon)
    if scale is not None:
        inv = inv * _convert(scale).reshape(shape)
    shift = -mean.reshape(shape) * inv
    if offset is not None:
        shift = shift + _convert(offset).reshape(shape)
    return x * inv + shift


def _broadcast_param(param, x, axes):
    if param is None:
        return None
    param = _convert(param).astype(x.dtype)
    if param.ndim != x.ndim and list(axes) != [x.ndim - 1]:
        shape = [1] * x.ndim
        for a in axes:
            shape[a] = x.shape[a]
        param = param.reshape(shape)
    return param


@symbolic_op
def layer_normalization(
    x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs
):
    """Normalizes `x` to zero mean and unit variance over `axis`, then
    scales by `gamma` and shifts by `beta`.

    >>> layer_normalization(jnp.array([1.0, 3.0])).round(3).tolist()
    [-1.0, 1.0]
    """
    rms_scaling = kwargs.pop("rms_scaling", False)
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
    epsilon = config.epsilon() if epsilon is None else epsilon
    x = _float(x)
    original = x.dtype
    x = x.astype(jnp.promote_types(original, "float32"))
    axes = [axis] if isinstance(axis, int) else list(axis)
    axes = sorted(a % x.ndim for a in axes)
    gamma = _broadcast_param(gamma, x, axes)
    beta = _broadcast_param(beta, x, axes)
    if rms_scaling:
        inv = jax.lax.rsqrt(jnp.var(x, axis=axes, keepdims=True) + epsilon)
        out = x * inv
        if gamma is not None:
            out = out * gamma
        return out.astype(original)
    mean = jnp.mean(x, axis=axes, keepdims=True)
    variance = jnp.var(x, axis=axes, keepdims=True)
    inv = jax.lax.rsqrt(variance + epsilon)
    if gamma is not None:
        inv = inv * gamma
    shift = -mean * inv
    if beta is not None:
        shift = shift + beta
    return (x * inv + shift).astype(original)


@symbolic_op
def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    """`x * rsqrt(mean(x^2) + epsilon) * scale` over `axis`.

    >>> out = rms_normalization(jnp.array([3.0, 4.0]), epsilon=0.0)
    >>> [round(float(v), 3) for v in out]
    [0.849, 1.131]
    """
    epsilon = config.epsilon() if epsilon is None else epsilon
    x = _float(x)
    original = x.dtype
    x = x.astype(jnp.promote_types(original, "float32"))
    if x.ndim == 0:
        x = x[None]
    axis = tuple(sorted(axis)) if isinstance(axis, (list, tuple)) else axis
    inv = jax.lax.rsqrt(
        jnp.mean(jnp.square(x), axis=axis, keepdims=True) + epsilon
    )
    out = x * inv
    if scale is not None:
        out = out * _convert(scale).astype(x.dtype)
    return out.astype(original)


@symbolic_op
def normalize(x, axis=-1, order=2, epsilon=None):
    """`x / max(norm(x, order), epsilon)` along `axis`.

    >>> normalize(jnp.array([3.0, 4.0])).tolist()
    [0.6000000238418579, 0.800000011920929]
    """
    if not isinstance(order, int) or order < 1:
        raise ValueError(
            f"Argument `order` must be an int >= 1. Received: order={order}"
        )
    epsilon = config.epsilon() if epsilon is None else epsilon
    x = _float(x)
    if x.ndim == 0:
        x = x[None]
    axis = _axes(axis)
    if order == 2:
        inv = jax.lax.rsqrt(jnp.sum(jnp.square(x), axis=axis, keepdims=True))
        return x * jnp.minimum(inv, 1.0 / epsilon)
    norm = jnp.linalg.norm(x, ord=order, axis=axis, keepdims=True)
    return x / jnp.maximum(norm, epsilon)
