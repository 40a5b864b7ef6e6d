"""Shared helpers of the metrics: input conversion, rank matching,
sample-weight reduction and the thresholded confusion-matrix update.

>>> import jax.numpy as jnp
>>> a, b = squeeze_or_expand_to_same_rank(jnp.zeros((4, 1)), jnp.zeros(4))
>>> a.shape, b.shape
((4, 1), (4, 1))
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp
import numpy as np

from kerax import config
from kerax.core.variable import Variable

NEG_INF = -1e10
TP, FP, TN, FN = "tp", "fp", "tn", "fn"


def as_array(x, dtype=None):
    """Converts lists, NumPy arrays, JAX arrays and Variables to jnp."""
    if isinstance(x, Variable):
        x = x.value
    if dtype is not None:
        return jnp.asarray(x, dtype=dtype)
    if isinstance(x, float) or (
        isinstance(x, (list, tuple)) and np.asarray(x).dtype.kind == "f"
    ):
        return jnp.asarray(x, dtype=config.floatx())
    return jnp.asarray(x)


def divide_no_nan(x, y):
    """`x / y`, with 0 where `y == 0`."""
    safe_y = jnp.where(y == 0, jnp.ones_like(y), y)
    return jnp.where(y == 0, jnp.zeros_like(x / safe_y), x / safe_y)


def squeeze_or_expand_to_same_rank(x1, x2, expand_rank_1=True):
    """Matches ranks differing by one through the size-1 last axis."""
    r1, r2 = x1.ndim, x2.ndim
    if r1 == r2 + 1 and x1.shape[-1] == 1:
        if r2 == 1 and expand_rank_1:
            x2 = jnp.expand_dims(x2, -1)
        else:
            x1 = jnp.squeeze(x1, -1)
    if r2 == r1 + 1 and x2.shape[-1] == 1:
        if r1 == 1 and expand_rank_1:
            x1 = jnp.expand_dims(x1, -1)
        else:
            x2 = jnp.squeeze(x2, -1)
    return x1, x2


def reduce_to_samplewise_values(values, sample_weight, reduce_fn, dtype):
    """Weights `values` and reduces them to one value per sample.

    Returns `(values, sample_weight)`, both of rank <= 1 (the weights are
    reduced over their non-batch axes with `reduce_fn`).
    """
    values = as_array(values).astype(dtype)
    if sample_weight is not None:
        sample_weight = as_array(sample_weight, dtype)
        values, sample_weight = squeeze_or_expand_to_same_rank(
            values, sample_weight
        )
        w_ndim, v_ndim = sample_weight.ndim, values.ndim
        if v_ndim > w_ndim:
            values = reduce_fn(values, axis=tuple(range(w_ndim, v_ndim)))
        sample_weight = jnp.broadcast_to(sample_weight, values.shape)
        values = values * sample_weight
        if w_ndim > 1:
            sample_weight = reduce_fn(
                sample_weight, axis=tuple(range(1, w_ndim))
            )
    if values.ndim > 1:
        values = reduce_fn(values, axis=tuple(range(1, values.ndim)))
    return values, sample_weight


# ------------------------------------------------------------- thresholds
def parse_init_thresholds(thresholds, default_threshold=0.5):
    """Validates thresholds (each in [0, 1]) and returns them as a list."""
    if thresholds is None:
        return [default_threshold]
    if isinstance(thresholds, (list, tuple, np.ndarray)):
        thresholds = [float(t) if t is not None else None for t in thresholds]
    else:
        thresholds = [float(thresholds)]
    invalid = [t for t in thresholds if t is None or t < 0 or t > 1]
    if invalid:
        raise ValueError(
            f"Threshold values must be in [0, 1]. Received: {invalid}"
        )
    return thresholds


def is_evenly_distributed_thresholds(thresholds):
    """True for >= 3 thresholds equal to `linspace(0, 1, n)`."""
    n = len(thresholds)
    if n < 3:
        return False
    even = np.arange(n, dtype=np.float32) / (n - 1)
    return bool(np.allclose(thresholds, even, atol=config.epsilon()))


def filter_top_k(x, k):
    """Keeps the `k` largest entries of the last axis, others -> NEG_INF."""
    _, idx = jax.lax.top_k(x, k)
    mask = jnp.sum(jax.nn.one_hot(idx, x.shape[-1], dtype=x.dtype), axis=-2)
    return x * mask + NEG_INF * (1 - mask)


def _prepare(y_true, y_pred, sample_weight, top_k, class_id):
    y_pred, y_true = squeeze_or_expand_to_same_rank(y_pred, y_true)
    if sample_weight is not None:
        sample_weight = jnp.expand_dims(sample_weight, -1)
        _, sample_weight = squeeze_or_expand_to_same_rank(
            y_true, sample_weight, expand_rank_1=False
        )
    if top_k is not None:
        y_pred = filter_top_k(y_pred, top_k)
    if class_id is not None:
        if y_pred.ndim == 1:
            raise ValueError(
                "When class_id is provided, y_pred must be a 2D array "
                "with shape (num_samples, num_classes), found shape: "
                f"{y_pred.shape}"
            )
        y_true = y_true[..., class_id, None]
        y_pred = y_pred[..., class_id, None]
    return y_true, y_pred, sample_weight


def _bucketed_counts(y_true, y_pred, num_thresholds, weights, multi_label,
                     with_epsilon):
    """TP/FP per threshold for evenly spaced thresholds, in O(n)."""
    y_pred = jnp.clip(y_pred, 0.0, 1.0)
    y_true = (y_true != 0).astype(y_pred.dtype)
    if not multi_label:
        y_true, y_pred = y_true.reshape(-1), y_pred.reshape(-1)
    true_labels = y_true * weights
    false_labels = (1.0 - y_true) * weights
    buckets = jnp.ceil(y_pred * (num_thresholds - 1)) - 1
    if with_epsilon:
        buckets = jnp.maximum(buckets, 0)
    buckets = buckets.astype("int32")

    def count(labels, ids):
        return jax.ops.segment_sum(labels, ids, num_segments=num_thresholds)

    if multi_label:
        # One histogram per label, then a reversed cumulative sum.
        tp = jax.vmap(count)(true_labels.T, buckets.T)
        fp = jax.vmap(count)(false_labels.T, buckets.T)
        tp = jnp.flip(jnp.cumsum(jnp.flip(tp, 1), axis=1), 1).T
        fp = jnp.flip(jnp.cumsum(jnp.flip(fp, 1), axis=1), 1).T
        return tp, fp, jnp.sum(true_labels, 0), jnp.sum(false_labels, 0)
    tp = jnp.flip(jnp.cumsum(jnp.flip(count(true_labels, buckets))))
    fp = jnp.flip(jnp.cumsum(jnp.flip(count(false_labels, buckets))))
    return tp, fp, jnp.sum(true_labels), jnp.sum(false_labels)


def _compared_counts(y_true, y_pred, thresholds, weights, multi_label,
                     keys):
    """Counts per threshold by comparing every prediction to each one."""
    dtype = y_pred.dtype
    thresholds = jnp.asarray(thresholds, dtype=dtype)
    if multi_label:
        preds, labels = y_pred[None], (y_true != 0)[None]
        thresh = thresholds.reshape((-1,) + (1,) * y_pred.ndim)
    else:
        preds = y_pred.reshape(1, -1)
        labels = (y_true != 0).reshape(1, -1)
        thresh = thresholds.reshape(-1, 1)
    pred_pos = preds > thresh
    label_pos = jnp.broadcast_to(labels, pred_pos.shape)
    w = None if weights is None else weights[None]

    def total(label, pred):
        both = jnp.logical_and(label, pred)
        if w is None:
            return jnp.sum(both.astype(dtype), axis=1)
        return jnp.sum(jnp.where(both, w.astype(dtype), 0), axis=1)

    cells = {
        TP: (label_pos, pred_pos),
        FP: (~label_pos, pred_pos),
        TN: (~label_pos, ~pred_pos),
        FN: (label_pos, ~pred_pos),
    }
    return {key: total(*cells[key]) for key in keys}


@functools.partial(
    jax.jit,
    static_argnames=(
        "keys", "thresholds", "top_k", "class_id", "multi_label", "evenly"
    ),
)
def _confusion_counts(y_true, y_pred, sample_weight, label_weights, *,
                      keys, thresholds, top_k, class_id, multi_label,
                      evenly):
    """The weighted confusion-matrix counts, one array per key."""
    y_true, y_pred, sample_weight = _prepare(
        y_true, y_pred, sample_weight, top_k, class_id
    )
    weights = None
    if sample_weight is not None:
        weights = jnp.broadcast_to(sample_weight, y_pred.shape)
    if label_weights is not None:
        lw = jnp.broadcast_to(label_weights[None], y_pred.shape)
        weights = lw if weights is None else weights * lw
    if weights is not None and not multi_label:
        weights = weights.reshape(-1)
    if not evenly:
        counts = _compared_counts(
            y_true, y_pred, thresholds, weights, multi_label, keys
        )
        return tuple(counts[key] for key in keys)
    with_epsilon = thresholds[0] < 0.0 or thresholds[-1] > 1.0
    tp, fp, total_t, total_f = _bucketed_counts(
        y_true, y_pred, len(thresholds),
        1.0 if weights is None else weights, multi_label, with_epsilon,
    )
    counts = {TP: tp, FP: fp, TN: total_f - fp, FN: total_t - tp}
    return tuple(counts[key] for key in keys)


def update_confusion_matrix_variables(
    variables_to_update,
    y_true,
    y_pred,
    thresholds,
    top_k=None,
    class_id=None,
    sample_weight=None,
    multi_label=False,
    label_weights=None,
    thresholds_distributed_evenly=False,
):
    """Adds the weighted TP/FP/TN/FN counts per threshold to variables.

    `variables_to_update` maps `"tp"`, `"fp"`, `"tn"`, `"fn"` to
    Variables of shape `(num_thresholds,)` (or `(num_thresholds,
    num_labels)` with `multi_label`). A prediction counts as positive when
    it is strictly greater than the threshold. The counting runs as one
    compiled kernel, cached across metric instances.
    """
    if multi_label and label_weights is not None:
        raise ValueError(
            "`label_weights` for multilabel data should be handled outside "
            "of `update_confusion_matrix_variables` when `multi_label` is "
            "True."
        )
    invalid = [k for k in variables_to_update if k not in (TP, FP, TN, FN)]
    if invalid or not variables_to_update:
        raise ValueError(
            f"Invalid confusion matrix keys: {invalid}. Valid keys are "
            f"{[TP, FP, TN, FN]}."
        )
    dtype = next(iter(variables_to_update.values())).dtype
    if sample_weight is not None:
        sample_weight = as_array(sample_weight, dtype)
    if label_weights is not None:
        label_weights = as_array(label_weights, dtype)
    keys = tuple(variables_to_update)
    counts = _confusion_counts(
        as_array(y_true).astype(dtype),
        as_array(y_pred).astype(dtype),
        sample_weight,
        label_weights,
        keys=keys,
        thresholds=tuple(float(t) for t in thresholds),
        top_k=top_k,
        class_id=class_id,
        multi_label=bool(multi_label),
        evenly=bool(thresholds_distributed_evenly),
    )
    for key, count in zip(keys, counts):
        variable = variables_to_update[key]
        variable.assign(variable.value + count)


def confusion_matrix(labels, predictions, num_classes, weights, dtype):
    """`num_classes x num_classes` matrix of weighted (label, pred) pairs."""
    matrix = jnp.zeros((num_classes, num_classes), dtype=dtype)
    labels = labels.astype("int32")
    predictions = predictions.astype("int32")
    return matrix.at[labels, predictions].add(weights.astype(dtype))
