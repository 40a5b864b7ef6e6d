"""`kerax.metrics`: the Keras 3 metrics, stateful and stateless.

Every metric keeps its state in non-trainable Variables and offers both
the Keras object API (`update_state`, `result`, `reset_state`) and its pure
counterpart (`stateless_update_state`, `stateless_result`,
`stateless_reset_state`) for jitted training steps.

>>> m = get("mae")
>>> m.update_state([1.0, 2.0], [1.5, 2.5])
>>> float(m.result())
0.5
>>> deserialize(serialize(m)).name
'mean_absolute_error'
"""

from kerax.core.registry import METRICS, make_api
from kerax.metrics.accuracy_metrics import (
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    TopKCategoricalAccuracy,
    accuracy,
    binary_accuracy,
    categorical_accuracy,
    sparse_categorical_accuracy,
    sparse_top_k_categorical_accuracy,
    top_k_categorical_accuracy,
)
from kerax.metrics.auc import AUC
from kerax.metrics.confusion_metrics import (
    FalseNegatives,
    FalsePositives,
    Precision,
    PrecisionAtRecall,
    Recall,
    RecallAtPrecision,
    SensitivityAtSpecificity,
    SensitivitySpecificityBase,
    SpecificityAtSensitivity,
    TrueNegatives,
    TruePositives,
)
from kerax.metrics.correlation_metrics import (
    ConcordanceCorrelation,
    PearsonCorrelation,
    concordance_correlation,
    pearson_correlation,
)
from kerax.metrics.f_score_metrics import F1Score, FBetaScore
from kerax.metrics.hinge_metrics import (
    CategoricalHinge,
    Hinge,
    SquaredHinge,
    categorical_hinge,
    hinge,
    squared_hinge,
)
from kerax.metrics.iou_metrics import (
    BinaryIoU,
    IoU,
    MeanIoU,
    OneHotIoU,
    OneHotMeanIoU,
)
from kerax.metrics.iou_metrics import _IoUBase as BaseMeanIoU
from kerax.metrics.keras2_metrics import (
    Reduce,
    clone_metric,
    clone_metrics,
)
from kerax.metrics.metric import Metric
from kerax.metrics.probabilistic_metrics import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    KLDivergence,
    Poisson,
    SparseCategoricalCrossentropy,
    binary_crossentropy,
    binary_focal_crossentropy,
    categorical_crossentropy,
    categorical_focal_crossentropy,
    kl_divergence,
    poisson,
    sparse_categorical_crossentropy,
)
from kerax.metrics.reduction_metrics import Mean, MeanMetricWrapper, Sum
from kerax.metrics.regression_metrics import (
    CosineSimilarity,
    LogCoshError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    R2Score,
    RootMeanSquaredError,
    cosine_similarity,
    huber,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
)

# Keras 2 names of the metric functions.
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
logcosh = log_cosh
kullback_leibler_divergence = kl_divergence
cosine = cosine_proximity = cosine_similarity

# The metric classes and functions join the `"metrics"` family with
# `@register("metrics", *aliases)` where they are defined
# (`kerax.core.registry`); these are views of its tables.
ALL_OBJECTS = tuple(dict.fromkeys(METRICS.classes.values()))
ALL_OBJECTS_DICT = METRICS.classes
ALL_FUNCTIONS = tuple(dict.fromkeys(METRICS.functions.values()))

get, serialize, deserialize = make_api(METRICS, __name__, "metric")


__all__ = [c.__name__ for c in ALL_OBJECTS] + [
    f.__name__ for f in ALL_FUNCTIONS
] + ["get", "serialize", "deserialize"]
