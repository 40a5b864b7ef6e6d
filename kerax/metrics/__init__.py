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

import inspect
import threading

from kerax.core.naming import to_snake_case
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

ALL_OBJECTS = (
    Metric, Mean, Sum, MeanMetricWrapper,
    MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError,
    MeanAbsolutePercentageError, MeanSquaredLogarithmicError,
    CosineSimilarity, LogCoshError, R2Score,
    AUC, FalseNegatives, FalsePositives, TrueNegatives, TruePositives,
    Precision, Recall, PrecisionAtRecall, RecallAtPrecision,
    SensitivityAtSpecificity, SpecificityAtSensitivity,
    ConcordanceCorrelation, PearsonCorrelation,
    Hinge, SquaredHinge, CategoricalHinge,
    KLDivergence, Poisson, BinaryCrossentropy, CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
    Accuracy, BinaryAccuracy, CategoricalAccuracy,
    SparseCategoricalAccuracy, TopKCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    F1Score, FBetaScore,
    IoU, BinaryIoU, MeanIoU, OneHotIoU, OneHotMeanIoU,
)

ALL_OBJECTS_DICT = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update({to_snake_case(c.__name__): c for c in ALL_OBJECTS})
ALL_OBJECTS_DICT.update(
    {
        "bce": BinaryCrossentropy,
        "BCE": BinaryCrossentropy,
        "mse": MeanSquaredError,
        "MSE": MeanSquaredError,
        "mae": MeanAbsoluteError,
        "MAE": MeanAbsoluteError,
        "mape": MeanAbsolutePercentageError,
        "MAPE": MeanAbsolutePercentageError,
        "msle": MeanSquaredLogarithmicError,
        "MSLE": MeanSquaredLogarithmicError,
    }
)

ALL_FUNCTIONS = (
    accuracy, binary_accuracy, categorical_accuracy,
    sparse_categorical_accuracy, top_k_categorical_accuracy,
    sparse_top_k_categorical_accuracy,
    mean_squared_error, mean_absolute_error, mean_absolute_percentage_error,
    mean_squared_logarithmic_error, log_cosh, huber, cosine_similarity,
    kl_divergence, poisson, binary_crossentropy, categorical_crossentropy,
    sparse_categorical_crossentropy, binary_focal_crossentropy,
    categorical_focal_crossentropy,
    hinge, squared_hinge, categorical_hinge,
    pearson_correlation, concordance_correlation,
)
_FUNCTIONS = {fn.__name__: fn for fn in ALL_FUNCTIONS}
_FUNCTIONS.update(
    {
        "mse": mean_squared_error,
        "MSE": mean_squared_error,
        "mae": mean_absolute_error,
        "MAE": mean_absolute_error,
        "mape": mean_absolute_percentage_error,
        "MAPE": mean_absolute_percentage_error,
        "msle": mean_squared_logarithmic_error,
        "MSLE": mean_squared_logarithmic_error,
        "logcosh": log_cosh,
        "kld": kl_divergence,
        "KLD": kl_divergence,
        "kullback_leibler_divergence": kl_divergence,
    }
)


_CUSTOM_OBJECTS = threading.local()


def _custom_objects():
    return getattr(_CUSTOM_OBJECTS, "value", None) or {}


def _find_function(name):
    """A metric function by name: the `custom_objects` of the running
    `deserialize`, kerax.metrics, then kerax.losses."""
    fn = _custom_objects().get(name) or _FUNCTIONS.get(name)
    if fn is None:
        try:
            from kerax import losses  # optional: written separately
        except ImportError:
            return None
        fn = getattr(losses, name, None)
        fn = fn if inspect.isfunction(fn) else None
    return fn


def serialize(metric):
    """Returns the Keras-format config dict of a metric (or function).

    >>> serialize(Mean())["class_name"]
    'Mean'
    """
    if inspect.isfunction(metric):
        return {
            "module": "builtins",
            "class_name": "function",
            "config": metric.__name__,
            "registered_name": "function",
        }
    cls = type(metric)
    builtin = ALL_OBJECTS_DICT.get(cls.__name__) is cls
    return {
        "module": "keras.metrics" if builtin else cls.__module__,
        "class_name": cls.__name__,
        "config": metric.get_config(),
        "registered_name": None if builtin else cls.__name__,
    }


def deserialize(config, custom_objects=None):
    """Creates a metric (or function) from `serialize()`'s output or a
    name.

    >>> deserialize("mse").name
    'mean_squared_error'
    """
    custom_objects = {**_custom_objects(), **(custom_objects or {})}
    previous = getattr(_CUSTOM_OBJECTS, "value", None)
    _CUSTOM_OBJECTS.value = custom_objects
    try:
        return _deserialize(config, custom_objects)
    finally:
        _CUSTOM_OBJECTS.value = previous


def _deserialize(config, custom_objects):
    if isinstance(config, str):
        obj = custom_objects.get(config) or ALL_OBJECTS_DICT.get(config)
        if obj is None:
            obj = _find_function(config)
        if obj is None:
            raise ValueError(
                f"Could not interpret metric identifier: {config}. Expected "
                f"one of the kerax.metrics names, e.g. 'mse', "
                "'binary_accuracy', 'AUC'."
            )
        return obj() if inspect.isclass(obj) else obj
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            "Could not interpret serialized metric: expected a name or a "
            f"dict with 'class_name' and 'config'. Received: {config}"
        )
    class_name = config["class_name"]
    inner = config.get("config", {})
    if class_name == "function":
        fn = custom_objects.get(inner) or _find_function(inner)
        if fn is None:
            raise ValueError(f"Unknown metric function: {inner}")
        return fn
    registered = config.get("registered_name")
    cls = (
        custom_objects.get(class_name)
        or (registered and custom_objects.get(registered))
        or ALL_OBJECTS_DICT.get(class_name)
    )
    if cls is None:
        raise ValueError(
            f"Unknown metric class: '{class_name}'. Pass it in "
            "`custom_objects` if it is a custom metric."
        )
    return cls.from_config(inner)


def get(identifier):
    """Returns a metric from a name, a config dict, a class, an instance
    or a function.

    Strings name classes (`"AUC"`, `"auc"`, `"binary_accuracy"`) or
    aliases (`"mse"`, `"mae"`, `"mape"`, `"msle"`, `"bce"`); classes are
    instantiated with their defaults; functions are returned as is.

    >>> type(get("auc")).__name__
    'AUC'
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = ALL_OBJECTS_DICT.get(identifier)
        if obj is None:
            raise ValueError(
                f"Could not interpret metric identifier: {identifier}. "
                "Expected a kerax.metrics class name (e.g. 'AUC'), its "
                "snake_case form (e.g. 'binary_accuracy') or an alias "
                "('mse', 'mae', 'mape', 'msle', 'bce')."
            )
    else:
        obj = identifier
    if callable(obj):
        return obj() if inspect.isclass(obj) else obj
    raise ValueError(f"Could not interpret metric identifier: {identifier}")


__all__ = [c.__name__ for c in ALL_OBJECTS] + [
    f.__name__ for f in ALL_FUNCTIONS
] + ["get", "serialize", "deserialize"]
