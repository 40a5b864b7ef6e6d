"""Correlation metrics: `PearsonCorrelation`, `ConcordanceCorrelation`.

Each per-sample function correlates `y_true` and `y_pred` along `axis`;
the classes keep the running (weighted) mean.

>>> m = PearsonCorrelation()
>>> m.update_state([[1.0, 2.0, 3.0]], [[2.0, 4.0, 6.0]])
>>> round(float(m.result()), 4)
1.0
"""

from __future__ import annotations

import jax.numpy as jnp

from kerax import config
from kerax.core.registry import register
from kerax.metrics.metrics_utils import as_array, squeeze_or_expand_to_same_rank
from kerax.metrics.reduction_metrics import MeanMetricWrapper


def _pair(y_true, y_pred):
    y_pred = as_array(y_pred)
    y_true = as_array(y_true, y_pred.dtype)
    return squeeze_or_expand_to_same_rank(y_true, y_pred)


@register("metrics")
def pearson_correlation(y_true, y_pred, axis=-1):
    """Pearson correlation coefficient along `axis`."""
    y_true, y_pred = _pair(y_true, y_pred)
    t = y_true - jnp.mean(y_true, axis=axis, keepdims=True)
    p = y_pred - jnp.mean(y_pred, axis=axis, keepdims=True)
    t = t / jnp.std(t, axis=axis, keepdims=True)
    p = p / jnp.std(p, axis=axis, keepdims=True)
    return jnp.mean(t * p, axis=axis)


@register("metrics")
def concordance_correlation(y_true, y_pred, axis=-1):
    """Lin's concordance correlation coefficient along `axis`.

    Follows Keras 3 exactly, including its covariance term, which
    centres `y_true` on the mean of `y_pred`.
    """
    y_true, y_pred = _pair(y_true, y_pred)
    true_mean = jnp.mean(y_true, axis=axis, keepdims=True)
    pred_mean = jnp.mean(y_pred, axis=axis, keepdims=True)
    true_var = jnp.var(y_true - true_mean, axis=axis, keepdims=True)
    pred_var = jnp.var(y_pred - pred_mean, axis=axis, keepdims=True)
    covar = (y_true - pred_mean) * (y_pred - pred_mean)
    norm = true_var + pred_var + jnp.square(true_mean - pred_mean)
    return jnp.mean(2 * covar / (norm + config.epsilon()), axis=axis)


@register("metrics")
class PearsonCorrelation(MeanMetricWrapper):
    """Mean Pearson correlation between labels and predictions.

    Args:
        name: name of the metric instance (default
            `"pearson_correlation"`).
        dtype: dtype of the metric's result.
        axis: the axis along which correlation is computed (default -1).

    >>> m = PearsonCorrelation()
    >>> m.update_state([[1.0, 2.0, 3.0]], [[3.0, 2.0, 1.0]])
    >>> round(float(m.result()), 4)
    -1.0
    """

    def __init__(self, name="pearson_correlation", dtype=None, axis=-1):
        super().__init__(
            fn=pearson_correlation, name=name, dtype=dtype, axis=axis
        )
        self.axis = axis
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "axis": self.axis}


@register("metrics")
class ConcordanceCorrelation(MeanMetricWrapper):
    """Mean concordance correlation between labels and predictions.

    Args:
        name: name of the metric instance (default
            `"concordance_correlation"`).
        dtype: dtype of the metric's result.
        axis: the axis along which correlation is computed (default -1).

    >>> m = ConcordanceCorrelation()
    >>> m.update_state([[1.0, 2.0, 3.0]], [[1.0, 2.0, 3.0]])
    >>> round(float(m.result()), 4)
    1.0
    """

    def __init__(self, name="concordance_correlation", dtype=None, axis=-1):
        super().__init__(
            fn=concordance_correlation, name=name, dtype=dtype, axis=axis
        )
        self.axis = axis
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "axis": self.axis}
