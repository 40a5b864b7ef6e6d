"""F-scores: `FBetaScore` and `F1Score`.

`F_beta = (1 + beta^2) * precision * recall /
(beta^2 * precision + recall)`.

>>> m = F1Score(average="micro", threshold=0.5)
>>> m.update_state([[1, 0], [0, 1]], [[0.9, 0.2], [0.6, 0.7]])
>>> round(float(m.result()), 4)
0.8
"""

from __future__ import annotations

import jax.numpy as jnp

from kerax import config
from kerax.core.registry import register
from kerax.metrics.metric import Metric
from kerax.metrics.metrics_utils import as_array


@register("metrics")
class FBetaScore(Metric):
    """F-beta score of multi-class / multi-label predictions.

    Inputs are 2D, `(batch_size, num_classes)`. Predictions are binarized
    with `threshold` (strictly above is positive), or, when `threshold`
    is None, the highest score of each row is positive.

    Args:
        average: `None` (one score per class), `"micro"` (global counts),
            `"macro"` (unweighted mean of per-class scores) or
            `"weighted"` (mean weighted by each class's support).
        beta: a positive float: the weight of recall (default 1.0).
        threshold: a float in (0, 1], or None (the row maximum).
        name: name of the metric instance (default `"fbeta_score"`).
        dtype: dtype of the metric's result.

    >>> m = FBetaScore(beta=2.0, threshold=0.5)
    >>> m.update_state([[1, 1], [0, 1]], [[0.9, 0.2], [0.6, 0.7]])
    >>> [round(float(v), 3) for v in m.result()]
    [0.833, 0.556]
    """

    def __init__(
        self,
        average=None,
        beta=1.0,
        threshold=None,
        name="fbeta_score",
        dtype=None,
    ):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        if average not in (None, "micro", "macro", "weighted"):
            raise ValueError(
                "Invalid `average` argument value. Expected one of: "
                "{None, 'micro', 'macro', 'weighted'}. "
                f"Received: average={average}"
            )
        if not isinstance(beta, float):
            raise ValueError(
                "Invalid `beta` argument value. It should be a Python "
                f"float. Received: beta={beta} of type '{type(beta)}'"
            )
        if beta <= 0.0:
            raise ValueError(
                "Invalid `beta` argument value. It should be > 0. "
                f"Received: beta={beta}"
            )
        if threshold is not None:
            if not isinstance(threshold, float):
                raise ValueError(
                    "Invalid `threshold` argument value. It should be a "
                    f"Python float. Received: threshold={threshold} of "
                    f"type '{type(threshold)}'"
                )
            if threshold > 1.0 or threshold <= 0.0:
                raise ValueError(
                    "Invalid `threshold` argument value. It should verify "
                    f"0 < threshold <= 1. Received: threshold={threshold}"
                )
        self.average = average
        self.beta = beta
        self.threshold = threshold
        self.axis = None if average == "micro" else 0
        self._built = False

    def _build(self, y_true_shape, y_pred_shape):
        if len(y_pred_shape) != 2 or len(y_true_shape) != 2:
            raise ValueError(
                f"{type(self).__name__} expects 2D inputs with shape "
                "(batch_size, output_dim). Received input shapes: "
                f"y_pred.shape={y_pred_shape} and "
                f"y_true.shape={y_true_shape}."
            )
        shape = () if self.average == "micro" else (y_pred_shape[-1],)
        for attr in (
            "true_positives",
            "false_positives",
            "false_negatives",
            "intermediate_weights",
        ):
            variable = self.add_variable(
                shape=shape, initializer="zeros", dtype=self.dtype, name=attr
            )
            setattr(self, attr, variable)
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = as_array(y_true, self.dtype)
        y_pred = as_array(y_pred, self.dtype)
        if not self._built:
            self._build(y_true.shape, y_pred.shape)
        if self.threshold is None:
            row_max = jnp.max(y_pred, axis=-1, keepdims=True)
            y_pred = jnp.logical_and(y_pred >= row_max, jnp.abs(y_pred) > 1e-9)
        else:
            y_pred = y_pred > self.threshold
        y_pred = y_pred.astype(self.dtype)
        if sample_weight is not None:
            sample_weight = as_array(sample_weight, self.dtype)

        def weighted_sum(values):
            if sample_weight is not None:
                values = values * jnp.expand_dims(sample_weight, 1)
            return jnp.sum(values, axis=self.axis)

        self.true_positives.assign_add(weighted_sum(y_pred * y_true))
        self.false_positives.assign_add(weighted_sum(y_pred * (1 - y_true)))
        self.false_negatives.assign_add(weighted_sum((1 - y_pred) * y_true))
        self.intermediate_weights.assign_add(weighted_sum(y_true))

    def result(self):
        eps = config.epsilon()
        tp = self.true_positives.value
        precision = tp / (tp + self.false_positives.value + eps)
        recall = tp / (tp + self.false_negatives.value + eps)
        beta_sq = self.beta**2
        score = precision * recall / (beta_sq * precision + recall + eps)
        score = score * (1 + beta_sq)
        if self.average == "weighted":
            weights = self.intermediate_weights.value
            weights = weights / (jnp.sum(weights) + eps)
            return jnp.sum(score * weights)
        if self.average is not None:  # micro, macro
            return jnp.mean(score)
        return score

    def reset_state(self):
        for v in self.variables:
            v.assign(jnp.zeros(v.shape, dtype=v.dtype))

    def get_config(self):
        return {
            **super().get_config(),
            "average": self.average,
            "beta": self.beta,
            "threshold": self.threshold,
        }


@register("metrics")
class F1Score(FBetaScore):
    """F1 score: the harmonic mean of precision and recall.

    `F1 = 2 * precision * recall / (precision + recall)`; see
    `FBetaScore` for the arguments (here `beta` is 1).

    Args:
        average: `None`, `"micro"`, `"macro"` or `"weighted"`.
        threshold: a float in (0, 1], or None (the row maximum).
        name: name of the metric instance (default `"f1_score"`).
        dtype: dtype of the metric's result.

    >>> m = F1Score(threshold=0.5)
    >>> m.update_state([[1, 1], [0, 1]], [[0.9, 0.2], [0.6, 0.7]])
    >>> [round(float(v), 3) for v in m.result()]
    [0.667, 0.667]
    """

    def __init__(self, average=None, threshold=None, name="f1_score",
                 dtype=None):
        super().__init__(
            average=average,
            beta=1.0,
            threshold=threshold,
            name=name,
            dtype=dtype,
        )

    def get_config(self):
        config = super().get_config()
        del config["beta"]
        return config
