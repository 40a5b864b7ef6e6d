"""Accuracy metrics and their per-sample functions.

Each class is the running (weighted) mean of its function: 1.0 for a
correct sample, 0.0 otherwise.

>>> m = BinaryAccuracy()
>>> m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
>>> float(m.result())
0.75
"""

from __future__ import annotations

import jax.numpy as jnp

from kerax import config
from kerax.core.registry import register
from kerax.metrics.metrics_utils import as_array, squeeze_or_expand_to_same_rank
from kerax.metrics.reduction_metrics import MeanMetricWrapper


def _in_top_k(targets, predictions, k):
    """Whether `predictions[i, targets[i]]` ranks within the top `k`."""
    at_label = jnp.take_along_axis(
        predictions, jnp.expand_dims(targets, -1), axis=-1
    )
    at_label = jnp.where(jnp.isnan(at_label), -jnp.inf, at_label)
    rank = 1 + jnp.sum(predictions > at_label, axis=-1)
    return rank <= k


@register("metrics")
def accuracy(y_true, y_pred):
    """1.0 where `y_true == y_pred` exactly, else 0.0."""
    y_pred = as_array(y_pred)
    y_true = as_array(y_true, y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    return (y_true == y_pred).astype(config.floatx())


@register("metrics")
def binary_accuracy(y_true, y_pred, threshold=0.5):
    """1.0 where `(y_pred > threshold) == y_true`, else 0.0."""
    y_pred = as_array(y_pred)
    y_true = as_array(y_true)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    y_pred = (y_pred > threshold).astype(y_true.dtype)
    return (y_true == y_pred).astype(config.floatx())


@register("metrics")
def categorical_accuracy(y_true, y_pred):
    """1.0 where `argmax(y_pred) == argmax(y_true)` (one-hot labels)."""
    y_true = jnp.argmax(as_array(y_true), axis=-1)
    y_pred = as_array(y_pred)
    y_true = y_true.astype(y_pred.dtype)
    shape = y_true.shape
    squeezed = False
    if y_true.ndim == y_pred.ndim:
        y_true = jnp.squeeze(y_true, -1)
        squeezed = True
    y_pred = jnp.argmax(y_pred, axis=-1).astype(y_true.dtype)
    matches = (y_true == y_pred).astype(config.floatx())
    return matches.reshape(shape) if squeezed else matches


@register("metrics")
def sparse_categorical_accuracy(y_true, y_pred):
    """1.0 where `argmax(y_pred) == y_true` (integer labels)."""
    y_pred = as_array(y_pred)
    y_true = as_array(y_true, y_pred.dtype)
    shape = y_true.shape
    squeezed = False
    if y_true.ndim == y_pred.ndim and y_true.shape[-1] == 1:
        y_true = jnp.squeeze(y_true, -1)
        squeezed = True
    y_pred = jnp.argmax(y_pred, axis=-1).astype(y_true.dtype)
    matches = (y_true == y_pred).astype(config.floatx())
    if squeezed:
        matches = matches.reshape(shape)
    if matches.ndim > 1 and matches.shape[-1] == 1:
        matches = jnp.squeeze(matches, -1)
    return matches


def _flatten_for_top_k(y_true, y_pred):
    shape = y_true.shape
    if y_pred.ndim > 2:
        y_pred = y_pred.reshape(-1, y_pred.shape[-1])
    reshape = y_true.ndim > 1
    if reshape:
        y_true = y_true.reshape(-1)
    return y_true, y_pred, (shape if reshape else None)


@register("metrics")
def top_k_categorical_accuracy(y_true, y_pred, k=5):
    """1.0 where the one-hot target is within the `k` top predictions."""
    y_pred = as_array(y_pred)
    y_true = jnp.argmax(as_array(y_true, y_pred.dtype), axis=-1)
    y_true, y_pred, shape = _flatten_for_top_k(y_true, y_pred)
    matches = _in_top_k(y_true.astype("int32"), y_pred, k)
    matches = matches.astype(config.floatx())
    return matches if shape is None else matches.reshape(shape)


@register("metrics")
def sparse_top_k_categorical_accuracy(
    y_true, y_pred, k=5, from_sorted_ids=False
):
    """1.0 where the integer target is within the `k` top predictions.

    With `from_sorted_ids=True`, `y_pred` holds class ids sorted by
    decreasing score (e.g. from `top_k`) rather than scores.
    """
    y_pred = as_array(y_pred)
    y_true = as_array(y_true, y_pred.dtype if from_sorted_ids else "int32")
    y_true, y_pred, shape = _flatten_for_top_k(y_true, y_pred)
    if from_sorted_ids:
        matches = jnp.any(y_true[:, None] == y_pred[:, :k], axis=1)
    else:
        matches = _in_top_k(y_true, y_pred, k)
    matches = matches.astype(config.floatx())
    return matches if shape is None else matches.reshape(shape)


@register("metrics")
class Accuracy(MeanMetricWrapper):
    """How often predictions equal labels exactly.

    Args:
        name: name of the metric instance (default `"accuracy"`).
        dtype: dtype of the metric's result.

    >>> m = Accuracy()
    >>> m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
    >>> float(m.result())
    0.75
    """

    def __init__(self, name="accuracy", dtype=None):
        super().__init__(fn=accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


@register("metrics")
class BinaryAccuracy(MeanMetricWrapper):
    """How often `y_pred > threshold` matches binary labels.

    Args:
        name: name of the metric instance (default `"binary_accuracy"`).
        dtype: dtype of the metric's result.
        threshold: predictions above it count as 1 (default 0.5).

    >>> m = BinaryAccuracy()
    >>> m.update_state([[1], [0]], [[0.7], [0.2]])
    >>> float(m.result())
    1.0
    """

    def __init__(self, name="binary_accuracy", dtype=None, threshold=0.5):
        super().__init__(
            fn=binary_accuracy, name=name, dtype=dtype, threshold=threshold
        )
        self.threshold = threshold
        self._direction = "up"

    def get_config(self):
        return {
            "name": self.name,
            "dtype": self.dtype,
            "threshold": self.threshold,
        }


@register("metrics")
class CategoricalAccuracy(MeanMetricWrapper):
    """How often the predicted class matches one-hot labels.

    Args:
        name: name of the metric instance (default
            `"categorical_accuracy"`).
        dtype: dtype of the metric's result.

    >>> m = CategoricalAccuracy()
    >>> m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8],
    ...                                         [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, name="categorical_accuracy", dtype=None):
        super().__init__(fn=categorical_accuracy, name=name, dtype=dtype)
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


@register("metrics")
class SparseCategoricalAccuracy(MeanMetricWrapper):
    """How often the predicted class matches integer labels.

    Args:
        name: name of the metric instance (default
            `"sparse_categorical_accuracy"`).
        dtype: dtype of the metric's result.

    >>> m = SparseCategoricalAccuracy()
    >>> m.update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, name="sparse_categorical_accuracy", dtype=None):
        super().__init__(
            fn=sparse_categorical_accuracy, name=name, dtype=dtype
        )
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


@register("metrics")
class TopKCategoricalAccuracy(MeanMetricWrapper):
    """How often one-hot targets are among the `k` top predictions.

    Args:
        k: number of top predictions considered (default 5).
        name: name of the metric instance.
        dtype: dtype of the metric's result.

    >>> m = TopKCategoricalAccuracy(k=1)
    >>> m.update_state([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8],
    ...                                         [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(self, k=5, name="top_k_categorical_accuracy", dtype=None):
        super().__init__(
            fn=top_k_categorical_accuracy, name=name, dtype=dtype, k=k
        )
        self.k = k
        self._direction = "up"

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype, "k": self.k}


@register("metrics")
class SparseTopKCategoricalAccuracy(MeanMetricWrapper):
    """How often integer targets are among the `k` top predictions.

    Args:
        k: number of top predictions considered (default 5).
        name: name of the metric instance.
        dtype: dtype of the metric's result.
        from_sorted_ids: whether `y_pred` holds class ids sorted by
            decreasing score instead of scores (default False).

    >>> m = SparseTopKCategoricalAccuracy(k=1)
    >>> m.update_state([2, 1], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]])
    >>> float(m.result())
    0.5
    """

    def __init__(
        self,
        k=5,
        name="sparse_top_k_categorical_accuracy",
        dtype=None,
        from_sorted_ids=False,
    ):
        super().__init__(
            fn=sparse_top_k_categorical_accuracy,
            name=name,
            dtype=dtype,
            k=k,
            from_sorted_ids=from_sorted_ids,
        )
        self.k = k
        self.from_sorted_ids = from_sorted_ids
        self._direction = "up"

    def get_config(self):
        config = {"name": self.name, "dtype": self.dtype, "k": self.k}
        if self.from_sorted_ids:
            config["from_sorted_ids"] = True
        return config
