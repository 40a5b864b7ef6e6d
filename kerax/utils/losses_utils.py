"""Keras 2's `keras.utils.losses_utils`: loss reductions and weighting.

>>> float(compute_weighted_loss([1.0, 3.0], sample_weight=[1.0, 0.0]))
0.5
"""

import jax.numpy as jnp


class Reduction:
    """How a loss's per-sample values become the reported loss."""

    NONE = "none"
    SUM = "sum"
    SUM_OVER_BATCH_SIZE = "sum_over_batch_size"
    AUTO = "auto"

    @classmethod
    def all(cls):
        return (cls.AUTO, cls.NONE, cls.SUM, cls.SUM_OVER_BATCH_SIZE)

    @classmethod
    def validate(cls, key):
        if key not in cls.all():
            raise ValueError(
                f"Invalid Reduction key {key!r}; expected one of "
                f"{cls.all()}.")


def reduce_weighted_loss(weighted_losses,
                         reduction=Reduction.SUM_OVER_BATCH_SIZE):
    """Sums (and for `SUM_OVER_BATCH_SIZE`/`AUTO`, averages over the
    number of elements) already weighted losses; `NONE` returns them."""
    Reduction.validate(reduction)
    weighted_losses = jnp.asarray(weighted_losses)
    if reduction == Reduction.NONE:
        return weighted_losses
    total = jnp.sum(weighted_losses)
    if reduction == Reduction.SUM:
        return total
    return total / max(weighted_losses.size, 1)


def compute_weighted_loss(losses, sample_weight=None,
                          reduction=Reduction.SUM_OVER_BATCH_SIZE,
                          name=None):
    """`losses * sample_weight` (broadcast), reduced by `reduction`."""
    losses = jnp.asarray(losses, dtype=jnp.float32)
    if sample_weight is not None:
        weight = jnp.asarray(sample_weight, dtype=losses.dtype)
        while weight.ndim < losses.ndim:
            weight = weight[..., None]
        while weight.ndim > losses.ndim and weight.shape[-1] == 1:
            weight = weight[..., 0]
        losses = losses * weight
    return reduce_weighted_loss(losses, reduction)
