"""Keras 2's metric helpers: `Reduce` (the base Keras 2 gave `Sum` and
`Mean`), `clone_metric` and `clone_metrics`.

>>> m = Reduce("sum_over_batch_size", name="avg")
>>> m.update_state([1.0, 2.0, 6.0], sample_weight=[1.0, 1.0, 0.0])
>>> float(m.result())
1.0
"""

import jax.numpy as jnp

from kerax.metrics.metric import Metric

_REDUCTIONS = ("sum", "sum_over_batch_size", "weighted_mean")


class Reduce(Metric):
    """Accumulates `sum(values * sample_weight)` and reports it as is
    (`"sum"`), divided by the number of values seen
    (`"sum_over_batch_size"`), or divided by the sum of the weights
    (`"weighted_mean"`).

    Args:
        reduction: one of the three names above (or a
            `kerax.utils.metrics_utils.Reduction`).
        name: the metric's name.
        dtype: the result's dtype.
    """

    def __init__(self, reduction, name, dtype=None):
        super().__init__(name=name, dtype=dtype)
        reduction = getattr(reduction, "value", reduction)
        if reduction not in _REDUCTIONS:
            raise ValueError(
                f"Metric '{name}': `reduction` must be one of {_REDUCTIONS}. "
                f"Received: reduction={reduction!r}")
        self.reduction = reduction
        self.total = self.add_variable(shape=(), initializer="zeros",
                                       dtype=self.dtype, name="total")
        self.count = self.add_variable(shape=(), initializer="zeros",
                                       dtype=self.dtype, name="count")

    def update_state(self, values, sample_weight=None):
        values = jnp.asarray(values, dtype=self.dtype)
        if sample_weight is None:
            weights = jnp.ones_like(values)
        else:
            weights = jnp.broadcast_to(
                jnp.asarray(sample_weight, dtype=self.dtype), values.shape)
        self.total.assign_add(jnp.sum(values * weights))
        if self.reduction == "sum_over_batch_size":
            self.count.assign_add(jnp.asarray(values.size, self.dtype))
        elif self.reduction == "weighted_mean":
            self.count.assign_add(jnp.sum(weights))

    def reset_state(self):
        self.total.assign(0)
        self.count.assign(0)

    def result(self):
        if self.reduction == "sum":
            return self.total.value
        count = self.count.value
        return jnp.where(count > 0, self.total.value / jnp.where(
            count > 0, count, 1), 0.0)

    def get_config(self):
        return {"reduction": self.reduction, "name": self.name,
                "dtype": self.dtype}


def clone_metric(metric):
    """A fresh copy (same config, new state) of a `Metric`; anything else
    (a function, a name) is returned as is."""
    if isinstance(metric, Metric):
        return type(metric).from_config(metric.get_config())
    return metric


def clone_metrics(metrics):
    """`clone_metric` over a list or a dict of metrics (None stays None)."""
    if metrics is None:
        return None
    if isinstance(metrics, dict):
        return {key: clone_metric(value) for key, value in metrics.items()}
    return [clone_metric(metric) for metric in metrics]
