"""`dot_product_attention` of `kerax.ops.nn`: XLA einsums, or cuDNN's
fused (flash) kernel on a GPU when the inputs allow it.

>>> q = jnp.ones((1, 2, 1, 4))
>>> dot_product_attention(q, q, q).shape
(1, 2, 1, 4)
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from kerax import config
from kerax.ops.core import _convert
from kerax.ops.eager_jit import eager_jit
from kerax.ops.nn_activations import _float
from kerax.ops.symbolic import symbolic_op


@symbolic_op
@eager_jit
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
