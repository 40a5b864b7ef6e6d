"""Keras 2 backend CTC: `ctc_batch_cost`, `ctc_decode`,
`ctc_label_dense_to_sparse`.

`y_pred` holds softmax probabilities `(batch, time, classes)` and the last
class is the CTC blank, as in Keras 2. Both functions work on
`log(y_pred + epsilon())`.
"""

import jax
import jax.numpy as jnp
import numpy as np

from kerax import ops
from kerax.backend.common import float_tensor, k_op, tensor
from kerax.config import epsilon
from kerax.core.keras_tensor import KerasTensor


def _log_probs(y_pred):
    return jnp.log(float_tensor(y_pred) + epsilon())


def _lengths(x):
    return tensor(x).astype("int32").reshape(-1)


@k_op
def ctc_batch_cost(y_true, y_pred, input_length, label_length):
    """CTC loss per sample, shape `(batch, 1)`.

    `y_true` (batch, max_label_length) labels; `input_length` and
    `label_length` (batch, 1) the valid lengths of `y_pred` and `y_true`.
    """
    y_pred = float_tensor(y_pred)
    blank = y_pred.shape[-1] - 1
    loss = ops.ctc_loss(
        tensor(y_true).astype("int32"), _log_probs(y_pred),
        _lengths(label_length), _lengths(input_length), mask_index=blank,
    )
    return loss[:, None]


def ctc_decode(y_pred, input_length, greedy=True, beam_width=100,
               top_paths=1):
    """Decodes `y_pred`: returns `(decoded, log_prob)`, `decoded` a list
    of `top_paths` int arrays `(batch, length)` padded with -1.

    Greedy: the best class per step, repeats merged, blanks dropped;
    `log_prob` (batch, 1) is minus the sum of the best log-probabilities.
    Beam search (`greedy=False`): the `top_paths` best paths of a beam of
    `beam_width`; `log_prob` (batch, top_paths) their log-probabilities.
    On concrete arrays the padding is trimmed to the longest decoding.
    """
    decoded, log_prob = _ctc_decode(y_pred, input_length, greedy,
                                    beam_width, top_paths)
    paths = [decoded[i] for i in range(int(top_paths))]
    if not isinstance(decoded, (jax.core.Tracer, KerasTensor)):
        paths = [_trim(np.asarray(p)) for p in paths]
    return paths, log_prob


def _trim(path):
    filled = (path != -1).sum(axis=1)
    return path[:, : int(filled.max()) if filled.size else 0]


@k_op
def _ctc_decode(y_pred, input_length, greedy, beam_width, top_paths):
    return ops.ctc_decode(
        _log_probs(y_pred), _lengths(input_length),
        strategy="greedy" if greedy else "beam_search",
        beam_width=int(beam_width), top_paths=int(top_paths),
        mask_index=None,
    )


def ctc_label_dense_to_sparse(labels, label_lengths):
    """Dense `labels` (batch, max_length) with the valid `label_lengths`
    as a sparse `jax.experimental.sparse.BCOO` tensor (concrete inputs
    only: the number of entries must be known)."""
    from jax.experimental import sparse

    labels = np.asarray(labels)
    lengths = np.asarray(label_lengths).reshape(-1)
    rows, cols = np.nonzero(np.arange(labels.shape[1])[None, :]
                            < lengths[:, None])
    indices = np.stack([rows, cols], axis=1).astype("int32")
    return sparse.BCOO((jnp.asarray(labels[rows, cols]),
                        jnp.asarray(indices)), shape=labels.shape)
