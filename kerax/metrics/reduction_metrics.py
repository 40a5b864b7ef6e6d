"""Reduction metrics: `Sum`, `Mean`, and `MeanMetricWrapper` (the mean of
a per-sample function, the base of most loss-like metrics).

>>> m = Mean()
>>> m.update_state([1.0, 3.0, 5.0, 7.0], sample_weight=[1, 1, 0, 0])
>>> float(m.result())
2.0
"""

from __future__ import annotations

import functools
import inspect

import jax
import jax.numpy as jnp

from kerax.core.registry import METRICS, deserialize_member, register
from kerax.layers import metric_hooks
from kerax.metrics.metric import Metric
from kerax.metrics.metrics_utils import (
    as_array,
    divide_no_nan,
    reduce_to_samplewise_values,
)

_REDUCE = {"sum": jnp.sum, "mean": jnp.mean}


@functools.partial(jax.jit, static_argnames=("reduce", "dtype"))
def _weighted_total(values, sample_weight, reduce, dtype):
    """`(sum of weighted per-sample values, sum of weights)`; the weight
    sum is the number of samples when unweighted."""
    values, sample_weight = reduce_to_samplewise_values(
        values, sample_weight, reduce_fn=_REDUCE[reduce], dtype=dtype
    )
    if sample_weight is not None:
        count = jnp.sum(sample_weight)
    else:
        count = values.shape[0] if values.ndim >= 1 else 1
    return jnp.sum(values), jnp.asarray(count, dtype=dtype)


def _inputs(values, sample_weight, dtype):
    values = as_array(values)
    if sample_weight is not None:
        sample_weight = as_array(sample_weight, dtype)
    return values, sample_weight


@register("metrics")
class Sum(Metric):
    """Computes the (weighted) sum of the given values.

    Each call adds `sum(values * sample_weight)` to the running total.

    Args:
        name: name of the metric instance (default `"sum"`).
        dtype: dtype of the metric's result.

    >>> m = Sum()
    >>> m.update_state([1, 3, 5, 7])
    >>> float(m.result())
    16.0
    """

    def __init__(self, name="sum", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(
            shape=(), initializer="zeros", dtype=self.dtype, name="total"
        )

    def update_state(self, values, sample_weight=None):
        values, sample_weight = _inputs(values, sample_weight, self.dtype)
        total, _ = _weighted_total(values, sample_weight, "sum", self.dtype)
        self.total.assign_add(total)

    def reset_state(self):
        self.total.assign(0)

    def result(self):
        return self.total.value.astype(self.dtype)


@register("metrics")
class Mean(Metric):
    """Computes the (weighted) mean of the given values.

    Keeps `total = sum(values * sample_weight)` and `count =
    sum(sample_weight)` (the number of samples when unweighted); the result
    is `total / count`, 0 when `count` is 0. Values of rank > 1 are first
    averaged over their non-batch axes.

    Args:
        name: name of the metric instance (default `"mean"`).
        dtype: dtype of the metric's result.

    >>> m = Mean()
    >>> m.update_state([1, 3, 5, 7])
    >>> float(m.result())
    4.0
    """

    def __init__(self, name="mean", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.total = self.add_variable(
            shape=(), initializer="zeros", dtype=self.dtype, name="total"
        )
        self.count = self.add_variable(
            shape=(), initializer="zeros", dtype=self.dtype, name="count"
        )

    def update_state(self, values, sample_weight=None):
        values, sample_weight = _inputs(values, sample_weight, self.dtype)
        total, count = _weighted_total(
            values, sample_weight, "mean", self.dtype
        )
        self.total.assign_add(total)
        self.count.assign_add(count)

    def reset_state(self):
        self.total.assign(0)
        self.count.assign(0)

    def result(self):
        return divide_no_nan(
            self.total.value, self.count.value.astype(self.dtype)
        )


# Keras 2's `Layer.add_metric` averages its values in a Mean.
metric_hooks.register_mean_metric(Mean)


@register("metrics")
class MeanMetricWrapper(Mean):
    """The mean of `fn(y_true, y_pred, **kwargs)` over all samples.

    Args:
        fn: a function `fn(y_true, y_pred, **kwargs)` returning per-sample
            values (e.g. `kerax.metrics.mean_squared_error`).
        name: name of the metric instance.
        dtype: dtype of the metric's result.
        **kwargs: keyword arguments passed to `fn`.

    >>> def absolute(y_true, y_pred):
    ...     return abs(jnp.asarray(y_true) - jnp.asarray(y_pred))
    >>> m = MeanMetricWrapper(absolute, name="abs")
    >>> m.update_state([1.0, 2.0], [2.0, 4.0])
    >>> float(m.result())
    1.5
    """

    def __init__(self, fn, name=None, dtype=None, **kwargs):
        super().__init__(name=name, dtype=dtype)
        self._fn = fn
        self._fn_kwargs = kwargs
        module = getattr(fn, "__module__", None) or ""
        if module.startswith("kerax.losses") or type(
            fn
        ).__module__.startswith("kerax.losses"):
            self._direction = "down"

    def update_state(self, y_true, y_pred, sample_weight=None):
        fn = _compiled(self._fn, self._fn_kwargs)
        if fn is None:
            values = self._fn(y_true, y_pred, **self._fn_kwargs)
        else:
            values = fn(as_array(y_true), as_array(y_pred))
        return super().update_state(values, sample_weight=sample_weight)

    def get_config(self):
        config = {**super().get_config(), "fn": serialize_function(self._fn)}
        config.update(self._fn_kwargs)
        return config

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if "fn" in config:
            config["fn"] = deserialize_function(config["fn"])
        return cls(**config)


_COMPILED = {}


def _compiled(fn, kwargs):
    """A cached `jax.jit` of a kerax metric function with its keyword
    arguments bound, or None for other functions (run as they are)."""
    if not inspect.isfunction(fn) or not fn.__module__.startswith(
        "kerax.metrics."
    ):
        return None
    try:
        key = (fn, tuple(sorted(kwargs.items())))
        hash(key)
    except TypeError:
        return None
    compiled = _COMPILED.get(key)
    if compiled is None:
        compiled = jax.jit(functools.partial(fn, **kwargs))
        _COMPILED[key] = compiled
    return compiled


# ---------------------------------------------------------- fn round trip
def serialize_function(fn):
    """Keras-format config of a function or a serializable object."""
    if inspect.isfunction(fn) or inspect.isbuiltin(fn):
        return {
            "module": "builtins",
            "class_name": "function",
            "config": fn.__name__,
            "registered_name": "function",
        }
    if hasattr(fn, "get_config"):
        module = type(fn).__module__
        if module.startswith("kerax."):
            module = "keras." + module.split(".")[1]
        return {
            "module": module,
            "class_name": type(fn).__name__,
            "config": fn.get_config(),
            "registered_name": None,
        }
    return fn


def deserialize_function(config):
    """Inverse of `serialize_function`, resolving kerax names."""
    if callable(config):
        return config
    name = config
    if isinstance(config, dict):
        if config.get("class_name") != "function":
            return deserialize_member(METRICS, config)
        name = config["config"]
    # The active custom objects, the metric functions, then the losses'.
    fn = METRICS.lookup(name, classes=False)
    if fn is None:
        raise ValueError(
            f"Could not interpret the function of a MeanMetricWrapper. "
            f"Received: fn={config}"
        )
    return fn
