"""Loss ops of `kerax.ops.nn`: the cross-entropies and PSNR.

Probabilities are clipped to `[epsilon, 1 - epsilon]` before their log,
as Keras does.

>>> round(float(binary_crossentropy([1.0], [0.5])[0]), 4)
0.6931
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from kerax import config
from kerax.ops.core import _convert
from kerax.ops.nn_activations import _float
from kerax.ops.symbolic import symbolic_op


def _check_same_shape(target, output):
    if target.shape != output.shape:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape. "
            f"Received: target.shape={target.shape}, "
            f"output.shape={output.shape}"
        )


@symbolic_op
def binary_crossentropy(target, output, from_logits=False):
    """Element-wise binary cross-entropy; probabilities are clipped to
    `[epsilon, 1 - epsilon]`.

    >>> round(float(binary_crossentropy([1.0], [0.5])[0]), 4)
    0.6931
    """
    target, output = _float(target), _float(output)
    _check_same_shape(target, output)
    if from_logits:
        return -target * jax.nn.log_sigmoid(output) - (
            1.0 - target
        ) * jax.nn.log_sigmoid(-output)
    eps = config.epsilon()
    output = jnp.clip(output, eps, 1.0 - eps)
    return -(target * jnp.log(output) + (1.0 - target) * jnp.log(1 - output))


def _log_probs(output, from_logits, axis):
    if from_logits:
        return jax.nn.log_softmax(output, axis=axis)
    output = output / jnp.sum(output, axis=axis, keepdims=True)
    eps = config.epsilon()
    return jnp.log(jnp.clip(output, eps, 1.0 - eps))


@symbolic_op
def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Cross-entropy between one-hot `target` and `output` along `axis`.

    >>> round(float(categorical_crossentropy([[0.0, 1.0]], [[0.5, 0.5]])[0]), 4)
    0.6931
    """
    target, output = _float(target), _float(output)
    _check_same_shape(target, output)
    if target.ndim < 1:
        raise ValueError(
            "Arguments `target` and `output` must be at least rank 1. "
            f"Received: target.shape={target.shape}"
        )
    return -jnp.sum(target * _log_probs(output, from_logits, axis), axis=axis)


@symbolic_op
def sparse_categorical_crossentropy(
    target, output, from_logits=False, axis=-1
):
    """Cross-entropy between integer `target` and `output` along `axis`.

    >>> round(float(sparse_categorical_crossentropy([1], [[0.5, 0.5]])[0]),
    ...       4)
    0.6931
    """
    target = _convert(target).astype("int32")
    output = _float(output)
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = jnp.squeeze(target, axis=-1)
    if output.ndim < 1 or target.shape != output.shape[:-1]:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape up "
            f"until the last dimension: target.shape={target.shape}, "
            f"output.shape={output.shape}"
        )
    log_probs = _log_probs(output, from_logits, axis)
    encoded = jax.nn.one_hot(target, output.shape[axis], axis=axis,
                             dtype=output.dtype)
    return -jnp.sum(encoded * log_probs, axis=axis)


@symbolic_op
def psnr(x1, x2, max_val):
    """Peak signal-to-noise ratio, in dB.

    >>> round(float(psnr(jnp.zeros(2), jnp.full(2, 0.1), 1.0)), 3)
    20.0
    """
    x1, x2 = _float(x1), _float(x2)
    if x1.shape != x2.shape:
        raise ValueError(
            f"Input shapes {x1.shape} and {x2.shape} must match for PSNR "
            "calculation."
        )
    max_val = jnp.asarray(max_val, x2.dtype)
    mse = jnp.mean(jnp.square(x1 - x2))
    return 20 * jnp.log10(max_val) - 10 * jnp.log10(mse)
