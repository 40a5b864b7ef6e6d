"""Focal crossentropy losses: crossentropy down-weighted on easy examples
by `(1 - p_t) ** gamma` (Lin et al., 2017, https://arxiv.org/abs/1708.02002).

>>> round(float(binary_focal_crossentropy([1.0], [0.9], gamma=2.0)), 5)
0.00105
"""

import jax
import jax.numpy as jnp

from kerax import config
from kerax.core.registry import register
from kerax.losses.crossentropy import (
    check_axis,
    elementwise_binary_crossentropy,
    smooth_labels,
    warn_single_class,
)
from kerax.losses.loss import loss_function, to_array
from kerax.losses.wrapper import BuiltinLoss


@register("losses")
@loss_function
def binary_focal_crossentropy(
    y_true,
    y_pred,
    apply_class_balancing=False,
    alpha=0.25,
    gamma=2.0,
    from_logits=False,
    label_smoothing=0.0,
    axis=-1,
):
    """Binary focal crossentropy, averaged over `axis`.

    `focal = (1 - p_t) ** gamma * bce` with
    `p_t = y * p + (1 - y) * (1 - p)`; with `apply_class_balancing`, positives
    are further weighted by `alpha` and negatives by `1 - alpha`.
    """
    y_pred = to_array(y_pred)
    y_true = to_array(y_true, y_pred.dtype)
    y_true = smooth_labels(y_true, label_smoothing, 2.0)
    if from_logits:
        y_pred = jax.nn.sigmoid(y_pred)
    bce = elementwise_binary_crossentropy(y_true, y_pred, from_logits=False)
    p_t = y_true * y_pred + (1.0 - y_true) * (1.0 - y_pred)
    focal = jnp.power(1.0 - p_t, gamma) * bce
    if apply_class_balancing:
        focal = (y_true * alpha + (1.0 - y_true) * (1.0 - alpha)) * focal
    return jnp.mean(focal, axis=axis)


@register("losses")
@loss_function
def categorical_focal_crossentropy(
    y_true,
    y_pred,
    alpha=0.25,
    gamma=2.0,
    from_logits=False,
    label_smoothing=0.0,
    axis=-1,
):
    """Categorical focal crossentropy over the class `axis`:
    `sum(alpha * (1 - p) ** gamma * -y * log(p))`, `p` renormalised and
    clipped to `[epsilon, 1 - epsilon]`."""
    check_axis(axis)
    y_pred = to_array(y_pred)
    y_true = to_array(y_true, y_pred.dtype)
    warn_single_class("categorical_focal_crossentropy", y_pred)
    y_true = smooth_labels(y_true, label_smoothing, y_true.shape[axis])
    if from_logits:
        y_pred = jax.nn.softmax(y_pred, axis=axis)
    eps = config.epsilon()
    output = y_pred / jnp.sum(y_pred, axis=axis, keepdims=True)
    output = jnp.clip(output, eps, 1.0 - eps)
    cce = -y_true * jnp.log(output)
    focal = alpha * jnp.power(1.0 - output, gamma) * cce
    return jnp.sum(focal, axis=axis)


@register("losses")
class BinaryFocalCrossentropy(BuiltinLoss):
    """Binary crossentropy that focuses on hard examples.

    Args:
        apply_class_balancing: weight positives by `alpha` and negatives by
            `1 - alpha` (default False).
        alpha: the class balancing weight (default 0.25).
        gamma: the focusing parameter (default 2.0; 0 gives plain BCE).
        from_logits, label_smoothing, axis: as for `BinaryCrossentropy`.
        reduction, dtype: see `Loss`; name: default
            `"binary_focal_crossentropy"`.

    >>> loss = BinaryFocalCrossentropy(gamma=2.0)
    >>> round(float(loss([[1.0], [0.0]], [[0.9], [0.2]])), 4)
    0.005
    """

    _config_keys = (
        "from_logits",
        "label_smoothing",
        "axis",
        "apply_class_balancing",
        "alpha",
        "gamma",
    )

    def __init__(
        self,
        apply_class_balancing=False,
        alpha=0.25,
        gamma=2.0,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="binary_focal_crossentropy",
        dtype=None,
    ):
        super().__init__(
            binary_focal_crossentropy,
            name,
            reduction,
            dtype,
            apply_class_balancing=apply_class_balancing,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )


@register("losses")
class CategoricalFocalCrossentropy(BuiltinLoss):
    """Categorical crossentropy that focuses on hard examples.

    Args:
        alpha: weight of every class term (default 0.25).
        gamma: the focusing parameter (default 2.0).
        from_logits, label_smoothing, axis: as for
            `CategoricalCrossentropy`.
        reduction, dtype: see `Loss`; name: default
            `"categorical_focal_crossentropy"`.

    >>> loss = CategoricalFocalCrossentropy()
    >>> round(float(loss([[0.0, 1.0]], [[0.2, 0.8]])), 5)
    0.00223
    """

    _config_keys = ("from_logits", "label_smoothing", "axis", "alpha", "gamma")

    def __init__(
        self,
        alpha=0.25,
        gamma=2.0,
        from_logits=False,
        label_smoothing=0.0,
        axis=-1,
        reduction="sum_over_batch_size",
        name="categorical_focal_crossentropy",
        dtype=None,
    ):
        super().__init__(
            categorical_focal_crossentropy,
            name,
            reduction,
            dtype,
            alpha=alpha,
            gamma=gamma,
            from_logits=from_logits,
            label_smoothing=label_smoothing,
            axis=axis,
        )
