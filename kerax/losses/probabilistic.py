"""Probabilistic losses: KL divergence, Poisson and generalized
crossentropy.

>>> round(float(poisson([1.0, 2.0], [1.0, 1.0])), 4)
1.0
"""

import jax
import jax.numpy as jnp

from kerax import config
from kerax.core.registry import register
from kerax.losses.loss import loss_function, to_array
from kerax.losses.wrapper import BuiltinLoss


@register("losses", "kld", "KLD", "kullback_leibler_divergence")
@loss_function
def kl_divergence(y_true, y_pred):
    """`sum(y_true * log(y_true / y_pred))` over the last axis, both clipped
    to `[epsilon, 1]`."""
    y_pred = to_array(y_pred)
    y_true = to_array(y_true, y_pred.dtype)
    eps = config.epsilon()
    y_true = jnp.clip(y_true, eps, 1.0)
    y_pred = jnp.clip(y_pred, eps, 1.0)
    return jnp.sum(y_true * jnp.log(y_true / y_pred), axis=-1)


@register("losses")
@loss_function
def poisson(y_true, y_pred):
    """Mean of `y_pred - y_true * log(y_pred + epsilon)` over the last axis."""
    y_pred = to_array(y_pred)
    y_true = to_array(y_true, y_pred.dtype)
    eps = jnp.asarray(config.epsilon(), y_pred.dtype)
    return jnp.mean(y_pred - y_true * jnp.log(y_pred + eps), axis=-1)


@register("losses")
@loss_function
def categorical_generalized_cross_entropy(y_true, y_pred, q):
    """`(1 - p ** q) / q`, `p` being the predicted probability of the integer
    label `y_true` (Zhang & Sabuncu, 2018)."""
    y_pred = to_array(y_pred)
    y_true = to_array(y_true)
    one_hot = jax.nn.one_hot(
        y_true.astype("int32"), y_pred.shape[-1], dtype=y_pred.dtype
    )
    p = jnp.sum(y_pred * one_hot, axis=-1)
    return (1.0 - jnp.power(p, q)) / q


@register("losses")
class KLDivergence(BuiltinLoss):
    """Kullback-Leibler divergence from predictions to labels.

    Args:
        reduction, dtype: see `Loss`; name: default `"kl_divergence"`.

    >>> round(float(KLDivergence()([[0.5, 0.5]], [[0.25, 0.75]])), 4)
    0.1438
    """

    def __init__(
        self,
        reduction="sum_over_batch_size",
        name="kl_divergence",
        dtype=None,
    ):
        super().__init__(kl_divergence, name, reduction, dtype)


@register("losses")
class Poisson(BuiltinLoss):
    """Poisson loss: mean of `y_pred - y_true * log(y_pred)`.

    Args:
        reduction, dtype: see `Loss`; name: default `"poisson"`.

    >>> round(float(Poisson()([[1.0, 2.0]], [[1.0, 1.0]])), 4)
    1.0
    """

    def __init__(
        self,
        reduction="sum_over_batch_size",
        name="poisson",
        dtype=None,
    ):
        super().__init__(poisson, name, reduction, dtype)


@register("losses")
class CategoricalGeneralizedCrossEntropy(BuiltinLoss):
    """Generalized crossentropy for integer labels, robust to label noise:
    `(1 - p ** q) / q`, between crossentropy (q -> 0) and MAE (q = 1).

    Args:
        q: the noise parameter, in `(0, 1)` (default 0.5).
        reduction, dtype: see `Loss`; name: default
            `"categorical_generalized_cross_entropy"`.

    >>> loss = CategoricalGeneralizedCrossEntropy(q=0.5)
    >>> round(float(loss([1], [[0.75, 0.25]])), 4)
    1.0
    """

    _config_keys = ("q",)

    def __init__(
        self,
        q=0.5,
        reduction="sum_over_batch_size",
        name="categorical_generalized_cross_entropy",
        dtype=None,
    ):
        if not 0 < q < 1:
            raise ValueError(
                f"Argument `q` must be in the interval (0, 1). Received: q={q}"
            )
        super().__init__(
            categorical_generalized_cross_entropy, name, reduction, dtype, q=q
        )
