"""Probabilistic metrics (crossentropies, KL divergence, Poisson) and
their per-sample functions. Probabilities are clipped to
`[epsilon, 1 - epsilon]` before taking logs.

>>> m = BinaryCrossentropy()
>>> m.update_state([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]])
>>> round(float(m.result()), 4)
0.8149
"""

from __future__ import annotations

import warnings

import jax
import jax.numpy as jnp

from kerax import config
from kerax.core.registry import register
from kerax.metrics.metrics_utils import as_array, squeeze_or_expand_to_same_rank
from kerax.metrics.reduction_metrics import MeanMetricWrapper


def _clip_probs(x):
    eps = config.epsilon()
    return jnp.clip(x, eps, 1.0 - eps)


@register("metrics", "kld", "KLD", "kullback_leibler_divergence")
def kl_divergence(y_true, y_pred):
    """`sum(y_true * log(y_true / y_pred), axis=-1)`, both clipped."""
    y_pred = as_array(y_pred)
    y_true = as_array(y_true, y_pred.dtype)
    y_true = jnp.clip(y_true, config.epsilon(), 1)
    y_pred = jnp.clip(y_pred, config.epsilon(), 1)
    return jnp.sum(y_true * jnp.log(y_true / y_pred), axis=-1)


@register("metrics")
def poisson(y_true, y_pred):
    """`mean(y_pred - y_true * log(y_pred + epsilon), axis=-1)`."""
    y_pred = as_array(y_pred)
    y_true = as_array(y_true, y_pred.dtype)
    log_pred = jnp.log(y_pred + config.epsilon())
    return jnp.mean(y_pred - y_true * log_pred, axis=-1)


def _elementwise_bce(target, output, from_logits):
    if from_logits:
        return -target * jax.nn.log_sigmoid(output) - (
            1.0 - target
        ) * jax.nn.log_sigmoid(-output)
    output = _clip_probs(output)
    return -(target * jnp.log(output) + (1.0 - target) * jnp.log(1 - output))


@register("metrics")
def binary_crossentropy(
    y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1
):
    """Mean over `axis` of the element-wise binary crossentropy."""
    y_pred = as_array(y_pred)
    y_true = as_array(y_true).astype(y_pred.dtype)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if y_true.shape != y_pred.shape:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape. "
            f"Received: target.shape={y_true.shape}, "
            f"output.shape={y_pred.shape}"
        )
    return jnp.mean(_elementwise_bce(y_true, y_pred, from_logits), axis=axis)


def _log_probs(y_pred, from_logits, axis):
    if from_logits:
        return jax.nn.log_softmax(y_pred, axis=axis)
    y_pred = y_pred / jnp.sum(y_pred, axis=axis, keepdims=True)
    return jnp.log(_clip_probs(y_pred))


def _warn_single_class(name, y_pred):
    if y_pred.shape[-1] == 1:
        warnings.warn(
            f"In loss {name}, expected y_pred.shape to be (batch_size, "
            f"num_classes) with num_classes > 1. Received: "
            f"y_pred.shape={y_pred.shape}. Consider using "
            "'binary_crossentropy' if you only have 2 classes.",
            SyntaxWarning,
            stacklevel=3,
        )


@register("metrics")
def categorical_crossentropy(
    y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1
):
    """`-sum(y_true * log(y_pred), axis)` for one-hot / soft labels."""
    if isinstance(axis, bool):
        raise ValueError(
            f"`axis` must be of type `int`. Received: axis={axis} of type "
            f"{type(axis)}"
        )
    y_pred = as_array(y_pred)
    y_true = as_array(y_true).astype(y_pred.dtype)
    _warn_single_class("categorical_crossentropy", y_pred)
    if label_smoothing:
        num_classes = y_true.shape[-1]
        y_true = y_true * (1.0 - label_smoothing) + (
            label_smoothing / num_classes
        )
    if y_true.shape != y_pred.shape:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape. "
            f"Received: target.shape={y_true.shape}, "
            f"output.shape={y_pred.shape}"
        )
    return -jnp.sum(y_true * _log_probs(y_pred, from_logits, axis), axis=axis)


@register("metrics")
def sparse_categorical_crossentropy(
    y_true, y_pred, from_logits=False, ignore_class=None, axis=-1
):
    """Categorical crossentropy with integer labels.

    Entries whose label is `ignore_class` give 0.
    """
    y_pred = as_array(y_pred)
    y_true = as_array(y_true)
    if y_true.ndim == y_pred.ndim and y_true.shape[axis] == 1:
        y_true = jnp.squeeze(y_true, axis=axis)
    valid = None
    if ignore_class is not None:
        valid = y_true != ignore_class
        y_true = jnp.where(valid, y_true, 0)
        y_pred = jnp.where(jnp.expand_dims(valid, axis), y_pred, 0)
    y_true = y_true.astype("int32")
    if y_true.shape != y_pred.shape[:-1]:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape up "
            f"until the last dimension: target.shape={y_true.shape}, "
            f"output.shape={y_pred.shape}"
        )
    log_prob = _log_probs(y_pred, from_logits, axis)
    one_hot = jax.nn.one_hot(
        y_true, y_pred.shape[axis], axis=axis, dtype=log_prob.dtype
    )
    values = -jnp.sum(one_hot * log_prob, axis=axis)
    if valid is not None:
        values = jnp.where(valid, values, 0.0)
    return values


@register("metrics")
def binary_focal_crossentropy(
    y_true,
    y_pred,
    apply_class_balancing=False,
    alpha=0.25,
    gamma=2.0,
    from_logits=False,
    label_smoothing=0.0,
    axis=-1,
):
    """Binary crossentropy scaled by `(1 - p_t) ** gamma` (focal loss)."""
    y_pred = as_array(y_pred)
    y_true = as_array(y_true).astype(y_pred.dtype)
    if label_smoothing:
        y_true = y_true * (1.0 - label_smoothing) + 0.5 * label_smoothing
    if from_logits:
        y_pred = jax.nn.sigmoid(y_pred)
    bce = _elementwise_bce(y_true, y_pred, from_logits=False)
    p_t = y_true * y_pred + (1 - y_true) * (1 - y_pred)
    focal = jnp.power(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal = (y_true * alpha + (1 - y_true) * (1 - alpha)) * focal
    return jnp.mean(focal, axis=axis)


@register("metrics")
def categorical_focal_crossentropy(
    y_true,
    y_pred,
    alpha=0.25,
    gamma=2.0,
    from_logits=False,
    label_smoothing=0.0,
    axis=-1,
):
    """Categorical crossentropy scaled by `alpha * (1 - p) ** gamma`."""
    if isinstance(axis, bool):
        raise ValueError(
            f"`axis` must be of type `int`. Received: axis={axis} of type "
            f"{type(axis)}"
        )
    y_pred = as_array(y_pred)
    y_true = as_array(y_true).astype(y_pred.dtype)
    _warn_single_class("categorical_focal_crossentropy", y_pred)
    if label_smoothing:
        num_classes = y_true.shape[-1]
        y_true = y_true * (1.0 - label_smoothing) + (
            label_smoothing / num_classes
        )
    if from_logits:
        y_pred = jax.nn.softmax(y_pred, axis=axis)
    output = _clip_probs(y_pred / jnp.sum(y_pred, axis=axis, keepdims=True))
    cce = -y_true * jnp.log(output)
    focal = jnp.power(1.0 - output, gamma) * alpha * cce
    return jnp.sum(focal, axis=axis)


@register("metrics")
class KLDivergence(MeanMetricWrapper):
    """Mean Kullback-Leibler divergence between `y_true` and `y_pred`.

    Args:
        name: name of the metric instance (default `"kl_divergence"`).
        dtype: dtype of the metric's result.

    >>> m = KLDivergence()
    >>> m.update_state([[0.5, 0.5]], [[0.5, 0.5]])
    >>> float(m.result())
    0.0
    """

    def __init__(self, name="kl_divergence", dtype=None):
        super().__init__(fn=kl_divergence, name=name, dtype=dtype)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


@register("metrics")
class Poisson(MeanMetricWrapper):
    """Mean Poisson deviance-like loss `y_pred - y_true * log(y_pred)`.

    Args:
        name: name of the metric instance (default `"poisson"`).
        dtype: dtype of the metric's result.

    >>> m = Poisson()
    >>> m.update_state([[0, 1], [0, 0]], [[1, 1], [0, 0]])
    >>> round(float(m.result()), 4)
    0.5
    """

    def __init__(self, name="poisson", dtype=None):
        super().__init__(fn=poisson, name=name, dtype=dtype)

    def get_config(self):
        return {"name": self.name, "dtype": self.dtype}


@register("metrics", "bce", "BCE")
class BinaryCrossentropy(MeanMetricWrapper):
    """Mean binary crossentropy between labels and predictions.

    Args:
        name: name of the metric instance (default
            `"binary_crossentropy"`).
        dtype: dtype of the metric's result.
        from_logits: whether `y_pred` holds logits (default False).
        label_smoothing: in [0, 1]; labels move towards 0.5 by this much.

    >>> m = BinaryCrossentropy(from_logits=True)
    >>> m.update_state([[1.0]], [[0.0]])
    >>> round(float(m.result()), 4)
    0.6931
    """

    def __init__(
        self,
        name="binary_crossentropy",
        dtype=None,
        from_logits=False,
        label_smoothing=0,
    ):
        super().__init__(
            binary_crossentropy,
            name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self._direction = "down"

    def get_config(self):
        return {
            "name": self.name,
            "dtype": self.dtype,
            "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing,
        }


@register("metrics")
class CategoricalCrossentropy(MeanMetricWrapper):
    """Mean categorical crossentropy for one-hot (or soft) labels.

    Args:
        name: name of the metric instance (default
            `"categorical_crossentropy"`).
        dtype: dtype of the metric's result.
        from_logits: whether `y_pred` holds logits (default False).
        label_smoothing: in [0, 1]; labels move towards uniform.
        axis: the class axis (default -1).

    >>> m = CategoricalCrossentropy()
    >>> m.update_state([[0, 1, 0]], [[0.25, 0.5, 0.25]])
    >>> round(float(m.result()), 4)
    0.6931
    """

    def __init__(
        self,
        name="categorical_crossentropy",
        dtype=None,
        from_logits=False,
        label_smoothing=0,
        axis=-1,
    ):
        super().__init__(
            categorical_crossentropy,
            name,
            dtype=dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
        self.from_logits = from_logits
        self.label_smoothing = label_smoothing
        self.axis = axis
        self._direction = "down"

    def get_config(self):
        return {
            "name": self.name,
            "dtype": self.dtype,
            "from_logits": self.from_logits,
            "label_smoothing": self.label_smoothing,
            "axis": self.axis,
        }


@register("metrics")
class SparseCategoricalCrossentropy(MeanMetricWrapper):
    """Mean categorical crossentropy for integer labels.

    Args:
        name: name of the metric instance (default
            `"sparse_categorical_crossentropy"`).
        dtype: dtype of the metric's result.
        from_logits: whether `y_pred` holds logits (default False).
        ignore_class: a label value whose entries contribute 0. As in
            Keras 3, they still count in the mean's denominator unless a
            `sample_weight` is given (then their weight becomes 0).
        axis: the class axis (default -1).

    >>> m = SparseCategoricalCrossentropy()
    >>> m.update_state([1], [[0.25, 0.5, 0.25]])
    >>> round(float(m.result()), 4)
    0.6931
    """

    def __init__(
        self,
        name="sparse_categorical_crossentropy",
        dtype=None,
        from_logits=False,
        ignore_class=None,
        axis=-1,
    ):
        super().__init__(
            sparse_categorical_crossentropy,
            name=name,
            dtype=dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )
        self.from_logits = from_logits
        self.ignore_class = ignore_class
        self.axis = axis
        self._direction = "down"

    def update_state(self, y_true, y_pred, sample_weight=None):
        if sample_weight is not None and self.ignore_class is not None:
            y_true = as_array(y_true)
            if y_true.ndim == as_array(y_pred).ndim and (
                y_true.shape[self.axis] == 1
            ):
                y_true = jnp.squeeze(y_true, axis=self.axis)
            mask = (y_true != self.ignore_class).astype(self.dtype)
            sample_weight = as_array(sample_weight, self.dtype)
            mask, sample_weight = squeeze_or_expand_to_same_rank(
                mask, sample_weight
            )
            sample_weight = sample_weight * mask
        return super().update_state(y_true, y_pred, sample_weight)

    def get_config(self):
        return {
            "name": self.name,
            "dtype": self.dtype,
            "from_logits": self.from_logits,
            "ignore_class": self.ignore_class,
            "axis": self.axis,
        }
