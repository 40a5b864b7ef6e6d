"""Regression losses: squared, absolute, percentage, log and robust errors.

Each function returns one loss per sample (the mean over the last axis).

>>> float(mean_squared_error([0.0, 2.0], [1.0, 2.0]))
0.5
"""

import math

import jax
import jax.numpy as jnp

from kerax import config
from kerax.core.registry import register
from kerax.losses.loss import (
    loss_function,
    squeeze_or_expand_to_same_rank,
    to_array,
)
from kerax.losses.wrapper import BuiltinLoss


def _prepare(y_true, y_pred):
    y_pred = to_array(y_pred)
    y_true = to_array(y_true, y_pred.dtype)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


@register("losses", "mse", "MSE")
@loss_function
def mean_squared_error(y_true, y_pred):
    """Mean of `square(y_true - y_pred)` over the last axis."""
    y_true, y_pred = _prepare(y_true, y_pred)
    return jnp.mean(jnp.square(y_true - y_pred), axis=-1)


@register("losses", "mae", "MAE")
@loss_function
def mean_absolute_error(y_true, y_pred):
    """Mean of `abs(y_true - y_pred)` over the last axis."""
    y_true, y_pred = _prepare(y_true, y_pred)
    return jnp.mean(jnp.abs(y_true - y_pred), axis=-1)


@register("losses", "mape", "MAPE")
@loss_function
def mean_absolute_percentage_error(y_true, y_pred):
    """`100 * mean(abs((y_true - y_pred) / max(abs(y_true), epsilon)))`."""
    y_true, y_pred = _prepare(y_true, y_pred)
    eps = jnp.asarray(config.epsilon(), y_pred.dtype)
    ratio = (y_true - y_pred) / jnp.maximum(jnp.abs(y_true), eps)
    return 100.0 * jnp.mean(jnp.abs(ratio), axis=-1)


@register("losses", "msle", "MSLE")
@loss_function
def mean_squared_logarithmic_error(y_true, y_pred):
    """Mean of `square(log(y_pred + 1) - log(y_true + 1))`, both clipped
    below at epsilon."""
    y_true, y_pred = _prepare(y_true, y_pred)
    eps = config.epsilon()
    log_pred = jnp.log(jnp.maximum(y_pred, eps) + 1.0)
    log_true = jnp.log(jnp.maximum(y_true, eps) + 1.0)
    return jnp.mean(jnp.square(log_pred - log_true), axis=-1)


@register("losses", "huber_loss")
@loss_function
def huber(y_true, y_pred, delta=1.0):
    """Mean Huber loss: quadratic for errors up to `delta`, linear beyond."""
    y_true, y_pred = _prepare(y_true, y_pred)
    delta = jnp.asarray(delta, y_pred.dtype)
    error = y_pred - y_true
    abs_error = jnp.abs(error)
    quadratic = 0.5 * jnp.square(error)
    linear = delta * abs_error - 0.5 * jnp.square(delta)
    return jnp.mean(jnp.where(abs_error <= delta, quadratic, linear), -1)


@register("losses", "logcosh")
@loss_function
def log_cosh(y_true, y_pred):
    """Mean of `log(cosh(y_pred - y_true))`, computed without overflow."""
    y_true, y_pred = _prepare(y_true, y_pred)
    x = y_pred - y_true
    log2 = jnp.asarray(math.log(2.0), y_pred.dtype)
    return jnp.mean(x + jax.nn.softplus(-2.0 * x) - log2, axis=-1)


@register("losses")
class MeanSquaredError(BuiltinLoss):
    """Mean of squares of errors between labels and predictions.

    Args:
        reduction: see `Loss` (default `"sum_over_batch_size"`).
        name: default `"mean_squared_error"`.
        dtype: computation dtype (default `floatx()`).

    >>> float(MeanSquaredError()([[0.0, 1.0]], [[1.0, 1.0]]))
    0.5
    """

    def __init__(
        self,
        reduction="sum_over_batch_size",
        name="mean_squared_error",
        dtype=None,
    ):
        super().__init__(mean_squared_error, name, reduction, dtype)


@register("losses")
class MeanAbsoluteError(BuiltinLoss):
    """Mean of absolute errors between labels and predictions.

    Args: as for `MeanSquaredError` (default name `"mean_absolute_error"`).

    >>> float(MeanAbsoluteError()([[0.0, 1.0]], [[1.0, 3.0]]))
    1.5
    """

    def __init__(
        self,
        reduction="sum_over_batch_size",
        name="mean_absolute_error",
        dtype=None,
    ):
        super().__init__(mean_absolute_error, name, reduction, dtype)


@register("losses")
class MeanAbsolutePercentageError(BuiltinLoss):
    """Mean absolute error relative to the labels, in percent.

    Args: as for `MeanSquaredError` (default name
    `"mean_absolute_percentage_error"`).

    >>> float(MeanAbsolutePercentageError()([[2.0, 4.0]], [[1.0, 4.0]]))
    25.0
    """

    def __init__(
        self,
        reduction="sum_over_batch_size",
        name="mean_absolute_percentage_error",
        dtype=None,
    ):
        super().__init__(mean_absolute_percentage_error, name, reduction, dtype)


@register("losses")
class MeanSquaredLogarithmicError(BuiltinLoss):
    """Mean squared error between `log(y + 1)` of labels and predictions.

    Args: as for `MeanSquaredError` (default name
    `"mean_squared_logarithmic_error"`).

    >>> round(float(MeanSquaredLogarithmicError()([[0.0]], [[1.0]])), 4)
    0.4805
    """

    def __init__(
        self,
        reduction="sum_over_batch_size",
        name="mean_squared_logarithmic_error",
        dtype=None,
    ):
        super().__init__(mean_squared_logarithmic_error, name, reduction, dtype)


@register("losses")
class Huber(BuiltinLoss):
    """Huber loss: `0.5 * x**2` for `|x| <= delta`, else
    `delta * |x| - 0.5 * delta**2`, with `x = y_pred - y_true`.

    Args:
        delta: where the loss turns from quadratic to linear (default 1.0).
        reduction, dtype: see `Loss`.
        name: default `"huber_loss"`.

    >>> float(Huber(delta=1.0)([[0.0, 0.0]], [[0.5, 3.0]]))
    1.3125
    """

    _config_keys = ("delta",)

    def __init__(
        self,
        delta=1.0,
        reduction="sum_over_batch_size",
        name="huber_loss",
        dtype=None,
    ):
        super().__init__(huber, name, reduction, dtype, delta=delta)


@register("losses")
class LogCosh(BuiltinLoss):
    """Mean of `log(cosh(y_pred - y_true))`: like MSE for small errors and
    like MAE for large ones.

    Args: as for `MeanSquaredError` (default name `"log_cosh"`).

    >>> round(float(LogCosh()([[0.0]], [[1.0]])), 4)
    0.4338
    """

    def __init__(
        self,
        reduction="sum_over_batch_size",
        name="log_cosh",
        dtype=None,
    ):
        super().__init__(log_cosh, name, reduction, dtype)
