"""Hinge metrics and their per-sample functions.

Binary labels given as 0/1 are converted to -1/1 first.

>>> m = Hinge()
>>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
>>> round(float(m.result()), 4)
1.3
"""

from __future__ import annotations

import jax.numpy as jnp

from kerax.core.registry import register
from kerax.metrics.metrics_utils import as_array
from kerax.metrics.reduction_metrics import MeanMetricWrapper


def _to_signed_labels(y_true):
    """Maps 0/1 labels to -1/1; leaves labels that are not all 0/1."""
    is_binary = jnp.all((y_true == 0) | (y_true == 1))
    return jnp.where(is_binary, 2.0 * y_true - 1.0, y_true)


def _margins(y_true, y_pred):
    y_pred = as_array(y_pred)
    y_true = _to_signed_labels(as_array(y_true).astype(y_pred.dtype))
    return jnp.maximum(1.0 - y_true * y_pred, 0.0)


@register("metrics")
def hinge(y_true, y_pred):
    """`mean(maximum(1 - y_true * y_pred, 0), axis=-1)`."""
    return jnp.mean(_margins(y_true, y_pred), axis=-1)


@register("metrics")
def squared_hinge(y_true, y_pred):
    """`mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1)`."""
    return jnp.mean(jnp.square(_margins(y_true, y_pred)), axis=-1)


@register("metrics")
def categorical_hinge(y_true, y_pred):
    """`maximum(max((1 - y_true) * y_pred) - sum(y_true * y_pred) + 1, 0)`
    for one-hot labels."""
    y_pred = as_array(y_pred)
    y_true = as_array(y_true).astype(y_pred.dtype)
    pos = jnp.sum(y_true * y_pred, axis=-1)
    neg = jnp.max((1.0 - y_true) * y_pred, axis=-1)
    return jnp.maximum(neg - pos + 1.0, 0.0)


@register("metrics")
class Hinge(MeanMetricWrapper):
    """Mean hinge loss between labels (-1/1 or 0/1) and predictions.

    Args:
        name: name of the metric instance (default `"hinge"`).
        dtype: dtype of the metric's result.

    >>> m = Hinge()
    >>> m.update_state([[1.0]], [[0.25]])
    >>> float(m.result())
    0.75
    """

    def __init__(self, name="hinge", dtype=None):
        super().__init__(fn=hinge, name=name, dtype=dtype)
        self._direction = "down"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


@register("metrics")
class SquaredHinge(MeanMetricWrapper):
    """Mean squared hinge loss between labels and predictions.

    Args:
        name: name of the metric instance (default `"squared_hinge"`).
        dtype: dtype of the metric's result.

    >>> m = SquaredHinge()
    >>> m.update_state([[1.0]], [[0.5]])
    >>> float(m.result())
    0.25
    """

    def __init__(self, name="squared_hinge", dtype=None):
        super().__init__(fn=squared_hinge, name=name, dtype=dtype)
        self._direction = "down"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


@register("metrics")
class CategoricalHinge(MeanMetricWrapper):
    """Mean categorical hinge loss for one-hot labels.

    Args:
        name: name of the metric instance (default `"categorical_hinge"`).
        dtype: dtype of the metric's result.

    >>> m = CategoricalHinge()
    >>> m.update_state([[0.0, 1.0]], [[0.5, 0.75]])
    >>> float(m.result())
    0.75
    """

    def __init__(self, name="categorical_hinge", dtype=None):
        super().__init__(fn=categorical_hinge, name=name, dtype=dtype)
        self._direction = "down"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}
