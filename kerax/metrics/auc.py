"""`AUC`: area under the ROC or precision-recall curve, approximated with
a Riemann sum over thresholded confusion-matrix counts.

>>> m = AUC(num_thresholds=3)
>>> m.update_state([0, 0, 1, 1], [0, 0.5, 0.3, 0.9])
>>> float(m.result())
0.75
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from kerax import config
from kerax.core.registry import register
from kerax.metrics import metrics_utils as mu
from kerax.metrics.metric import Metric
from kerax.metrics.metrics_utils import as_array, divide_no_nan

_CURVES = {"roc": "ROC", "pr": "PR", "prgain": "PRGAIN"}
_SUMMATIONS = ("interpolation", "majoring", "minoring")


def _parse_curve(curve):
    value = getattr(curve, "value", curve)  # accept Keras-like enums
    key = str(value).lower() if isinstance(value, str) else None
    if key not in _CURVES:
        raise ValueError(
            f'Invalid AUC curve value: "{curve}". Expected values are '
            '["PR", "ROC", "PRGAIN"]'
        )
    return _CURVES[key]


def _parse_summation(method):
    value = getattr(method, "value", method)
    key = str(value).lower() if isinstance(value, str) else None
    if key not in _SUMMATIONS:
        raise ValueError(
            f'Invalid AUC summation method value: "{method}". Expected '
            'values are ["interpolation", "majoring", "minoring"]'
        )
    return key


@register("metrics")
class AUC(Metric):
    """Area under the ROC or PR curve.

    Counts TP/FP/TN/FN at `num_thresholds` thresholds spread evenly over
    [0, 1] (the outer two nudged by `epsilon` so that 0 and 1 predictions
    fall inside), then sums the curve's trapezoids (`"interpolation"`),
    lower (`"minoring"`) or upper (`"majoring"`) rectangles. For the PR
    curve, `"interpolation"` uses the Davis & Goadrich interpolation.

    Args:
        num_thresholds: number of thresholds (> 1, default 200).
        curve: `"ROC"` (default), `"PR"` or `"PRGAIN"`.
        summation_method: `"interpolation"` (default), `"minoring"` or
            `"majoring"`.
        name: name of the metric instance.
        dtype: dtype of the metric's result.
        thresholds: explicit thresholds in [0, 1]; overrides
            `num_thresholds` (it becomes `len(thresholds) + 2`).
        multi_label: whether `y_pred`'s columns are independent labels
            (one curve each, averaged) rather than one flattened curve.
        num_labels: number of labels when `multi_label` (else inferred
            from the first batch).
        label_weights: per-label weights: the curve counts are weighted
            (single label) or the per-label AUCs averaged with them
            (`multi_label`).
        from_logits: whether `y_pred` holds logits (a sigmoid is applied).

    >>> m = AUC(curve="PR", num_thresholds=3)
    >>> m.update_state([0, 1, 1], [0.2, 0.7, 0.9])
    >>> float(m.result())
    1.0
    """

    def __init__(
        self,
        num_thresholds=200,
        curve="ROC",
        summation_method="interpolation",
        name=None,
        dtype=None,
        thresholds=None,
        multi_label=False,
        num_labels=None,
        label_weights=None,
        from_logits=False,
    ):
        self._direction = "up"
        self.curve = _parse_curve(curve)
        self.summation_method = _parse_summation(summation_method)
        self._init_from_thresholds = thresholds is not None
        if thresholds is not None:
            self.num_thresholds = len(thresholds) + 2
            thresholds = sorted(float(t) for t in thresholds)
            self._thresholds_distributed_evenly = (
                mu.is_evenly_distributed_thresholds(
                    np.array([0.0] + thresholds + [1.0])
                )
            )
        else:
            if not isinstance(num_thresholds, (int, np.integer)) or (
                num_thresholds <= 1
            ):
                raise ValueError(
                    "Argument `num_thresholds` must be an integer > 1. "
                    f"Received: num_thresholds={num_thresholds}"
                )
            self.num_thresholds = int(num_thresholds)
            thresholds = [
                (i + 1) * 1.0 / (num_thresholds - 1)
                for i in range(num_thresholds - 2)
            ]
            self._thresholds_distributed_evenly = True
        eps = config.epsilon()
        self._thresholds = np.array([0.0 - eps] + thresholds + [1.0 + eps])
        super().__init__(name=name, dtype=dtype)
        self.multi_label = multi_label
        self.num_labels = num_labels
        self.label_weights = None
        if label_weights is not None:
            self.label_weights = jnp.asarray(label_weights, dtype=self.dtype)
        self._from_logits = from_logits
        self._built = False
        if multi_label:
            if num_labels:
                self._build((None, num_labels))
        else:
            if num_labels:
                raise ValueError(
                    "`num_labels` is needed only when `multi_label` is True."
                )
            self._build(None)

    @property
    def thresholds(self):
        """The thresholds used, including the two outer ones."""
        return [float(t) for t in self._thresholds]

    def _build(self, shape):
        if self.multi_label:
            if len(shape) != 2:
                raise ValueError(
                    "`y_pred` must have rank 2 when `multi_label=True`. "
                    f"Found rank {len(shape)}. Full shape received for "
                    f"`y_pred`: {shape}"
                )
            self._num_labels = shape[1]
            variable_shape = (self.num_thresholds, self._num_labels)
        else:
            variable_shape = (self.num_thresholds,)
        self._build_input_shape = shape
        for attr in (
            "true_positives",
            "false_positives",
            "true_negatives",
            "false_negatives",
        ):
            variable = self.add_variable(
                shape=variable_shape, initializer="zeros", name=attr
            )
            setattr(self, attr, variable)
        self._built = True

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Accumulates the confusion-matrix counts at every threshold."""
        y_pred = as_array(y_pred)
        if not self._built:
            self._build(y_pred.shape)
        if self._from_logits:
            y_pred = jax.nn.sigmoid(y_pred)
        mu.update_confusion_matrix_variables(
            {
                mu.TP: self.true_positives,
                mu.TN: self.true_negatives,
                mu.FP: self.false_positives,
                mu.FN: self.false_negatives,
            },
            y_true,
            y_pred,
            self._thresholds,
            thresholds_distributed_evenly=self._thresholds_distributed_evenly,
            sample_weight=sample_weight,
            multi_label=self.multi_label,
            label_weights=None if self.multi_label else self.label_weights,
        )

    def _values(self):
        return (
            self.true_positives.value,
            self.false_positives.value,
            self.true_negatives.value,
            self.false_negatives.value,
            self.label_weights,
        )

    def interpolate_pr_auc(self):
        """PR-AUC with precision interpolated between thresholds (Davis &
        Goadrich, 2006): within a bucket, precision follows TP/P with TP
        linear in P, whose integral has a closed form."""
        return _auc_value(*self._values(), "PR", "interpolation",
                          self.multi_label)

    def result(self):
        return _auc_value(*self._values(), self.curve,
                          self.summation_method, self.multi_label)

    def reset_state(self):
        if self._built:
            for v in self.variables:
                v.assign(jnp.zeros(v.shape))

    def get_config(self):
        label_weights = self.label_weights
        if label_weights is not None:
            label_weights = np.asarray(label_weights).tolist()
        config = {
            **super().get_config(),
            "num_thresholds": self.num_thresholds,
            "curve": self.curve,
            "summation_method": self.summation_method,
            "multi_label": self.multi_label,
            "num_labels": self.num_labels,
            "label_weights": label_weights,
            "from_logits": self._from_logits,
        }
        if self._init_from_thresholds:
            config["thresholds"] = self.thresholds[1:-1]
        return config


def _average_over_labels(terms, label_weights, multi_label):
    if not multi_label:
        return jnp.sum(terms)
    by_label = jnp.sum(terms, axis=0)
    if label_weights is None:
        return jnp.mean(by_label)
    return divide_no_nan(
        jnp.sum(by_label * label_weights), jnp.sum(label_weights)
    )


def _interpolated_pr_terms(tp, fp, fn):
    p = tp + fp
    dtp = tp[:-1] - tp[1:]
    dp = p[:-1] - p[1:]
    slope = divide_no_nan(dtp, jnp.maximum(dp, 0))
    intercept = tp[1:] - slope * p[1:]
    safe_ratio = jnp.where(
        jnp.logical_and(p[:-1] > 0, p[1:] > 0),
        divide_no_nan(p[:-1], jnp.maximum(p[1:], 0)),
        jnp.ones_like(p[1:]),
    )
    return divide_no_nan(
        slope * (dtp + intercept * jnp.log(safe_ratio)),
        jnp.maximum(tp[1:] + fn[1:], 0),
    )


@functools.partial(
    jax.jit, static_argnames=("curve", "summation", "multi_label")
)
def _auc_value(tp, fp, tn, fn, label_weights, curve, summation,
               multi_label):
    """The area from the confusion counts (one compiled kernel)."""
    if curve == "PR" and summation == "interpolation":
        terms = _interpolated_pr_terms(tp, fp, fn)
        return _average_over_labels(terms, label_weights, multi_label)
    recall = divide_no_nan(tp, tp + fn)
    if curve == "ROC":
        x, y = divide_no_nan(fp, fp + tn), recall
    elif curve == "PR":
        x, y = recall, divide_no_nan(tp, tp + fp)
    else:  # PRGAIN
        scale = divide_no_nan(tp + fn, tn + fp)
        recall_gain = 1.0 - scale * divide_no_nan(fn, tp)
        precision_gain = 1.0 - scale * divide_no_nan(fp, tp)
        recall_gain = jnp.where(tp == 0.0, 0.0, recall_gain)
        precision_gain = jnp.where(tp == 0.0, 1.0, precision_gain)
        x, y = jnp.maximum(recall_gain, 0.0), precision_gain
    if summation == "interpolation":
        heights = (y[:-1] + y[1:]) / 2.0
    elif summation == "minoring":
        heights = jnp.minimum(y[:-1], y[1:])
    else:
        heights = jnp.maximum(y[:-1], y[1:])
    terms = (x[:-1] - x[1:]) * heights
    return _average_over_labels(terms, label_weights, multi_label)
