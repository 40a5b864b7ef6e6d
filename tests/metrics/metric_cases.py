"""Metric cases shared by the metrics tests: constructor arguments and a
deterministic input generator per kind of data."""

import numpy as np

B = 8  # batch size


def _probs(rng, shape):
    # Rounded to 0.05 so that some predictions sit exactly on thresholds.
    return np.round(rng.uniform(0, 1, shape) * 20) / 20


def _softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def make_batch(kind, rng):
    """Returns `(args, sample_weight)` for one `update_state` call."""
    sw = rng.uniform(0.1, 2.0, (B,)).astype("float32")
    if kind == "binary":
        yt = rng.integers(0, 2, (B, 1))
        return (yt, _probs(rng, (B, 1))), sw
    if kind == "binary_flat":
        return (rng.integers(0, 2, (B,)).tolist(),
                _probs(rng, (B,)).tolist()), sw
    if kind == "multilabel":
        return (rng.integers(0, 2, (B, 3)), _probs(rng, (B, 3))), sw
    if kind == "logits":
        yt = rng.integers(0, 2, (B, 3))
        return (yt, rng.normal(0, 2, (B, 3)).astype("float32")), sw
    if kind == "categorical":
        yt = np.eye(4)[rng.integers(0, 4, B)]
        return (yt, _softmax(rng.normal(0, 1, (B, 4)))), sw
    if kind == "categorical_logits":
        yt = np.eye(4)[rng.integers(0, 4, B)]
        return (yt, rng.normal(0, 2, (B, 4))), sw
    if kind == "sparse":
        yt = rng.integers(0, 4, (B, 1))
        return (yt, _softmax(rng.normal(0, 1, (B, 4)))), sw
    if kind == "sparse_flat":
        yt = rng.integers(0, 4, (B,))
        return (yt, rng.normal(0, 2, (B, 4)).astype("float32")), sw
    if kind == "sorted_ids":
        yt = rng.integers(0, 4, (B,))
        ids = np.argsort(-rng.normal(0, 1, (B, 4)), axis=-1)
        return (yt, ids.astype("float32")), sw
    if kind == "labels_equal":
        yt = rng.integers(0, 3, (B, 1))
        yp = np.where(rng.uniform(size=(B, 1)) < 0.5, yt, 2 - yt)
        return (yt, yp), sw
    if kind == "regression":
        return (rng.normal(0, 1, (B, 3)), rng.normal(0, 1, (B, 3))), sw
    if kind == "positive":
        yt = rng.uniform(0.1, 3, (B, 3)).astype("float32")
        return (yt, rng.uniform(0.1, 3, (B, 3)).astype("float32")), sw
    if kind == "distributions":
        yt = _softmax(rng.normal(0, 1, (B, 4)))
        return (yt, _softmax(rng.normal(0, 1, (B, 4)))), sw
    if kind == "hinge":
        yt = rng.choice([-1.0, 1.0], (B, 3))
        return (yt, rng.normal(0, 1, (B, 3)).astype("float32")), sw
    if kind == "hinge01":
        yt = rng.integers(0, 2, (B, 3)).astype("float32")
        return (yt, rng.normal(0, 1, (B, 3)).astype("float32")), sw
    if kind == "values":
        return (rng.normal(0, 1, (B, 3)).astype("float32"),), sw
    if kind == "values_2d_weights":
        weights = rng.uniform(0, 1, (B, 3)).astype("float32")
        return (rng.normal(0, 1, (B, 3)).astype("float32"),), weights
    if kind == "segmentation":
        yt = rng.integers(0, 3, (2, 4, 4))
        yp = rng.integers(0, 3, (2, 4, 4))
        return (yt, yp), rng.integers(0, 3, (2, 4, 4)).astype("int32")
    if kind == "segmentation_scores":
        yt = rng.integers(0, 3, (2, 4, 4))
        return (yt, rng.uniform(0, 1, (2, 4, 4, 3))), None
    if kind == "onehot":
        yt = np.eye(3)[rng.integers(0, 3, B)]
        return (yt, rng.uniform(0, 1, (B, 3))), None
    if kind == "binary_iou":
        yt = rng.integers(0, 2, (B,))
        return (yt, _probs(rng, (B,))), rng.integers(0, 3, (B,))
    raise ValueError(kind)


# (class name, constructor kwargs, input kind)
CASES = [
    ("Sum", {}, "values"),
    ("Mean", {}, "values"),
    ("Mean", {}, "values_2d_weights"),
    ("Accuracy", {}, "labels_equal"),
    ("BinaryAccuracy", {}, "binary"),
    ("BinaryAccuracy", {"threshold": 0.7}, "multilabel"),
    ("CategoricalAccuracy", {}, "categorical"),
    ("SparseCategoricalAccuracy", {}, "sparse"),
    ("SparseCategoricalAccuracy", {}, "sparse_flat"),
    ("TopKCategoricalAccuracy", {"k": 2}, "categorical"),
    ("SparseTopKCategoricalAccuracy", {"k": 2}, "sparse"),
    ("SparseTopKCategoricalAccuracy", {"k": 2, "from_sorted_ids": True},
     "sorted_ids"),
    ("TruePositives", {}, "binary"),
    ("TruePositives", {"thresholds": [0.15, 0.5, 0.85]}, "multilabel"),
    ("FalsePositives", {"thresholds": [0.0, 0.5, 1.0]}, "binary_flat"),
    ("TrueNegatives", {"thresholds": [0.0, 0.25, 0.5, 0.75, 1.0]},
     "multilabel"),
    ("FalseNegatives", {"thresholds": 0.3}, "binary"),
    ("Precision", {}, "binary"),
    ("Precision", {"thresholds": [0.3, 0.6, 0.9]}, "multilabel"),
    ("Precision", {"top_k": 2}, "multilabel"),
    ("Precision", {"class_id": 1}, "multilabel"),
    ("Precision", {"top_k": 1, "class_id": 2, "thresholds": [0.2, 0.7]},
     "multilabel"),
    ("Recall", {}, "binary_flat"),
    ("Recall", {"thresholds": [0.0, 0.5, 1.0]}, "multilabel"),
    ("Recall", {"top_k": 2, "class_id": 0}, "multilabel"),
    ("AUC", {}, "binary"),
    ("AUC", {"num_thresholds": 5, "curve": "PR"}, "binary"),
    ("AUC", {"curve": "PR", "summation_method": "majoring",
             "num_thresholds": 5}, "multilabel"),
    ("AUC", {"summation_method": "minoring", "num_thresholds": 5},
     "multilabel"),
    ("AUC", {"curve": "PRGAIN", "num_thresholds": 5}, "binary"),
    ("AUC", {"thresholds": [0.1, 0.4, 0.7]}, "binary"),
    ("AUC", {"thresholds": [0.25, 0.5, 0.75], "curve": "PR"}, "multilabel"),
    ("AUC", {"multi_label": True}, "multilabel"),
    ("AUC", {"multi_label": True, "curve": "PR", "num_thresholds": 5},
     "multilabel"),
    ("AUC", {"multi_label": True, "num_labels": 3,
             "label_weights": [0.2, 0.3, 0.5]}, "multilabel"),
    ("AUC", {"label_weights": [0.2, 0.3, 0.5]}, "multilabel"),
    ("AUC", {"from_logits": True, "num_thresholds": 5}, "logits"),
    ("AUC", {"multi_label": True, "thresholds": [0.3, 0.6, 0.8]}, "multilabel"),
    ("SensitivityAtSpecificity", {"specificity": 0.5}, "binary"),
    ("SensitivityAtSpecificity", {"specificity": 0.8, "num_thresholds": 1},
     "binary"),
    ("SpecificityAtSensitivity", {"sensitivity": 0.6, "class_id": 1},
     "multilabel"),
    ("PrecisionAtRecall", {"recall": 0.5, "num_thresholds": 5},
     "multilabel"),
    ("RecallAtPrecision", {"precision": 0.7}, "binary"),
    ("F1Score", {}, "multilabel"),
    ("F1Score", {"average": "micro", "threshold": 0.5}, "multilabel"),
    ("FBetaScore", {"beta": 2.0, "average": "macro"}, "categorical"),
    ("FBetaScore", {"average": "weighted", "threshold": 0.4}, "multilabel"),
    ("IoU", {"num_classes": 3, "target_class_ids": [0, 2]}, "segmentation"),
    ("IoU", {"num_classes": 3, "target_class_ids": [0, 2],
             "ignore_class": 1}, "segmentation"),
    ("MeanIoU", {"num_classes": 3}, "segmentation"),
    ("MeanIoU", {"num_classes": 3, "sparse_y_pred": False},
     "segmentation_scores"),
    ("BinaryIoU", {}, "binary_iou"),
    ("BinaryIoU", {"target_class_ids": [1], "threshold": 0.3},
     "binary_iou"),
    ("OneHotIoU", {"num_classes": 3, "target_class_ids": [0, 1]}, "onehot"),
    ("OneHotMeanIoU", {"num_classes": 3}, "onehot"),
    ("OneHotMeanIoU", {"num_classes": 3, "ignore_class": 0}, "onehot"),
    ("MeanSquaredError", {}, "regression"),
    ("RootMeanSquaredError", {}, "regression"),
    ("MeanAbsoluteError", {}, "regression"),
    ("MeanAbsolutePercentageError", {}, "regression"),
    ("MeanSquaredLogarithmicError", {}, "positive"),
    ("CosineSimilarity", {}, "regression"),
    ("LogCoshError", {}, "regression"),
    ("R2Score", {}, "regression"),
    ("R2Score", {"class_aggregation": "variance_weighted_average"},
     "regression"),
    ("R2Score", {"class_aggregation": None}, "regression"),
    ("R2Score", {"num_regressors": 2}, "regression"),
    ("PearsonCorrelation", {}, "regression"),
    ("ConcordanceCorrelation", {}, "regression"),
    ("KLDivergence", {}, "distributions"),
    ("Poisson", {}, "positive"),
    ("BinaryCrossentropy", {}, "multilabel"),
    ("BinaryCrossentropy", {"from_logits": True, "label_smoothing": 0.1},
     "logits"),
    ("CategoricalCrossentropy", {}, "categorical"),
    ("CategoricalCrossentropy", {"from_logits": True,
                                 "label_smoothing": 0.2},
     "categorical_logits"),
    ("SparseCategoricalCrossentropy", {}, "sparse"),
    ("SparseCategoricalCrossentropy", {"from_logits": True}, "sparse_flat"),
    ("SparseCategoricalCrossentropy", {"ignore_class": 0}, "sparse_flat"),
    ("Hinge", {}, "hinge"),
    ("Hinge", {}, "hinge01"),
    ("SquaredHinge", {}, "hinge01"),
    ("CategoricalHinge", {}, "categorical"),
]


def case_id(case):
    name, kwargs, kind = case
    args = ",".join(f"{k}={v}" for k, v in kwargs.items())
    return f"{name}({args})-{kind}"


def batches(kind, seed=0, n=3):
    """`n` batches; the second one carries sample weights."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        args, sw = make_batch(kind, rng)
        out.append((args, sw if i == 1 else None))
    return out
