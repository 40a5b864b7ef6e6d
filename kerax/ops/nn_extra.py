"""Encoding, normalization, losses and attention ops (`keras.ops.nn`).

Statistics of float16/bfloat16 inputs are computed in float32 and cast
back, as Keras does.

>>> one_hot(jnp.array([0, 2]), 3).tolist()
[[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
"""

from __future__ import annotations

import functools

import jax
import jax.numpy as jnp

from kerax import config
from kerax.core.dtypes import standardize_dtype
from kerax.ops.core import _convert
from kerax.ops.symbolic import symbolic_op

_HALF = ("float16", "bfloat16")


def _float(x):
    x = _convert(x)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        x = x.astype(config.floatx())
    return x


def _axes(axis):
    return tuple(axis) if isinstance(axis, (list, tuple)) else axis


@symbolic_op
def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """One-hot encodes integer `x` (negative values give all zeros).

    >>> one_hot([1], 2).tolist()
    [[0.0, 1.0]]
    """
    if sparse:
        raise ValueError("kerax does not support sparse tensors.")
    dtype = standardize_dtype(dtype)
    return jax.nn.one_hot(_convert(x), num_classes, axis=axis, dtype=dtype)


@symbolic_op
def multi_hot(
    inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs
):
    """Multi-hot encodes integer `inputs` (one row per batch entry for
    2D inputs).

    >>> multi_hot([[0, 2]], 3).tolist()
    [[1.0, 0.0, 1.0]]
    """
    if num_classes is None:
        num_classes = kwargs.pop("num_tokens", None)
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
    if num_classes is None:
        raise ValueError("Argument `num_classes` must be specified.")
    if sparse:
        raise ValueError("kerax does not support sparse tensors.")
    x = _convert(inputs).astype("int32")
    reduce_axis = 1 if x.ndim > 1 else 0
    encoded = jax.nn.one_hot(
        x, num_classes, axis=axis, dtype=standardize_dtype(dtype)
    )
    return jnp.max(encoded, axis=reduce_axis)


@symbolic_op
def moments(x, axes, keepdims=False, synchronized=False):
    """Mean and variance of `x` over `axes`.

    >>> [m.tolist() for m in moments([1.0, 3.0], axes=0)]
    [2.0, 1.0]
    """
    if synchronized:
        raise NotImplementedError(
            "Argument synchronized=True is not supported with JAX."
        )
    x = _float(x)
    axes = _axes(axes)
    original = standardize_dtype(x.dtype)
    if original in _HALF:
        x = x.astype("float32")
    mean = jnp.mean(x, axis=axes, keepdims=keepdims)
    variance = jnp.var(x, axis=axes, keepdims=keepdims)
    if original in _HALF:
        limit = float(jnp.finfo(jnp.float16).max)
        mean = jnp.clip(mean, -limit, limit).astype(original)
        variance = jnp.clip(variance, -limit, limit).astype(original)
    return mean, variance


@symbolic_op
def batch_normalization(
    x, mean, variance, axis, offset=None, scale=None, epsilon=1e-3
):
    """`(x - mean) / sqrt(variance + epsilon) * scale + offset`, the
    statistics being 1D along `axis`.

    >>> batch_normalization([[1.0, 2.0]], [1.0, 2.0], [1.0, 1.0], axis=1,
    ...                     epsilon=0.0).tolist()
    [[0.0, 0.0]]
    """
    x = _float(x)
    shape = [1] * x.ndim
    mean = _convert(mean)
    shape[axis] = mean.shape[0]
    inv = jax.lax.rsqrt(_convert(variance).reshape(shape) + epsilon)
    if scale is not None:
        inv = inv * _convert(scale).reshape(shape)
    shift = -mean.reshape(shape) * inv
    if offset is not None:
        shift = shift + _convert(offset).reshape(shape)
    return x * inv + shift


def _broadcast_param(param, x, axes):
    if param is None:
        return None
    param = _convert(param).astype(x.dtype)
    if param.ndim != x.ndim and list(axes) != [x.ndim - 1]:
        shape = [1] * x.ndim
        for a in axes:
            shape[a] = x.shape[a]
        param = param.reshape(shape)
    return param


@symbolic_op
def layer_normalization(
    x, gamma=None, beta=None, axis=-1, epsilon=None, **kwargs
):
    """Normalizes `x` to zero mean and unit variance over `axis`, then
    scales by `gamma` and shifts by `beta`.

    >>> layer_normalization(jnp.array([1.0, 3.0])).round(3).tolist()
    [-1.0, 1.0]
    """
    rms_scaling = kwargs.pop("rms_scaling", False)
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
    epsilon = config.epsilon() if epsilon is None else epsilon
    x = _float(x)
    original = x.dtype
    x = x.astype(jnp.promote_types(original, "float32"))
    axes = [axis] if isinstance(axis, int) else list(axis)
    axes = sorted(a % x.ndim for a in axes)
    gamma = _broadcast_param(gamma, x, axes)
    beta = _broadcast_param(beta, x, axes)
    if rms_scaling:
        inv = jax.lax.rsqrt(jnp.var(x, axis=axes, keepdims=True) + epsilon)
        out = x * inv
        if gamma is not None:
            out = out * gamma
        return out.astype(original)
    mean = jnp.mean(x, axis=axes, keepdims=True)
    variance = jnp.var(x, axis=axes, keepdims=True)
    inv = jax.lax.rsqrt(variance + epsilon)
    if gamma is not None:
        inv = inv * gamma
    shift = -mean * inv
    if beta is not None:
        shift = shift + beta
    return (x * inv + shift).astype(original)


@symbolic_op
def rms_normalization(x, scale=None, axis=-1, epsilon=None):
    """`x * rsqrt(mean(x^2) + epsilon) * scale` over `axis`.

    >>> out = rms_normalization(jnp.array([3.0, 4.0]), epsilon=0.0)
    >>> [round(float(v), 3) for v in out]
    [0.849, 1.131]
    """
    epsilon = config.epsilon() if epsilon is None else epsilon
    x = _float(x)
    original = x.dtype
    x = x.astype(jnp.promote_types(original, "float32"))
    if x.ndim == 0:
        x = x[None]
    axis = tuple(sorted(axis)) if isinstance(axis, (list, tuple)) else axis
    inv = jax.lax.rsqrt(
        jnp.mean(jnp.square(x), axis=axis, keepdims=True) + epsilon
    )
    out = x * inv
    if scale is not None:
        out = out * _convert(scale).astype(x.dtype)
    return out.astype(original)


@symbolic_op
def normalize(x, axis=-1, order=2, epsilon=None):
    """`x / max(norm(x, order), epsilon)` along `axis`.

    >>> normalize(jnp.array([3.0, 4.0])).tolist()
    [0.6000000238418579, 0.800000011920929]
    """
    if not isinstance(order, int) or order < 1:
        raise ValueError(
            f"Argument `order` must be an int >= 1. Received: order={order}"
        )
    epsilon = config.epsilon() if epsilon is None else epsilon
    x = _float(x)
    if x.ndim == 0:
        x = x[None]
    axis = _axes(axis)
    if order == 2:
        inv = jax.lax.rsqrt(jnp.sum(jnp.square(x), axis=axis, keepdims=True))
        return x * jnp.minimum(inv, 1.0 / epsilon)
    norm = jnp.linalg.norm(x, ord=order, axis=axis, keepdims=True)
    return x / jnp.maximum(norm, epsilon)


# ------------------------------------------------------------------ losses
def _check_same_shape(target, output):
    if target.shape != output.shape:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape. "
            f"Received: target.shape={target.shape}, "
            f"output.shape={output.shape}"
        )


@symbolic_op
def binary_crossentropy(target, output, from_logits=False):
    """Element-wise binary cross-entropy; probabilities are clipped to
    `[epsilon, 1 - epsilon]`.

    >>> round(float(binary_crossentropy([1.0], [0.5])[0]), 4)
    0.6931
    """
    target, output = _float(target), _float(output)
    _check_same_shape(target, output)
    if from_logits:
        return -target * jax.nn.log_sigmoid(output) - (
            1.0 - target
        ) * jax.nn.log_sigmoid(-output)
    eps = config.epsilon()
    output = jnp.clip(output, eps, 1.0 - eps)
    return -(target * jnp.log(output) + (1.0 - target) * jnp.log(1 - output))


def _log_probs(output, from_logits, axis):
    if from_logits:
        return jax.nn.log_softmax(output, axis=axis)
    output = output / jnp.sum(output, axis=axis, keepdims=True)
    eps = config.epsilon()
    return jnp.log(jnp.clip(output, eps, 1.0 - eps))


@symbolic_op
def categorical_crossentropy(target, output, from_logits=False, axis=-1):
    """Cross-entropy between one-hot `target` and `output` along `axis`.

    >>> round(float(categorical_crossentropy([[0.0, 1.0]], [[0.5, 0.5]])[0]), 4)
    0.6931
    """
    target, output = _float(target), _float(output)
    _check_same_shape(target, output)
    if target.ndim < 1:
        raise ValueError(
            "Arguments `target` and `output` must be at least rank 1. "
            f"Received: target.shape={target.shape}"
        )
    return -jnp.sum(target * _log_probs(output, from_logits, axis), axis=axis)


@symbolic_op
def sparse_categorical_crossentropy(
    target, output, from_logits=False, axis=-1
):
    """Cross-entropy between integer `target` and `output` along `axis`.

    >>> round(float(sparse_categorical_crossentropy([1], [[0.5, 0.5]])[0]),
    ...       4)
    0.6931
    """
    target = _convert(target).astype("int32")
    output = _float(output)
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = jnp.squeeze(target, axis=-1)
    if output.ndim < 1 or target.shape != output.shape[:-1]:
        raise ValueError(
            "Arguments `target` and `output` must have the same shape up "
            f"until the last dimension: target.shape={target.shape}, "
            f"output.shape={output.shape}"
        )
    log_probs = _log_probs(output, from_logits, axis)
    encoded = jax.nn.one_hot(target, output.shape[axis], axis=axis,
                             dtype=output.dtype)
    return -jnp.sum(encoded * log_probs, axis=axis)


@symbolic_op
def psnr(x1, x2, max_val):
    """Peak signal-to-noise ratio, in dB.

    >>> round(float(psnr(jnp.zeros(2), jnp.full(2, 0.1), 1.0)), 3)
    20.0
    """
    x1, x2 = _float(x1), _float(x2)
    if x1.shape != x2.shape:
        raise ValueError(
            f"Input shapes {x1.shape} and {x2.shape} must match for PSNR "
            "calculation."
        )
    max_val = jnp.asarray(max_val, x2.dtype)
    mse = jnp.mean(jnp.square(x1 - x2))
    return 20 * jnp.log10(max_val) - 10 * jnp.log10(mse)


@symbolic_op
def polar(abs_, angle):
    """Complex numbers from magnitudes and angles.

    >>> polar(jnp.array([1.0]), jnp.array([0.0])).tolist()
    [(1+0j)]
    """
    abs_, angle = _float(abs_), _float(angle)
    return jax.lax.complex(abs_ * jnp.cos(angle), abs_ * jnp.sin(angle))


# --------------------------------------------------------------- attention
@symbolic_op
def dot_product_attention(
    query,
    key,
    value,
    bias=None,
    mask=None,
    scale=None,
    is_causal=False,
    flash_attention=None,
    attn_logits_soft_cap=None,
):
    """Scaled dot-product attention on `(batch, time, heads, depth)`
    tensors; `mask` (True = attend) and `bias` broadcast to
    `(batch, heads, query_time, key_time)`.

    >>> q = jnp.ones((1, 2, 1, 4))
    >>> dot_product_attention(q, q, q).shape
    (1, 2, 1, 4)
    """
    query, key, value = _float(query), _float(key), _float(value)
    if query.ndim != 4 or key.ndim != 4 or value.ndim != 4:
        raise ValueError(
            "`dot_product_attention` only supports 4D inputs. Received: "
            f"query.shape={query.shape}, key.shape={key.shape}, "
            f"value.shape={value.shape}."
        )
    if flash_attention is None:
        from kerax import config

        flash_attention = config.is_flash_attention_enabled() is not False
        use_flash = flash_attention and not _flash_blocker(
            query, key, value, attn_logits_soft_cap)
    else:
        use_flash = bool(flash_attention)
        reason = use_flash and _flash_blocker(
            query, key, value, attn_logits_soft_cap)
        if reason:
            raise ValueError(
                "dot_product_attention: flash_attention=True needs cuDNN's "
                f"fused kernel, which does not apply here: {reason}."
            )
    if use_flash:
        return jax.nn.dot_product_attention(
            query, key.astype(query.dtype), value.astype(query.dtype),
            bias=None if bias is None else _convert(bias).astype(query.dtype),
            mask=None if mask is None else _convert(mask).astype(bool),
            scale=scale, is_causal=is_causal, implementation="cudnn",
        )
    dtype = jnp.result_type(query.dtype, key.dtype, value.dtype)
    query, key, value = (t.astype(dtype) for t in (query, key, value))
    if scale is None:
        scale = 1.0 / float(query.shape[-1]) ** 0.5
    # Grouped-query attention: repeat key/value heads to match the query.
    if key.shape[2] != query.shape[2]:
        repeats = query.shape[2] // key.shape[2]
        key = jnp.repeat(key, repeats, axis=2)
        value = jnp.repeat(value, repeats, axis=2)
    logits_dtype = jnp.promote_types(dtype, jnp.float32)
    logits = jnp.einsum(
        "btnh,bsnh->bnts", query, key, preferred_element_type=logits_dtype
    )
    logits = logits * jnp.asarray(scale, logits_dtype)
    if attn_logits_soft_cap is not None:
        cap = attn_logits_soft_cap
        logits = jnp.tanh(logits / cap) * cap
    if bias is not None:
        logits = logits + _convert(bias).astype(logits_dtype)
    keep = None
    if mask is not None:
        keep = _convert(mask).astype(bool)
    if is_causal:
        t, s = logits.shape[-2], logits.shape[-1]
        causal = jnp.tril(jnp.ones((t, s), dtype=bool))
        keep = causal if keep is None else jnp.logical_and(keep, causal)
    if keep is not None:
        floor = jnp.asarray(-0.7 * jnp.finfo(logits.dtype).max, logits_dtype)
        logits = jnp.where(keep, logits, floor)
    probs = jax.nn.softmax(logits.astype(jnp.float32), axis=-1).astype(dtype)
    return jnp.einsum("bnts,bsnh->btnh", probs, value)


def _flash_blocker(query, key, value, soft_cap):
    """Why cuDNN's flash attention cannot run on these inputs ("" if it
    can): it needs a GPU, float16/bfloat16, equal head counts and depths
    that are multiples of 8 up to 128."""
    if jax.devices()[0].platform != "gpu":
        return "no GPU is in use"
    if query.dtype not in (jnp.float16, jnp.bfloat16):
        return f"the inputs are {query.dtype}, not float16 or bfloat16"
    if key.dtype != query.dtype or value.dtype != query.dtype:
        return "query, key and value have different dtypes"
    depth = query.shape[-1]
    if depth % 8 or depth > 128 or value.shape[-1] != depth:
        return f"the head depth {depth} is not a multiple of 8 up to 128"
    if key.shape[2] != query.shape[2]:
        return "key and query have different head counts"
    if soft_cap is not None:
        return "attn_logits_soft_cap is set"
    return ""


# --------------------------------------------------------------------- CTC
@symbolic_op
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
