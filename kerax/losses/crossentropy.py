"""Crossentropy losses: binary, categorical (one-hot) and sparse (integer).

Probabilities are clipped to `[epsilon, 1 - epsilon]` before the log (and
categorical ones renormalised to sum to one) unless `from_logits=True`.

>>> round(float(binary_crossentropy([1.0, 0.0], [0.9, 0.2])), 4)
0.1643
"""

import warnings

import jax
import jax.numpy as jnp

from kerax import config
from kerax.core.registry import register
from kerax.losses.loss import loss_function, to_array
from kerax.losses.wrapper import BuiltinLoss, with_mask


def check_axis(axis):
    if isinstance(axis, bool) or not isinstance(axis, int):
        raise ValueError(
            f"`axis` must be of type `int`. Received: axis={axis} of type "
            f"{type(axis)}"
        )


def _check_same_shape(target, output):
    if target.shape != output.shape:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape. "
            f"Received: target.shape={target.shape}, "
            f"output.shape={output.shape}"
        )


def elementwise_binary_crossentropy(target, output, from_logits=False):
    """Per-element binary crossentropy of same-shape arrays."""
    _check_same_shape(target, output)
    if from_logits:
        return -target * jax.nn.log_sigmoid(output) - (
            1.0 - target
        ) * jax.nn.log_sigmoid(-output)
    eps = config.epsilon()
    output = jnp.clip(output, eps, 1.0 - eps)
    return -(target * jnp.log(output) + (1.0 - target) * jnp.log(1.0 - output))


def log_probabilities(output, from_logits, axis):
    """`log_softmax` of logits, or the log of renormalised, clipped
    probabilities."""
    if from_logits:
        return jax.nn.log_softmax(output, axis=axis)
    eps = config.epsilon()
    output = output / jnp.sum(output, axis=axis, keepdims=True)
    return jnp.log(jnp.clip(output, eps, 1.0 - eps))


def smooth_labels(y_true, label_smoothing, num_classes):
    """Moves `label_smoothing` of the mass of one-hot labels to uniform."""
    if not label_smoothing:
        return y_true
    return y_true * (1.0 - label_smoothing) + label_smoothing / num_classes


def warn_single_class(name, y_pred):
    if y_pred.shape and y_pred.shape[-1] == 1:
        warnings.warn(
            f"In loss {name}, expected y_pred.shape to be (batch_size, "
            "num_classes) with num_classes > 1. Received: "
            f"y_pred.shape={y_pred.shape}. Consider using "
            "'binary_crossentropy' if you only have 2 classes.",
            SyntaxWarning,
            stacklevel=3,
        )


@register("losses", "bce", "BCE")
@loss_function
def binary_crossentropy(
    y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1
):
    """Binary crossentropy, averaged over `axis`.

    `label_smoothing` moves labels towards 0.5: `y * (1 - s) + 0.5 * s`.
    """
    y_pred = to_array(y_pred)
    y_true = to_array(y_true, y_pred.dtype)
    y_true = smooth_labels(y_true, label_smoothing, 2.0)
    bce = elementwise_binary_crossentropy(y_true, y_pred, from_logits)
    return jnp.mean(bce, axis=axis)


@register("losses")
@loss_function
def categorical_crossentropy(
    y_true, y_pred, from_logits=False, label_smoothing=0.0, axis=-1
):
    """Crossentropy between one-hot (or soft) labels and predictions along
    `axis`; `label_smoothing` mixes labels with the uniform distribution."""
    check_axis(axis)
    y_pred = to_array(y_pred)
    y_true = to_array(y_true, y_pred.dtype)
    warn_single_class("categorical_crossentropy", y_pred)
    _check_same_shape(y_true, y_pred)
    if y_true.ndim < 1:
        raise ValueError(
            "Arguments `y_true` and `y_pred` must be at least rank 1. "
            f"Received: y_true.shape={y_true.shape}"
        )
    y_true = smooth_labels(y_true, label_smoothing, y_true.shape[axis])
    log_prob = log_probabilities(y_pred, from_logits, axis)
    return -jnp.sum(y_true * log_prob, axis=axis)


@loss_function
def _sparse_categorical_crossentropy_masked(
    y_true, y_pred, from_logits=False, ignore_class=None, axis=-1
):
    check_axis(axis)
    y_pred = to_array(y_pred)
    y_true = to_array(y_true)
    if y_pred.ndim < 1:
        raise ValueError(
            "Argument `y_pred` must be at least rank 1. "
            f"Received: y_pred.shape={y_pred.shape}"
        )
    if y_true.ndim == y_pred.ndim and y_true.shape[axis] == 1:
        y_true = jnp.squeeze(y_true, axis=axis)
    class_axis = axis % y_pred.ndim
    res_shape = y_pred.shape[:class_axis] + y_pred.shape[class_axis + 1 :]
    if y_true.shape != res_shape:
        raise ValueError(
            "Arguments `y_true` and `y_pred` must have the same shape up to "
            f"the class axis {axis}. Received: y_true.shape={y_true.shape}, "
            f"y_pred.shape={y_pred.shape}"
        )
    valid = None
    if ignore_class is not None:
        valid = y_true != ignore_class
        y_true = jnp.where(valid, y_true, 0)
    num_classes = y_pred.shape[class_axis]
    target = jax.nn.one_hot(
        y_true.astype("int32"), num_classes, dtype=y_pred.dtype, axis=axis
    )
    res = -jnp.sum(target * log_probabilities(y_pred, from_logits, axis), axis)
    if valid is not None:
        res = jnp.where(valid, res, jnp.zeros_like(res))
    return res, valid


@register("losses")
@with_mask(_sparse_categorical_crossentropy_masked)
@loss_function
def sparse_categorical_crossentropy(
    y_true, y_pred, from_logits=False, ignore_class=None, axis=-1
):
    """Crossentropy between integer labels and predictions along `axis`.

    Labels equal to `ignore_class` give a zero loss (and are left out of a
    `SparseCategoricalCrossentropy`'s average).
    """
    res, _ = _sparse_categorical_crossentropy_masked(
        y_true, y_pred, from_logits, ignore_class, axis
    )
    return res


@register("losses")
class BinaryCrossentropy(BuiltinLoss):
    """Crossentropy for binary (0 or 1) labels, averaged over `axis`.

    Args:
        from_logits: whether `y_pred` holds logits (default: probabilities).
        label_smoothing: in `[0, 1]`; labels become
            `y * (1 - label_smoothing) + 0.5 * label_smoothing`.
        axis: the axis to average over (default -1).
        reduction, dtype: see `Loss`; name: default `"binary_crossentropy"`.

    >>> bce = BinaryCrossentropy()
    >>> round(float(bce([[1.0], [0.0]], [[0.9], [0.2]])), 4)
    0.1643
    """

    _config_keys = ("from_logits", "label_smoothing", "axis")

    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="binary_crossentropy",
        dtype=None,
    ):
        super().__init__(
            binary_crossentropy,
            name,
            reduction,
            dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


@register("losses")
class CategoricalCrossentropy(BuiltinLoss):
    """Crossentropy for one-hot labels, over the class axis.

    Args:
        from_logits: whether `y_pred` holds logits (default: probabilities).
        label_smoothing: in `[0, 1]`; labels become
            `y * (1 - label_smoothing) + label_smoothing / num_classes`.
        axis: the class axis (default -1).
        reduction, dtype: see `Loss`; name: default
            `"categorical_crossentropy"`.

    >>> cce = CategoricalCrossentropy()
    >>> round(float(cce([[0.0, 1.0]], [[0.2, 0.8]])), 4)
    0.2231
    """

    _config_keys = ("from_logits", "label_smoothing", "axis")

    def __init__(
        self,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            categorical_crossentropy,
            name,
            reduction,
            dtype,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


@register("losses")
class SparseCategoricalCrossentropy(BuiltinLoss):
    """Crossentropy for integer class labels, over the class axis.

    Args:
        from_logits: whether `y_pred` holds logits (default: probabilities).
        ignore_class: a label value to leave out of the loss (e.g. padding in
            segmentation); default None.
        axis: the class axis of `y_pred` (default -1).
        reduction, dtype: see `Loss`; name: default
            `"sparse_categorical_crossentropy"`.

    >>> scce = SparseCategoricalCrossentropy()
    >>> round(float(scce([1, 2], [[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]])), 3)
    1.177
    """

    _config_keys = ("from_logits", "ignore_class", "axis")

    def __init__(
        self,
        from_logits=False,
        ignore_class=None,
        reduction="sum_over_batch_size",
        axis=-1,
        name="sparse_categorical_crossentropy",
        dtype=None,
    ):
        super().__init__(
            sparse_categorical_crossentropy,
            name,
            reduction,
            dtype,
            from_logits=from_logits,
            ignore_class=ignore_class,
            axis=axis,
        )
