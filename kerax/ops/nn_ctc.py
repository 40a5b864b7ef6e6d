"""CTC ops of `kerax.ops.nn`: `ctc_loss` (optax's) and `ctc_decode`
(greedy, or a jitted prefix beam search matching Keras's decoder).

>>> ctc_decode(jnp.zeros((1, 2, 2)).at[:, :, 1].set(1.0), [2])[0].tolist()
[[[1, -1]]]
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp

from kerax.ops.core import _convert
from kerax.ops.eager_jit import eager_jit
from kerax.ops.nn_activations import _float
from kerax.ops.symbolic import symbolic_op


@symbolic_op
@eager_jit
def ctc_loss(target, output, target_length, output_length, mask_index=0):
    """CTC loss per batch entry; `output` holds logits
    `(batch, time, classes)`, `mask_index` is the blank class.

    >>> ctc_loss(jnp.array([[1]]), jnp.zeros((1, 2, 2)), jnp.array([1]),
    ...          jnp.array([2])).shape
    (1,)
    """
    import optax

    target = _convert(target).astype("int32")
    output = _float(output)
    output = output.astype(jnp.promote_types(output.dtype, "float32"))
    target_length = _convert(target_length).astype("int32")
    output_length = _convert(output_length).astype("int32")
    logit_paddings = (
        jnp.arange(output.shape[1])[None, :] >= output_length[:, None]
    ).astype(output.dtype)
    label_paddings = (
        jnp.arange(target.shape[1])[None, :] >= target_length[:, None]
    ).astype(output.dtype)
    return optax.ctc_loss(
        output, logit_paddings, target, label_paddings, blank_id=mask_index
    )


def _pooled_logsumexp(values, groups, size):
    """Log of the summed exponentials of `values` sharing a group id.

    Shifted by the single overall maximum (not one per group), which is
    what Keras's decoder does: groups far below the best underflow to
    `-inf` there too.
    """
    top = jnp.max(values)
    total = jnp.zeros(size, values.dtype).at[groups].add(
        jnp.exp(values - top)
    )
    return jnp.log(total) + top


def _distinct_rows(paths, symbols):
    """Distinct rows of `paths` (entries in `[-1, symbols - 1]`), sorted
    lexicographically with -1 lowest and padded with -1 rows to the input
    length, and each input row's index among them.

    Rows are packed into a few uint32 words first, so the sort compares a
    handful of keys rather than one per column.
    """
    count, length = paths.shape
    bits = max(1, int(symbols).bit_length())
    per_word = 32 // bits
    words = -(-length // per_word)
    digits = jnp.pad(paths + 1, ((0, 0), (0, words * per_word - length)))
    digits = digits.reshape(count, words, per_word).astype(jnp.uint32)
    shifts = jnp.arange(per_word - 1, -1, -1, dtype=jnp.uint32) * bits
    packed = jnp.sum(digits << shifts, axis=-1, dtype=jnp.uint32)
    *keys, order = jax.lax.sort(
        (*packed.T, jnp.arange(count)), num_keys=words
    )
    starts = jnp.zeros(count, bool).at[0].set(True)
    for key in keys:
        starts = starts.at[1:].max(key[1:] != key[:-1])
    group = jnp.cumsum(starts) - 1
    index = jnp.zeros(count, group.dtype).at[order].set(group)
    rows = jnp.full_like(paths, -1).at[group].set(paths[order])
    return rows, index


@functools.partial(jax.jit, static_argnums=(2, 3, 4))
def _ctc_beam_search(log_probs, lengths, beam_width, top_paths, blank):
    """Prefix beam search over `(batch, time, classes)` log-probabilities.

    Each beam prefix is held twice, once with the probability of ending on
    a label and once ending on a blank (`2 * beam_width` slots). Prefixes
    are stored as sort keys (class `c` as `classes - 1 - c`, -1 for the
    empty tail) so that `_distinct_rows` orders them the way Keras's
    decoder does; ties between equal scores then resolve the same way.
    """
    _, steps, classes = log_probs.shape
    slots = 2 * beam_width
    pool = slots * classes
    neg_inf = jnp.asarray(-jnp.inf, log_probs.dtype)
    keys = jnp.arange(classes)
    blank_key = classes - 1 - blank
    # by_key[..., k] is the log-probability of class `classes - 1 - k`.
    by_key = jnp.flip(log_probs, axis=-1)
    positions = jnp.arange(steps)

    def start(first):
        # Keras seeds the beam with the best min(classes, beam_width)
        # classes of the first step (`first` in class order); top_k breaks
        # ties towards the lower class index, as Keras does.
        count = min(classes, beam_width)
        best, chosen = jax.lax.top_k(first, count)
        chosen = classes - 1 - chosen
        label = jnp.where(chosen == blank_key, -1, chosen)
        paths = jnp.full((slots, steps), -1, jnp.int32)
        paths = paths.at[:count, 0].set(label)
        scores = jnp.full((slots,), neg_inf).at[:count].set(best)
        return paths, scores, paths[:, 0] == -1

    def merge(paths, scores, ends_blank):
        unique, inverse = _distinct_rows(paths, classes + 1)
        on_label = _pooled_logsumexp(
            jnp.where(ends_blank, neg_inf, scores), inverse, pool
        )
        on_blank = _pooled_logsumexp(
            jnp.where(ends_blank, scores, neg_inf), inverse, pool
        )
        return unique, on_label, on_blank

    def advance(paths, scores, ends_blank, step_scores):
        used = jnp.sum(paths >= 0, axis=1)
        tail = jnp.take_along_axis(
            paths, jnp.maximum(used - 1, 0)[:, None], axis=1
        )[:, 0]
        tail = jnp.where(used > 0, tail, -1)
        is_blank = keys == blank_key
        # A label equal to the tail, not separated by a blank, collapses.
        repeats = (~ends_blank)[:, None] & (tail[:, None] == keys[None, :])
        grows = ~is_blank[None, :] & ~repeats
        write = grows[:, :, None] & (
            positions[None, None, :] == used[:, None, None]
        )
        grown = jnp.where(write, keys[None, :, None], paths[:, None, :])
        grown = grown.reshape(pool, steps)
        grown_scores = (scores[:, None] + step_scores[None, :]).reshape(pool)
        grown_blank = jnp.broadcast_to(is_blank, (slots, classes))
        unique, on_label, on_blank = merge(
            grown, grown_scores, grown_blank.reshape(pool)
        )
        total = jnp.logaddexp(on_label, on_blank)
        kept = jnp.argsort(total, stable=True)[pool - beam_width:]
        paths = jnp.concatenate([unique[kept], unique[kept]])
        scores = jnp.concatenate([on_label[kept], on_blank[kept]])
        ends_blank = jnp.arange(slots) >= beam_width
        return paths, scores, ends_blank

    def decode_one(sequence, length):
        state = start(jnp.flip(sequence[0]))

        def step(state, inputs):
            step_scores, active = inputs
            moved = advance(*state, step_scores)
            state = tuple(
                jnp.where(active, new, old) for new, old in zip(moved, state)
            )
            return state, None

        (paths, scores, _), _ = jax.lax.scan(
            step, state, (sequence[1:], positions[1:] < length)
        )
        unique, inverse = _distinct_rows(paths, classes + 1)
        scores = _pooled_logsumexp(scores, inverse, slots)
        best = jnp.argsort(scores, stable=True)[
            max(slots - top_paths, 0):
        ][::-1]
        return unique[best], scores[best]

    paths, scores = jax.vmap(decode_one)(by_key, lengths)
    paths = jnp.where(paths < 0, -1, classes - 1 - paths)
    return jnp.transpose(paths, (1, 0, 2)), scores


@symbolic_op
@eager_jit
def ctc_decode(
    inputs,
    sequence_lengths,
    strategy="greedy",
    beam_width=100,
    top_paths=1,
    merge_repeated=True,
    mask_index=0,
):
    """Decodes CTC outputs `(batch, time, classes)`; `mask_index` is the
    blank class (`None`: the last class).

    `strategy="greedy"` takes the best class per step: `decoded` has shape
    `(1, batch, time)`, padded with -1, and the scores are the negative sum
    of the best per-step values. `strategy="beam_search"` runs a prefix
    beam search over `log_softmax(inputs)` keeping `beam_width` prefixes:
    `decoded` has shape `(top_paths, batch, time)` and the scores are the
    paths' log-probabilities, best first. As in Keras's JAX backend, beam
    search always merges repeated labels (`merge_repeated` is ignored).

    >>> ctc_decode(jnp.zeros((1, 3, 2)).at[:, :, 1].set(1.0), [3])[0].tolist()
    [[[1, -1, -1]]]
    """
    if strategy not in ("greedy", "beam_search"):
        raise ValueError(
            f"Invalid strategy {strategy}. Supported values are 'greedy' "
            "and 'beam_search'."
        )
    inputs = _float(inputs)
    inputs = inputs.astype(jnp.promote_types(inputs.dtype, "float32"))
    lengths = _convert(sequence_lengths).astype("int32")
    _, steps, classes = inputs.shape
    blank = classes - 1 if mask_index is None else mask_index
    if strategy == "beam_search":
        return _ctc_beam_search(
            jax.nn.log_softmax(inputs, axis=-1), lengths, beam_width,
            top_paths, blank,
        )
    best = jnp.argmax(inputs, axis=-1)
    scores = jnp.max(inputs, axis=-1)
    beyond = jnp.arange(steps)[None, :] >= lengths[:, None]
    best = jnp.where(beyond, blank, best)
    scores = jnp.where(beyond, 0.0, scores)
    if merge_repeated:
        repeated = jnp.pad(best[:, 1:] == best[:, :-1], ((0, 0), (1, 0)))
        best = jnp.where(repeated, blank, best)
    dropped = best == blank
    best = jnp.where(dropped, -1, best)
    order = jnp.where(dropped, steps, jnp.arange(steps)[None, :])
    order = jnp.argsort(order, axis=-1)
    best = jnp.take_along_axis(best, order, axis=-1)
    return best[None].astype("int32"), -jnp.sum(scores, axis=1)[:, None]
