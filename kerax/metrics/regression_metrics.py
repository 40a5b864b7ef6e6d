"""Regression metrics and their per-sample functions.

The functions reduce over the last axis and return one value per sample;
the classes keep the running (weighted) mean of them.

>>> m = MeanSquaredError()
>>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
>>> float(m.result())
0.25
"""

from __future__ import annotations

import math
import warnings

import jax
import jax.numpy as jnp

from kerax import config
from kerax.core.registry import register
from kerax.metrics.metric import Metric
from kerax.metrics.metrics_utils import as_array, squeeze_or_expand_to_same_rank
from kerax.metrics.reduction_metrics import Mean, MeanMetricWrapper


def _pair(y_true, y_pred):
    y_pred = as_array(y_pred)
    y_true = as_array(y_true, y_pred.dtype)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


@register("metrics", "mse", "MSE")
def mean_squared_error(y_true, y_pred):
    """`mean(square(y_true - y_pred), axis=-1)`."""
    y_true, y_pred = _pair(y_true, y_pred)
    return jnp.mean(jnp.square(y_true - y_pred), axis=-1)


@register("metrics", "mae", "MAE")
def mean_absolute_error(y_true, y_pred):
    """`mean(abs(y_true - y_pred), axis=-1)`."""
    y_true, y_pred = _pair(y_true, y_pred)
    return jnp.mean(jnp.abs(y_true - y_pred), axis=-1)


@register("metrics", "mape", "MAPE")
def mean_absolute_percentage_error(y_true, y_pred):
    """`100 * mean(abs((y_true - y_pred) / max(abs(y_true), eps)))`."""
    y_true, y_pred = _pair(y_true, y_pred)
    denominator = jnp.maximum(jnp.abs(y_true), config.epsilon())
    return 100.0 * jnp.mean(jnp.abs((y_true - y_pred) / denominator), -1)


@register("metrics", "msle", "MSLE")
def mean_squared_logarithmic_error(y_true, y_pred):
    """`mean(square(log(1 + y_pred) - log(1 + y_true)))`, inputs floored
    at epsilon."""
    y_true, y_pred = _pair(y_true, y_pred)
    eps = config.epsilon()
    first = jnp.log(jnp.maximum(y_pred, eps) + 1.0)
    second = jnp.log(jnp.maximum(y_true, eps) + 1.0)
    return jnp.mean(jnp.square(first - second), axis=-1)


@register("metrics", "logcosh")
def log_cosh(y_true, y_pred):
    """`mean(log(cosh(y_pred - y_true)), axis=-1)`, computed stably."""
    y_true, y_pred = _pair(y_true, y_pred)
    x = y_pred - y_true
    value = x + jax.nn.softplus(-2.0 * x) - math.log(2.0)
    return jnp.mean(value, axis=-1)


@register("metrics")
def huber(y_true, y_pred, delta=1.0):
    """Quadratic for errors `<= delta`, linear beyond; mean over -1."""
    y_true, y_pred = _pair(y_true, y_pred)
    error = y_pred - y_true
    abs_error = jnp.abs(error)
    value = jnp.where(
        abs_error <= delta,
        0.5 * jnp.square(error),
        delta * abs_error - 0.5 * delta**2,
    )
    return jnp.mean(value, axis=-1)


def _l2_normalize(x, axis):
    square_sum = jnp.sum(jnp.square(x), axis=axis, keepdims=True)
    inv_norm = jnp.minimum(jax.lax.rsqrt(square_sum), 1.0 / config.epsilon())
    return x * inv_norm


@register("metrics")
def cosine_similarity(y_true, y_pred, axis=-1):
    """Cosine of the angle between `y_true` and `y_pred` along `axis`."""
    y_true, y_pred = _pair(y_true, y_pred)
    y_true = _l2_normalize(y_true, axis)
    y_pred = _l2_normalize(y_pred, axis)
    return jnp.sum(y_true * y_pred, axis=axis)


def _simple_config(self):
    return {"name": self.name, "dtype": self.dtype}


@register("metrics", "mse", "MSE")
class MeanSquaredError(MeanMetricWrapper):
    """Mean squared error between `y_true` and `y_pred`.

    Args:
        name: name of the metric instance (default `"mean_squared_error"`).
        dtype: dtype of the metric's result.

    >>> m = MeanSquaredError()
    >>> m.update_state([[0.0, 1.0]], [[1.0, 1.0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, name="mean_squared_error", dtype=None):
        super().__init__(fn=mean_squared_error, name=name, dtype=dtype)
        self._direction = "down"

    get_config = _simple_config


@register("metrics", "mae", "MAE")
class MeanAbsoluteError(MeanMetricWrapper):
    """Mean absolute error between `y_true` and `y_pred`.

    Args:
        name: name of the metric instance (default
            `"mean_absolute_error"`).
        dtype: dtype of the metric's result.

    >>> m = MeanAbsoluteError()
    >>> m.update_state([[0.0, 1.0]], [[1.0, 1.0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, name="mean_absolute_error", dtype=None):
        super().__init__(mean_absolute_error, name, dtype=dtype)
        self._direction = "down"

    get_config = _simple_config


@register("metrics", "mape", "MAPE")
class MeanAbsolutePercentageError(MeanMetricWrapper):
    """Mean absolute percentage error between `y_true` and `y_pred`.

    Args:
        name: name of the metric instance (default
            `"mean_absolute_percentage_error"`).
        dtype: dtype of the metric's result.

    >>> m = MeanAbsolutePercentageError()
    >>> m.update_state([[2.0, 4.0]], [[1.0, 4.0]])
    >>> float(m.result())
    25.0
    """

    def __init__(self, name="mean_absolute_percentage_error", dtype=None):
        super().__init__(mean_absolute_percentage_error, name, dtype=dtype)
        self._direction = "down"

    get_config = _simple_config


@register("metrics", "msle", "MSLE")
class MeanSquaredLogarithmicError(MeanMetricWrapper):
    """Mean squared logarithmic error between `y_true` and `y_pred`.

    Args:
        name: name of the metric instance (default
            `"mean_squared_logarithmic_error"`).
        dtype: dtype of the metric's result.

    >>> m = MeanSquaredLogarithmicError()
    >>> m.update_state([[0.0, 1.0]], [[0.0, 1.0]])
    >>> float(m.result())
    0.0
    """

    def __init__(self, name="mean_squared_logarithmic_error", dtype=None):
        super().__init__(mean_squared_logarithmic_error, name, dtype=dtype)
        self._direction = "down"

    get_config = _simple_config


@register("metrics")
class RootMeanSquaredError(Mean):
    """Root of the mean squared error: `sqrt(mean(square(y_true -
    y_pred)))`, the mean taken over all elements (weighted).

    Args:
        name: name of the metric instance (default
            `"root_mean_squared_error"`).
        dtype: dtype of the metric's result.

    >>> m = RootMeanSquaredError()
    >>> m.update_state([[0.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, name="root_mean_squared_error", dtype=None):
        super().__init__(name, dtype=dtype)
        self._direction = "down"

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = as_array(y_true, self.dtype)
        y_pred = as_array(y_pred, self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        error_sq = jnp.square(y_pred - y_true)
        return super().update_state(error_sq, sample_weight=sample_weight)

    def result(self):
        return jnp.sqrt(super().result())


@register("metrics")
class CosineSimilarity(MeanMetricWrapper):
    """Mean cosine similarity between labels and predictions.

    Args:
        name: name of the metric instance (default `"cosine_similarity"`).
        dtype: dtype of the metric's result.
        axis: the axis along which the similarity is computed (default -1).

    >>> m = CosineSimilarity()
    >>> m.update_state([[0.0, 1.0], [1.0, 1.0]], [[1.0, 0.0], [1.0, 1.0]])
    >>> round(float(m.result()), 4)
    0.5
    """

    def __init__(self, name="cosine_similarity", dtype=None, axis=-1):
        super().__init__(cosine_similarity, name, dtype=dtype, axis=axis)
        self._direction = "up"

    get_config = _simple_config


@register("metrics")
class LogCoshError(MeanMetricWrapper):
    """Mean of `log(cosh(y_pred - y_true))`.

    Args:
        name: name of the metric instance (default `"logcosh"`).
        dtype: dtype of the metric's result.

    >>> m = LogCoshError()
    >>> m.update_state([[0.0, 1.0]], [[0.0, 1.0]])
    >>> round(float(m.result()), 6)
    0.0
    """

    def __init__(self, name="logcosh", dtype=None):
        super().__init__(log_cosh, name, dtype=dtype)
        self._direction = "down"

    get_config = _simple_config


@register("metrics")
class R2Score(Metric):
    """Coefficient of determination, `1 - SS_res / SS_tot`, per output.

    Inputs are 2D, `(batch_size, num_outputs)`. The per-output scores are
    averaged uniformly (`"uniform_average"`), weighted by each output's
    variance (`"variance_weighted_average"`) or returned as is (`None`).
    With `num_regressors = p > 0` the adjusted score `1 - (1 - R2) * (n -
    1) / (n - p - 1)` is returned (n: number of values seen).

    Args:
        class_aggregation: `"uniform_average"` (default),
            `"variance_weighted_average"` or None.
        num_regressors: number of independent regressors (default 0).
        name: name of the metric instance (default `"r2_score"`).
        dtype: dtype of the metric's result.

    >>> m = R2Score()
    >>> m.update_state([[1.0], [4.0], [3.0]], [[2.0], [4.0], [4.0]])
    >>> round(float(m.result()), 4)
    0.5714
    """

    def __init__(
        self,
        class_aggregation="uniform_average",
        num_regressors=0,
        name="r2_score",
        dtype=None,
    ):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        valid = (None, "uniform_average", "variance_weighted_average")
        if class_aggregation not in valid:
            raise ValueError(
                "Invalid value for argument `class_aggregation`. Expected "
                f"one of {valid}. Received: "
                f"class_aggregation={class_aggregation}"
            )
        if num_regressors < 0:
            raise ValueError(
                "Invalid value for argument `num_regressors`. Expected a "
                f"value >= 0. Received: num_regressors={num_regressors}"
            )
        self.class_aggregation = class_aggregation
        self.num_regressors = num_regressors
        self.num_samples = self.add_variable(
            shape=(), initializer="zeros", name="num_samples"
        )
        self._built = False

    def _build(self, y_true_shape, y_pred_shape):
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                "R2Score expects 2D inputs with shape (batch_size, "
                f"output_dim). Received input shapes: y_pred.shape="
                f"{y_pred_shape} and y_true.shape={y_true_shape}."
            )
        n = y_pred_shape[-1]
        self.squared_sum = self.add_variable((n,), "zeros", name="squared_sum")
        self.sum = self.add_variable((n,), "zeros", name="sum")
        self.total_mse = self.add_variable((n,), "zeros", name="residual")
        self.count = self.add_variable((n,), "zeros", name="count")
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = as_array(y_true, self.dtype)
        y_pred = as_array(y_pred, self.dtype)
        y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
        if not self._built:
            self._build(y_true.shape, y_pred.shape)
        if sample_weight is None:
            sample_weight = 1
        sample_weight = as_array(sample_weight, self.dtype)
        if sample_weight.ndim == 1:
            sample_weight = jnp.expand_dims(sample_weight, 1)
        sample_weight = jnp.broadcast_to(sample_weight, y_true.shape)
        weighted_y_true = y_true * sample_weight
        self.sum.assign_add(jnp.sum(weighted_y_true, axis=0))
        self.squared_sum.assign_add(jnp.sum(y_true * weighted_y_true, 0))
        self.total_mse.assign_add(
            jnp.sum(jnp.square(y_true - y_pred) * sample_weight, axis=0)
        )
        self.count.assign_add(jnp.sum(sample_weight, axis=0))
        self.num_samples.assign_add(y_true.size)

    def result(self):
        total_sum, count = self.sum.value, self.count.value
        mean = total_sum / count
        total = self.squared_sum.value - total_sum * mean
        raw_scores = 1 - (self.total_mse.value / total)
        raw_scores = jnp.where(jnp.isinf(raw_scores), 0.0, raw_scores)
        if self.class_aggregation == "uniform_average":
            score = jnp.mean(raw_scores)
        elif self.class_aggregation == "variance_weighted_average":
            score = jnp.sum(total * raw_scores) / jnp.sum(total)
        else:
            score = raw_scores
        if self.num_regressors == 0:
            return score
        n = self.num_samples.value.astype("float32")
        p = float(self.num_regressors)
        self._warn_if_not_adjustable(n, p)
        adjusted = 1.0 - (1.0 - score) * (n - 1.0) / (n - p - 1.0)
        return jnp.where(p < n - 1, adjusted, score)

    def _warn_if_not_adjustable(self, n, p):
        if isinstance(n, jax.core.Tracer):
            return
        if p > float(n) - 1:
            warnings.warn(
                "More independent predictors than datapoints in adjusted "
                "R2 score. Falling back to standard R2 score.",
                stacklevel=3,
            )
        elif p == float(n) - 1:
            warnings.warn(
                "Division by zero in Adjusted R2 score. Falling back to "
                "standard R2 score.",
                stacklevel=3,
            )

    def reset_state(self):
        for v in self.variables:
            v.assign(jnp.zeros(v.shape, dtype=v.dtype))

    def get_config(self):
        return {
            **super().get_config(),
            "class_aggregation": self.class_aggregation,
            "num_regressors": self.num_regressors,
        }
