"""Thresholded confusion-matrix metrics: TP/FP/TN/FN counts, `Precision`,
`Recall`, and the constrained ones (`SensitivityAtSpecificity`,
`SpecificityAtSensitivity`, `PrecisionAtRecall`, `RecallAtPrecision`).
`AUC` lives in `kerax.metrics.auc` and is re-exported here.

A prediction counts as positive when it is strictly above a threshold.

>>> m = Precision()
>>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
>>> round(float(m.result()), 4)
0.6667
"""

from __future__ import annotations

import jax.numpy as jnp

from kerax.core.registry import register
from kerax.metrics import metrics_utils as mu
from kerax.metrics.auc import AUC  # noqa: F401  (Keras module layout)
from kerax.metrics.metric import Metric
from kerax.metrics.metrics_utils import divide_no_nan


class _ConfusionMatrixConditionCount(Metric):
    """Counts one confusion-matrix cell (`"tp"`, `"fp"`, `"tn"`, `"fn"`)."""

    def __init__(self, condition, thresholds=None, name=None, dtype=None):
        super().__init__(name=name, dtype=dtype)
        self._condition = condition
        self.init_thresholds = thresholds
        self.thresholds = mu.parse_init_thresholds(thresholds, 0.5)
        self._thresholds_distributed_evenly = (
            mu.is_evenly_distributed_thresholds(self.thresholds)
        )
        self.accumulator = self.add_variable(
            shape=(len(self.thresholds),),
            initializer="zeros",
            name="accumulator",
        )

    def update_state(self, y_true, y_pred, sample_weight=None):
        mu.update_confusion_matrix_variables(
            {self._condition: self.accumulator},
            y_true,
            y_pred,
            thresholds=self.thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            sample_weight=sample_weight,
        )

    def result(self):
        value = self.accumulator.value
        return value[0] if len(self.thresholds) == 1 else value

    def get_config(self):
        return {**super().get_config(), "thresholds": self.init_thresholds}


@register("metrics")
class FalsePositives(_ConfusionMatrixConditionCount):
    """Weighted count of false positives (one per threshold).

    Args:
        thresholds: a float or list of floats in [0, 1] (default 0.5);
            with a list the result has one count per threshold.
        name: name of the metric instance.
        dtype: dtype of the metric's result.

    >>> m = FalsePositives()
    >>> m.update_state([0, 1, 0, 0], [0, 0, 1, 1])
    >>> float(m.result())
    2.0
    """

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(mu.FP, thresholds=thresholds, name=name, dtype=dtype)


@register("metrics")
class FalseNegatives(_ConfusionMatrixConditionCount):
    """Weighted count of false negatives (one per threshold).

    Args:
        thresholds: a float or list of floats in [0, 1] (default 0.5).
        name: name of the metric instance.
        dtype: dtype of the metric's result.

    >>> m = FalseNegatives()
    >>> m.update_state([0, 1, 1, 1], [0, 1, 0, 0])
    >>> float(m.result())
    2.0
    """

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(mu.FN, thresholds=thresholds, name=name, dtype=dtype)


@register("metrics")
class TrueNegatives(_ConfusionMatrixConditionCount):
    """Weighted count of true negatives (one per threshold).

    Args:
        thresholds: a float or list of floats in [0, 1] (default 0.5).
        name: name of the metric instance.
        dtype: dtype of the metric's result.

    >>> m = TrueNegatives()
    >>> m.update_state([0, 1, 0, 0], [1, 1, 0, 0])
    >>> float(m.result())
    2.0
    """

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(mu.TN, thresholds=thresholds, name=name, dtype=dtype)


@register("metrics")
class TruePositives(_ConfusionMatrixConditionCount):
    """Weighted count of true positives (one per threshold).

    Args:
        thresholds: a float or list of floats in [0, 1] (default 0.5).
        name: name of the metric instance.
        dtype: dtype of the metric's result.

    >>> m = TruePositives()
    >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> float(m.result())
    2.0
    """

    def __init__(self, thresholds=None, name=None, dtype=None):
        super().__init__(mu.TP, thresholds=thresholds, name=name, dtype=dtype)


class _PrecisionRecallBase(Metric):
    _other = None  # "fp" for precision, "fn" for recall
    _other_name = None

    def __init__(
        self, thresholds=None, top_k=None, class_id=None, name=None, dtype=None
    ):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        self.init_thresholds = thresholds
        self.top_k = top_k
        self.class_id = class_id
        default = 0.5 if top_k is None else mu.NEG_INF
        self.thresholds = mu.parse_init_thresholds(thresholds, default)
        self._thresholds_distributed_evenly = (
            mu.is_evenly_distributed_thresholds(self.thresholds)
        )
        n = len(self.thresholds)
        self.true_positives = self.add_variable(
            shape=(n,), initializer="zeros", name="true_positives"
        )
        self._other_variable = self.add_variable(
            shape=(n,), initializer="zeros", name=self._other_name
        )

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Accumulates TP and FP (precision) or FN (recall) counts.

        `y_true` holds 0/1 labels, `y_pred` scores; with `top_k` only the
        top `k` scores per sample may count as positive; with `class_id`
        only that column is used.
        """
        mu.update_confusion_matrix_variables(
            {mu.TP: self.true_positives, self._other: self._other_variable},
            y_true,
            y_pred,
            thresholds=self.thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            top_k=self.top_k,
            class_id=self.class_id,
            sample_weight=sample_weight,
        )

    def result(self):
        tp = self.true_positives.value
        value = divide_no_nan(tp, tp + self._other_variable.value)
        return value[0] if len(self.thresholds) == 1 else value

    def reset_state(self):
        n = len(self.thresholds)
        self.true_positives.assign(jnp.zeros((n,)))
        self._other_variable.assign(jnp.zeros((n,)))

    def get_config(self):
        return {
            **super().get_config(),
            "thresholds": self.init_thresholds,
            "top_k": self.top_k,
            "class_id": self.class_id,
        }


@register("metrics")
class Precision(_PrecisionRecallBase):
    """Precision, `TP / (TP + FP)`, of thresholded predictions.

    Args:
        thresholds: a float or list of floats in [0, 1]; a prediction is
            positive when above it (default 0.5, or any value with
            `top_k`). With a list the result has one value per threshold.
        top_k: if set, only the `k` highest scores of each sample can be
            positive.
        class_id: if set, the column of `y_pred`/`y_true` to evaluate.
        name: name of the metric instance.
        dtype: dtype of the metric's result.

    >>> m = Precision(top_k=1)
    >>> m.update_state([0, 0, 1, 1], [1, 1, 1, 1])
    >>> float(m.result())
    0.0
    """

    _other, _other_name = mu.FP, "false_positives"

    @property
    def false_positives(self):
        return self._other_variable


@register("metrics")
class Recall(_PrecisionRecallBase):
    """Recall, `TP / (TP + FN)`, of thresholded predictions.

    Args:
        thresholds: a float or list of floats in [0, 1] (default 0.5).
        top_k: if set, only the `k` highest scores of each sample can be
            positive.
        class_id: if set, the column of `y_pred`/`y_true` to evaluate.
        name: name of the metric instance.
        dtype: dtype of the metric's result.

    >>> m = Recall()
    >>> m.update_state([0, 1, 1, 1], [1, 0, 1, 1])
    >>> round(float(m.result()), 4)
    0.6667
    """

    _other, _other_name = mu.FN, "false_negatives"

    @property
    def false_negatives(self):
        return self._other_variable


class SensitivitySpecificityBase(Metric):
    """Shared state of the metrics computed at a constraint: TP, FP, TN,
    FN over `num_thresholds` evenly spaced thresholds in [0, 1]."""

    def __init__(
        self, value, num_thresholds=200, class_id=None, name=None, dtype=None
    ):
        super().__init__(name=name, dtype=dtype)
        self._direction = "up"
        if num_thresholds <= 0:
            raise ValueError(
                "Argument `num_thresholds` must be an integer > 0. "
                f"Received: num_thresholds={num_thresholds}"
            )
        self.value = value
        self.class_id = class_id
        if num_thresholds == 1:
            self.thresholds = [0.5]
            self._thresholds_distributed_evenly = False
        else:
            inner = [
                (i + 1) * 1.0 / (num_thresholds - 1)
                for i in range(num_thresholds - 2)
            ]
            self.thresholds = [0.0] + inner + [1.0]
            self._thresholds_distributed_evenly = True
        n = len(self.thresholds)
        for attr in (
            "true_positives",
            "false_positives",
            "true_negatives",
            "false_negatives",
        ):
            variable = self.add_variable(
                shape=(n,), initializer="zeros", name=attr
            )
            setattr(self, attr, variable)

    def update_state(self, y_true, y_pred, sample_weight=None):
        mu.update_confusion_matrix_variables(
            {
                mu.TP: self.true_positives,
                mu.TN: self.true_negatives,
                mu.FP: self.false_positives,
                mu.FN: self.false_negatives,
            },
            y_true,
            y_pred,
            thresholds=self.thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            class_id=self.class_id,
            sample_weight=sample_weight,
        )

    def reset_state(self):
        n = len(self.thresholds)
        for v in self.variables:
            v.assign(jnp.zeros((n,)))

    def get_config(self):
        return {**super().get_config(), "class_id": self.class_id}

    def _rates(self):
        tp, fp = self.true_positives.value, self.false_positives.value
        tn, fn = self.true_negatives.value, self.false_negatives.value
        return {
            "recall": divide_no_nan(tp, tp + fn),
            "specificity": divide_no_nan(tn, tn + fp),
            "precision": divide_no_nan(tp, tp + fp),
        }

    def _find_max_under_constraint(self, constrained, dependent):
        """Max of `dependent` where `constrained >= value` (0 if none)."""
        feasible = constrained >= self.value
        return jnp.max(jnp.where(feasible, dependent, 0), initial=0)


def _check_unit(name, value):
    if value < 0 or value > 1:
        raise ValueError(
            f"Argument `{name}` must be in the range [0, 1]. "
            f"Received: {name}={value}"
        )


@register("metrics")
class SensitivityAtSpecificity(SensitivitySpecificityBase):
    """Best sensitivity (recall) among thresholds whose specificity is at
    least `specificity`.

    Args:
        specificity: a float in [0, 1].
        num_thresholds: number of thresholds to evaluate (default 200).
        class_id: if set, the column of `y_pred`/`y_true` to evaluate.
        name: name of the metric instance.
        dtype: dtype of the metric's result.

    >>> m = SensitivityAtSpecificity(0.5)
    >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
    >>> float(m.result())
    0.5
    """

    def __init__(
        self, specificity, num_thresholds=200, class_id=None, name=None,
        dtype=None,
    ):
        _check_unit("specificity", specificity)
        self.specificity = specificity
        self.num_thresholds = num_thresholds
        super().__init__(specificity, num_thresholds, class_id, name, dtype)

    def result(self):
        rates = self._rates()
        return self._find_max_under_constraint(
            rates["specificity"], rates["recall"]
        )

    def get_config(self):
        return {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "specificity": self.specificity,
        }


@register("metrics")
class SpecificityAtSensitivity(SensitivitySpecificityBase):
    """Best specificity among thresholds whose sensitivity (recall) is at
    least `sensitivity`.

    Args:
        sensitivity: a float in [0, 1].
        num_thresholds: number of thresholds to evaluate (default 200).
        class_id: if set, the column of `y_pred`/`y_true` to evaluate.
        name: name of the metric instance.
        dtype: dtype of the metric's result.

    >>> m = SpecificityAtSensitivity(0.5)
    >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
    >>> round(float(m.result()), 4)
    0.6667
    """

    def __init__(
        self, sensitivity, num_thresholds=200, class_id=None, name=None,
        dtype=None,
    ):
        _check_unit("sensitivity", sensitivity)
        self.sensitivity = sensitivity
        self.num_thresholds = num_thresholds
        super().__init__(sensitivity, num_thresholds, class_id, name, dtype)

    def result(self):
        rates = self._rates()
        return self._find_max_under_constraint(
            rates["recall"], rates["specificity"]
        )

    def get_config(self):
        return {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "sensitivity": self.sensitivity,
        }


@register("metrics")
class PrecisionAtRecall(SensitivitySpecificityBase):
    """Best precision among thresholds whose recall is at least `recall`.

    Args:
        recall: a float in [0, 1].
        num_thresholds: number of thresholds to evaluate (default 200).
        class_id: if set, the column of `y_pred`/`y_true` to evaluate.
        name: name of the metric instance.
        dtype: dtype of the metric's result.

    >>> m = PrecisionAtRecall(0.5)
    >>> m.update_state([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8])
    >>> float(m.result())
    0.5
    """

    def __init__(
        self, recall, num_thresholds=200, class_id=None, name=None, dtype=None
    ):
        _check_unit("recall", recall)
        self.recall = recall
        self.num_thresholds = num_thresholds
        super().__init__(recall, num_thresholds, class_id, name, dtype)

    def result(self):
        rates = self._rates()
        return self._find_max_under_constraint(
            rates["recall"], rates["precision"]
        )

    def get_config(self):
        return {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "recall": self.recall,
        }


@register("metrics")
class RecallAtPrecision(SensitivitySpecificityBase):
    """Best recall among thresholds whose precision is at least
    `precision`.

    Args:
        precision: a float in [0, 1].
        num_thresholds: number of thresholds to evaluate (default 200).
        class_id: if set, the column of `y_pred`/`y_true` to evaluate.
        name: name of the metric instance.
        dtype: dtype of the metric's result.

    >>> m = RecallAtPrecision(0.8)
    >>> m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
    >>> float(m.result())
    0.5
    """

    def __init__(
        self, precision, num_thresholds=200, class_id=None, name=None,
        dtype=None,
    ):
        _check_unit("precision", precision)
        self.precision = precision
        self.num_thresholds = num_thresholds
        super().__init__(precision, num_thresholds, class_id, name, dtype)

    def result(self):
        rates = self._rates()
        return self._find_max_under_constraint(
            rates["precision"], rates["recall"]
        )

    def get_config(self):
        return {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "precision": self.precision,
        }
