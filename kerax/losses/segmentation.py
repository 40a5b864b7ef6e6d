"""Overlap losses for segmentation masks: Dice and Tversky.

Sums run over `axis` (all axes by default, giving one scalar).

>>> round(float(dice([[1.0, 1.0, 0.0]], [[1.0, 0.0, 0.0]])), 4)
0.3333
"""

import jax.numpy as jnp

from kerax import config
from kerax.core.registry import register
from kerax.losses.loss import loss_function, to_array
from kerax.losses.wrapper import BuiltinLoss


def _prepare(y_true, y_pred, axis):
    y_pred = to_array(y_pred)
    y_true = to_array(y_true, y_pred.dtype)
    if isinstance(axis, list):
        axis = tuple(axis)
    return y_true, y_pred, axis


@register("losses")
@loss_function
def dice(y_true, y_pred, axis=None):
    """`1 - 2 * sum(y_true * y_pred) / (sum(y_true) + sum(y_pred) + eps)`."""
    y_true, y_pred, axis = _prepare(y_true, y_pred, axis)
    intersection = jnp.sum(y_true * y_pred, axis=axis)
    total = jnp.sum(y_true, axis=axis) + jnp.sum(y_pred, axis=axis)
    return 1.0 - 2.0 * intersection / (total + config.epsilon())


@register("losses")
@loss_function
def tversky(y_true, y_pred, alpha=0.5, beta=0.5, axis=None):
    """`1 - tp / (tp + alpha * fp + beta * fn + eps)`, with soft counts
    `tp = sum(y_true * y_pred)`, `fp = sum(y_true * (1 - y_pred))` and
    `fn = sum((1 - y_true) * y_pred)` (Keras's naming)."""
    y_true, y_pred, axis = _prepare(y_true, y_pred, axis)
    tp = jnp.sum(y_true * y_pred, axis=axis)
    fp = jnp.sum((1.0 - y_pred) * y_true, axis=axis)
    fn = jnp.sum(y_pred * (1.0 - y_true), axis=axis)
    denominator = tp + alpha * fp + beta * fn + config.epsilon()
    return 1.0 - tp / denominator


@register("losses")
class Dice(BuiltinLoss):
    """Dice loss: one minus the soft Dice coefficient.

    Args:
        reduction, dtype: see `Loss`; name: default `"dice"`.
        axis: axes to sum over (an int or tuple; default None: all).

    >>> y_true = [[[1.0], [1.0]], [[0.0], [1.0]]]
    >>> y_pred = [[[1.0], [0.0]], [[0.0], [1.0]]]
    >>> losses = Dice(axis=(1, 2), reduction=None)(y_true, y_pred)
    >>> [round(v, 4) for v in losses.tolist()]
    [0.3333, 0.0]
    """

    _config_keys = ("axis",)

    def __init__(
        self,
        reduction="sum_over_batch_size",
        name="dice",
        axis=None,
        dtype=None,
    ):
        super().__init__(dice, name, reduction, dtype, axis=axis)


@register("losses")
class Tversky(BuiltinLoss):
    """Tversky loss: Dice with separate weights on the two kinds of error
    (`alpha = beta = 0.5` gives Dice).

    Args:
        alpha: weight of false positives (default 0.5).
        beta: weight of false negatives (default 0.5).
        reduction, dtype: see `Loss`; name: default `"tversky"`.
        axis: axes to sum over (default None: all).

    >>> round(float(Tversky()([[1.0, 1.0, 0.0]], [[1.0, 0.0, 0.0]])), 4)
    0.3333
    """

    _config_keys = ("alpha", "beta", "axis")

    def __init__(
        self,
        alpha=0.5,
        beta=0.5,
        reduction="sum_over_batch_size",
        name="tversky",
        axis=None,
        dtype=None,
    ):
        super().__init__(
            tversky, name, reduction, dtype, alpha=alpha, beta=beta, axis=axis
        )
