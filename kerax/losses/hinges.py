"""Hinge losses for maximum-margin classifiers.

Binary labels given as 0/1 are turned into -1/1 first (all labels must be
0 or 1 for that; other labels, e.g. already -1/1, are used as they are).

>>> hinge([[0.0, 1.0]], [[-0.5, 0.5]]).tolist()
[0.5]
"""

import jax.numpy as jnp

from kerax.core.registry import register
from kerax.losses.loss import loss_function, to_array
from kerax.losses.wrapper import BuiltinLoss


def _to_signed_labels(y_true):
    is_binary = jnp.all((y_true == 0) | (y_true == 1))
    return jnp.where(is_binary, 2.0 * y_true - 1.0, y_true)


def _prepare(y_true, y_pred):
    y_pred = to_array(y_pred)
    y_true = to_array(y_true, y_pred.dtype)
    return y_true, y_pred


@register("losses")
@loss_function
def hinge(y_true, y_pred):
    """Mean of `max(1 - y_true * y_pred, 0)` over the last axis."""
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = _to_signed_labels(y_true)
    return jnp.mean(jnp.maximum(1.0 - y_true * y_pred, 0.0), axis=-1)


@register("losses")
@loss_function
def squared_hinge(y_true, y_pred):
    """Mean of `max(1 - y_true * y_pred, 0) ** 2` over the last axis."""
    y_true, y_pred = _prepare(y_true, y_pred)
    y_true = _to_signed_labels(y_true)
    margin = jnp.maximum(1.0 - y_true * y_pred, 0.0)
    return jnp.mean(jnp.square(margin), axis=-1)


@register("losses")
@loss_function
def categorical_hinge(y_true, y_pred):
    """`max(neg - pos + 1, 0)` with `pos = sum(y_true * y_pred)` and
    `neg = max((1 - y_true) * y_pred)` over the last axis (one-hot labels)."""
    y_true, y_pred = _prepare(y_true, y_pred)
    pos = jnp.sum(y_true * y_pred, axis=-1)
    neg = jnp.max((1.0 - y_true) * y_pred, axis=-1)
    return jnp.maximum(neg - pos + 1.0, jnp.zeros((), y_pred.dtype))


@register("losses")
class Hinge(BuiltinLoss):
    """Hinge loss: `mean(max(1 - y_true * y_pred, 0))`.

    Args:
        reduction, dtype: see `Loss`; name: default `"hinge"`.

    >>> float(Hinge()([[0.0, 1.0]], [[-0.5, 0.5]]))
    0.5
    """

    def __init__(
        self, reduction="sum_over_batch_size", name="hinge", dtype=None
    ):
        super().__init__(hinge, name, reduction, dtype)


@register("losses")
class SquaredHinge(BuiltinLoss):
    """Squared hinge loss: `mean(max(1 - y_true * y_pred, 0) ** 2)`.

    Args:
        reduction, dtype: see `Loss`; name: default `"squared_hinge"`.

    >>> float(SquaredHinge()([[0.0, 1.0]], [[-0.5, 0.5]]))
    0.25
    """

    def __init__(
        self,
        reduction="sum_over_batch_size",
        name="squared_hinge",
        dtype=None,
    ):
        super().__init__(squared_hinge, name, reduction, dtype)


@register("losses")
class CategoricalHinge(BuiltinLoss):
    """Categorical hinge loss for one-hot labels.

    Args:
        reduction, dtype: see `Loss`; name: default `"categorical_hinge"`.

    >>> float(CategoricalHinge()([[0.0, 1.0]], [[0.25, 0.75]]))
    0.5
    """

    def __init__(
        self,
        reduction="sum_over_batch_size",
        name="categorical_hinge",
        dtype=None,
    ):
        super().__init__(categorical_hinge, name, reduction, dtype)
