"""Keras 2's `keras.utils.metrics_utils`: the constants of the confusion
matrix metrics, and `to_list`.

>>> str(ConfusionMatrix.TRUE_POSITIVES)
'tp'
>>> AUCCurve.from_str("pr") is AUCCurve.PR
True
"""

import enum

from kerax.utils.generic_utils import to_list  # noqa: F401


class Reduction(enum.Enum):
    """How a metric accumulates values."""

    SUM = "sum"
    SUM_OVER_BATCH_SIZE = "sum_over_batch_size"
    WEIGHTED_MEAN = "weighted_mean"


class ConfusionMatrix(str, enum.Enum):
    """The four counts of a binary confusion matrix."""

    TRUE_POSITIVES = "tp"
    FALSE_POSITIVES = "fp"
    TRUE_NEGATIVES = "tn"
    FALSE_NEGATIVES = "fn"

    def __str__(self):
        return self.value


class _FromString(enum.Enum):
    @classmethod
    def from_str(cls, key):
        for member in cls:
            if member.value == str(key).lower():
                return member
        raise ValueError(
            f"Invalid {cls.__name__} value {key!r}; expected one of "
            f"{[m.value for m in cls]}.")


class AUCCurve(_FromString):
    """The curve of an `AUC` metric."""

    ROC = "roc"
    PR = "pr"


class AUCSummationMethod(_FromString):
    """How an `AUC` metric integrates the curve."""

    INTERPOLATION = "interpolation"
    MAJORING = "majoring"
    MINORING = "minoring"
