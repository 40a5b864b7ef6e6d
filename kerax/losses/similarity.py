"""Similarity losses: cosine similarity and Circle loss.

>>> cosine_similarity([[0.0, 1.0]], [[0.0, 2.0]]).tolist()
[-1.0]
"""

import jax
import jax.numpy as jnp

from kerax import config
from kerax.core.registry import register
from kerax.losses.loss import (
    loss_function,
    squeeze_or_expand_to_same_rank,
    to_array,
)
from kerax.losses.wrapper import BuiltinLoss, with_mask

_CIRCLE_ARRAYS = ("y_true", "y_pred", "ref_labels", "ref_embeddings")


def l2_normalize(x, axis=-1):
    """`x / norm(x)` along `axis`, the inverse norm capped at
    `1 / epsilon`."""
    if x.ndim == 0:
        x = x[None]
    square_sum = jnp.sum(jnp.square(x), axis=axis, keepdims=True)
    inv_norm = jnp.minimum(jax.lax.rsqrt(square_sum), 1.0 / config.epsilon())
    return x * inv_norm


@register("losses", "cosine_proximity", "cosine")
@loss_function
def cosine_similarity(y_true, y_pred, axis=-1):
    """Negative cosine similarity along `axis` (-1: same direction, 0:
    orthogonal, 1: opposite), so that minimising it aligns the vectors."""
    y_pred = to_array(y_pred)
    y_true = to_array(y_true, y_pred.dtype)
    y_true, y_pred = squeeze_or_expand_to_same_rank(y_true, y_pred)
    y_pred = l2_normalize(y_pred, axis=axis)
    y_true = l2_normalize(y_true, axis=axis)
    return -jnp.sum(y_true * y_pred, axis=axis)


@loss_function(arrays=_CIRCLE_ARRAYS)
def _circle_masked(
    y_true,
    y_pred,
    ref_labels=None,
    ref_embeddings=None,
    remove_diagonal=True,
    gamma=80,
    margin=0.4,
):
    y_pred = to_array(y_pred)
    labels = to_array(y_true).astype("int32").reshape(-1, 1)
    if ref_embeddings is None:
        ref_embeddings = y_pred
    else:
        ref_embeddings = to_array(ref_embeddings)
    if ref_labels is None:
        ref_labels = labels
    else:
        ref_labels = to_array(ref_labels).astype("int32").reshape(-1, 1)
    distances = 1.0 - jnp.matmul(y_pred, ref_embeddings.T)
    distances = jnp.maximum(distances, 0.0)
    positive = labels == ref_labels.T
    negative = ~positive
    if remove_diagonal:
        positive = positive & ~jnp.eye(*positive.shape, dtype=bool)
    dtype = distances.dtype
    pos_weights = jnp.maximum((margin + distances) * positive.astype(dtype), 0)
    neg_weights = jnp.maximum(
        (1.0 + margin - distances) * negative.astype(dtype), 0
    )
    pos_logits = -gamma * pos_weights * (margin - distances)
    neg_logits = gamma * neg_weights * ((1.0 - margin) - distances)
    p_loss = jax.nn.logsumexp(jnp.where(positive, pos_logits, -jnp.inf), 1)
    n_loss = jax.nn.logsumexp(jnp.where(negative, neg_logits, -jnp.inf), 1)
    loss = jax.nn.softplus(p_loss + n_loss)
    return loss, loss > 0


@register("losses")
@with_mask(_circle_masked)
@loss_function(arrays=_CIRCLE_ARRAYS)
def circle(
    y_true,
    y_pred,
    ref_labels=None,
    ref_embeddings=None,
    remove_diagonal=True,
    gamma=80,
    margin=0.4,
):
    """Circle loss (Sun et al., 2020) of L2-normalised embeddings.

    Args:
        y_true: integer labels, `(batch_size,)`.
        y_pred: embeddings, `(batch_size, dim)`, unit norm.
        ref_labels, ref_embeddings: the set to compare with (default: the
            batch itself).
        remove_diagonal: leave self-pairs out of the positives.
        gamma: the scale (default 80); margin: the relaxation (default 0.4).

    A sample with no positive pair gets a zero loss (and is left out of a
    `Circle` loss's average).
    """
    loss, _ = _circle_masked(
        y_true,
        y_pred,
        ref_labels,
        ref_embeddings,
        remove_diagonal,
        gamma,
        margin,
    )
    return loss


@register("losses")
class CosineSimilarity(BuiltinLoss):
    """Negative cosine similarity between labels and predictions.

    Args:
        axis: the axis along which to compute it (default -1).
        reduction, dtype: see `Loss`; name: default `"cosine_similarity"`.

    >>> round(float(CosineSimilarity()([[0.0, 1.0]], [[1.0, 1.0]])), 4)
    -0.7071
    """

    _config_keys = ("axis",)

    def __init__(
        self,
        axis=-1,
        reduction="sum_over_batch_size",
        name="cosine_similarity",
        dtype=None,
    ):
        super().__init__(cosine_similarity, name, reduction, dtype, axis=axis)


@register("losses")
class Circle(BuiltinLoss):
    """Circle loss for metric learning on unit-norm embeddings.

    Args:
        gamma: the scale of the similarity scores (default 80.0).
        margin: the relaxation margin (default 0.4).
        remove_diagonal: leave self-pairs out of the positives (default
            True).
        reduction, dtype: see `Loss`; name: default `"circle"`.

    `y_true` holds integer labels `(batch_size,)`, `y_pred` embeddings
    `(batch_size, dim)`.

    >>> import numpy as np
    >>> emb = np.array([[1.0, 0.0], [0.6, 0.8], [0.0, 1.0], [0.8, 0.6]])
    >>> round(float(Circle()([0, 0, 1, 1], emb)), 3)
    49.664
    """

    _config_keys = ("gamma", "margin", "remove_diagonal")

    def __init__(
        self,
        gamma=80.0,
        margin=0.4,
        remove_diagonal=True,
        reduction="sum_over_batch_size",
        name="circle",
        dtype=None,
    ):
        super().__init__(
            circle,
            name,
            reduction,
            dtype,
            gamma=gamma,
            margin=margin,
            remove_diagonal=remove_diagonal,
        )
