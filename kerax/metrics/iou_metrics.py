"""Intersection-over-union metrics for segmentation and classification.

All of them accumulate one `num_classes x num_classes` confusion matrix
(rows: true class, columns: predicted class); the IoU of class `c` is
`TP / (TP + FP + FN)`.

>>> m = MeanIoU(num_classes=2)
>>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
>>> round(float(m.result()), 4)
0.3333
"""

from __future__ import annotations

import functools
import warnings

import jax
import jax.numpy as jnp

from kerax import config
from kerax.core.registry import register
from kerax.metrics.metric import Metric
from kerax.metrics.metrics_utils import as_array, confusion_matrix


@functools.partial(
    jax.jit, static_argnames=("num_classes", "ignore_class", "dtype")
)
def _batch_confusion_matrix(y_true, y_pred, sample_weight, num_classes,
                            ignore_class, dtype):
    """Weighted confusion matrix of in-range, non-ignored label pairs."""
    sample_weight = jnp.broadcast_to(sample_weight, y_true.shape)
    in_range = (
        (y_true >= 0)
        & (y_true < num_classes)
        & (y_pred >= 0)
        & (y_pred < num_classes)
    )
    if ignore_class is not None:
        in_range = in_range & (y_true != ignore_class)
    y_true = jnp.where(in_range, y_true, 0)
    y_pred = jnp.where(in_range, y_pred, 0)
    sample_weight = jnp.where(in_range, sample_weight, 0)
    return confusion_matrix(y_true, y_pred, num_classes, sample_weight, dtype)


class _IoUBase(Metric):
    """Accumulates the confusion matrix of (sparse or one-hot) labels."""

    # The constructor arguments `get_config` returns, in Keras's order.
    _config_keys = (
        "name", "dtype", "num_classes", "ignore_class", "sparse_y_true",
        "sparse_y_pred", "axis",
    )

    def __init__(
        self,
        num_classes,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(name=name, dtype=dtype or "int")
        self._direction = "up"
        self.num_classes = num_classes
        self.ignore_class = ignore_class
        self.sparse_y_true = sparse_y_true
        self.sparse_y_pred = sparse_y_pred
        self.axis = axis
        self.total_cm = self.add_variable(
            name="total_confusion_matrix",
            shape=(num_classes, num_classes),
            initializer="zeros",
            dtype=self.dtype,
        )

    def update_state(self, y_true, y_pred, sample_weight=None):
        """Adds the batch's (weighted) confusion matrix to the total.

        Labels outside `[0, num_classes)`, and `ignore_class`, are skipped.
        """
        if not self.sparse_y_true:
            y_true = jnp.argmax(as_array(y_true), axis=self.axis)
        if not self.sparse_y_pred:
            y_pred = jnp.argmax(as_array(y_pred), axis=self.axis)
        y_true = as_array(y_true, self.dtype).reshape(-1)
        y_pred = as_array(y_pred, self.dtype).reshape(-1)
        if sample_weight is None:
            sample_weight = 1
        elif (
            hasattr(sample_weight, "dtype")
            and "float" in str(sample_weight.dtype)
            and "int" in str(self.dtype)
        ):
            warnings.warn(
                "You are passing weight as `float`, but dtype is `int`. "
                "This may result in an incorrect weight due to type casting. "
                "Consider using integer weights.",
                stacklevel=2,
            )
        sample_weight = as_array(sample_weight, self.dtype)
        if sample_weight.ndim > 1:
            sample_weight = sample_weight.reshape(-1)
        current = _batch_confusion_matrix(
            y_true, y_pred, sample_weight, self.num_classes,
            self.ignore_class, self.dtype,
        )
        self.total_cm.assign(self.total_cm.value + current)

    def reset_state(self):
        self.total_cm.assign(jnp.zeros(self.total_cm.shape, self.dtype))

    def get_config(self):
        return {key: getattr(self, key) for key in self._config_keys}


@register("metrics")
class IoU(_IoUBase):
    """Mean IoU over the classes `target_class_ids`.

    Classes never seen (in labels or predictions) are left out of the
    mean.

    Args:
        num_classes: number of classes.
        target_class_ids: the class ids whose IoU is averaged.
        name: name of the metric instance.
        dtype: dtype of the confusion matrix (default `"int32"`).
        ignore_class: a label value to skip (e.g. a void class).
        sparse_y_true: whether `y_true` holds class ids (True) or
            one-hot / score vectors along `axis` (False).
        sparse_y_pred: the same for `y_pred`.
        axis: the class axis of non-sparse inputs (default -1).

    >>> m = IoU(num_classes=2, target_class_ids=[0])
    >>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1])
    >>> round(float(m.result()), 4)
    0.3333
    """

    _config_keys = (
        "name", "dtype", "num_classes", "target_class_ids", "ignore_class",
        "sparse_y_true", "sparse_y_pred", "axis",
    )

    def __init__(
        self,
        num_classes,
        target_class_ids,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(
            num_classes=num_classes,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=sparse_y_true,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )
        if max(target_class_ids) >= num_classes:
            raise ValueError(
                f"Target class id {max(target_class_ids)} is out of range, "
                f"which is [0, {num_classes})."
            )
        self.target_class_ids = list(target_class_ids)

    def result(self):
        cm = self.total_cm.value
        tp = jnp.diag(cm)
        denominator = jnp.sum(cm, axis=0) + jnp.sum(cm, axis=1) - tp
        ids = jnp.asarray(self.target_class_ids, dtype="int32")
        tp = tp[ids].astype("float32")
        denominator = denominator[ids].astype("float32")
        valid = denominator > 1e-9
        iou = jnp.where(valid, tp / (denominator + config.epsilon()), 0.0)
        num_valid = jnp.sum(valid.astype("float32"))
        return jnp.sum(iou) / (num_valid + config.epsilon())


@register("metrics")
class BinaryIoU(IoU):
    """IoU of binary labels, predictions binarized with `threshold`.

    A prediction `>= threshold` counts as class 1.

    Args:
        target_class_ids: the classes (0 and/or 1) averaged (default both).
        threshold: the binarization threshold (default 0.5).
        name: name of the metric instance.
        dtype: dtype of the confusion matrix.

    >>> m = BinaryIoU(target_class_ids=[1])
    >>> m.update_state([0, 1, 0, 1], [0.1, 0.8, 0.6, 0.9])
    >>> round(float(m.result()), 4)
    0.6667
    """

    _config_keys = ("target_class_ids", "threshold", "name", "dtype")

    def __init__(
        self, target_class_ids=(0, 1), threshold=0.5, name=None, dtype=None
    ):
        super().__init__(
            num_classes=2,
            target_class_ids=target_class_ids,
            name=name,
            dtype=dtype,
        )
        self.threshold = threshold

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_true = as_array(y_true, self.dtype)
        y_pred = as_array(y_pred, "float32")
        y_pred = (y_pred >= self.threshold).astype(self.dtype)
        return super().update_state(y_true, y_pred, sample_weight)


@register("metrics")
class MeanIoU(IoU):
    """Mean IoU over all `num_classes` classes.

    Args:
        num_classes: number of classes.
        name: name of the metric instance.
        dtype: dtype of the confusion matrix (default `"int32"`).
        ignore_class: a label value to skip.
        sparse_y_true: whether `y_true` holds class ids.
        sparse_y_pred: whether `y_pred` holds class ids.
        axis: the class axis of non-sparse inputs (default -1).

    >>> m = MeanIoU(num_classes=2)
    >>> m.update_state([0, 0, 1, 1], [0, 1, 0, 1], sample_weight=[1, 1, 0, 1])
    >>> round(float(m.result()), 4)
    0.5
    """

    _config_keys = (
        "num_classes", "name", "dtype", "ignore_class", "sparse_y_true",
        "sparse_y_pred", "axis",
    )

    def __init__(
        self,
        num_classes,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_true=True,
        sparse_y_pred=True,
        axis=-1,
    ):
        super().__init__(
            num_classes=num_classes,
            target_class_ids=list(range(num_classes)),
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=sparse_y_true,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )


@register("metrics")
class OneHotIoU(IoU):
    """`IoU` for one-hot labels (and, by default, score predictions).

    Args:
        num_classes: number of classes.
        target_class_ids: the class ids whose IoU is averaged.
        name: name of the metric instance.
        dtype: dtype of the confusion matrix.
        ignore_class: a class id to skip.
        sparse_y_pred: whether `y_pred` holds class ids (default False).
        axis: the class axis (default -1).

    >>> m = OneHotIoU(num_classes=3, target_class_ids=[0, 2])
    >>> m.update_state([[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
    ...                [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1],
    ...                 [0.1, 0.4, 0.5]])
    >>> round(float(m.result()), 4)
    0.1667
    """

    _config_keys = (
        "num_classes", "target_class_ids", "name", "dtype", "ignore_class",
        "sparse_y_pred", "axis",
    )

    def __init__(
        self,
        num_classes,
        target_class_ids,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_pred=False,
        axis=-1,
    ):
        super().__init__(
            num_classes=num_classes,
            target_class_ids=target_class_ids,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=False,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )


@register("metrics")
class OneHotMeanIoU(MeanIoU):
    """`MeanIoU` for one-hot labels (and, by default, score predictions).

    Args:
        num_classes: number of classes.
        name: name of the metric instance.
        dtype: dtype of the confusion matrix.
        ignore_class: a class id to skip.
        sparse_y_pred: whether `y_pred` holds class ids (default False).
        axis: the class axis (default -1).

    >>> m = OneHotMeanIoU(num_classes=3)
    >>> m.update_state([[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]],
    ...                [[0.2, 0.3, 0.5], [0.1, 0.2, 0.7], [0.5, 0.3, 0.1],
    ...                 [0.1, 0.4, 0.5]])
    >>> round(float(m.result()), 4)
    0.1111
    """

    _config_keys = (
        "num_classes", "name", "dtype", "ignore_class", "sparse_y_pred",
        "axis",
    )

    def __init__(
        self,
        num_classes,
        name=None,
        dtype=None,
        ignore_class=None,
        sparse_y_pred=False,
        axis=-1,
    ):
        super().__init__(
            num_classes=num_classes,
            name=name,
            dtype=dtype,
            ignore_class=ignore_class,
            sparse_y_true=False,
            sparse_y_pred=sparse_y_pred,
            axis=axis,
        )
