"""Helpers shared by the attention layers (private).

- `build_sublayer`: builds a sublayer inside the owner's name scope, so
  its weights get Keras's paths (`multi_head_attention/query/kernel`).
- `causal_mask`, `sliding_window_mask`, `merge_attention_mask`: the
  boolean `(batch, T, S)` masks of `MultiHeadAttention` and
  `GroupedQueryAttention` (True = may attend).
- `projection_equation`, `attention_equations`: the einsum equations of
  the projections and of the attention over arbitrary `attention_axes`.

>>> projection_equation(2, bound_dims=1, output_dims=2)
('abc,cde->abde', 'de', 4)
>>> attention_equations(4, (1,))
('aecd,abcd->acbe', 'acbe,aecd->abcd', 4)
"""

import string

from kerax import ops
from kerax.layers.call_context import name_scope, name_scope_path


def build_sublayer(layer, input_shape):
    """Builds `layer` with `input_shape` under the current name scope."""
    layer._path = name_scope_path(layer.name)
    with name_scope(layer.name):
        layer.build(input_shape)
    layer.built = True
    layer._build_shapes_dict = {"input_shape": input_shape}


def causal_mask(query, value):
    """`(1, T, S)` lower-triangular mask: query step i sees keys j <= i."""
    t, s = query.shape[1], value.shape[1]
    rows = ops.reshape(ops.arange(t, dtype="int32"), (1, t, 1))
    cols = ops.reshape(ops.arange(s, dtype="int32"), (1, 1, s))
    return ops.greater_equal(rows, cols)


def sliding_window_mask(query, value, window):
    """`(1, T, S)` band mask: `|i - j| < window`."""
    t, s = query.shape[1], value.shape[1]
    rows = ops.reshape(ops.arange(t, dtype="int32"), (1, t, 1))
    cols = ops.reshape(ops.arange(s, dtype="int32"), (1, 1, s))
    return ops.less(ops.abs(rows - cols), window)


def resolve_call_masks(query, value, query_mask, value_mask, key_mask,
                       attention_mask, use_causal_mask, sliding_window):
    """`(attention_mask, causal_only)` for an attention layer's call.

    A causal mask alone is left to the attention op (`causal_only`);
    otherwise every mask is merged into one boolean `attention_mask`.
    """
    causal_only = (
        use_causal_mask
        and query_mask is None
        and value_mask is None
        and key_mask is None
        and attention_mask is None
        and sliding_window is None
    )
    if not causal_only:
        attention_mask = merge_attention_mask(
            query, value, query_mask, value_mask, key_mask, attention_mask,
            use_causal_mask, sliding_window,
        )
    return attention_mask, causal_only


def merge_attention_mask(
    query,
    value,
    query_mask=None,
    value_mask=None,
    key_mask=None,
    attention_mask=None,
    use_causal_mask=False,
    sliding_window=None,
):
    """ANDs the query mask `(B, T, 1)`, the value and key masks
    `(B, 1, S)`, the causal and sliding-window masks `(1, T, S)` and
    `attention_mask` into one boolean mask (None when there is none)."""
    masks = []
    if query_mask is not None:
        masks.append(ops.expand_dims(ops.cast(query_mask, "bool"), -1))
    for mask in (value_mask, key_mask):
        if mask is not None:
            masks.append(ops.expand_dims(ops.cast(mask, "bool"), -2))
    if use_causal_mask:
        masks.append(causal_mask(query, value))
    if sliding_window is not None:
        masks.append(sliding_window_mask(query, value, sliding_window))
    if attention_mask is not None:
        masks.insert(0, ops.cast(attention_mask, "bool"))
    if not masks:
        return None
    merged = masks[0]
    for mask in masks[1:]:
        merged = ops.logical_and(merged, mask)
    return merged


def _letters(start, count):
    return string.ascii_lowercase[start : start + count]


def projection_equation(free_dims, bound_dims, output_dims):
    """`(equation, bias_axes, output_rank)` of an EinsumDense projection:
    `free_dims` axes pass through, `bound_dims` are contracted with the
    kernel, `output_dims` new axes come from it."""
    free = _letters(0, free_dims)
    bound = _letters(free_dims, bound_dims)
    out = _letters(free_dims + bound_dims, output_dims)
    equation = f"{free}{bound},{bound}{out}->{free}{out}"
    return equation, out, len(free + out)


def attention_equations(rank, attention_axes):
    """`(dot_product_equation, combine_equation, scores_rank)` for
    projected tensors `(batch, <other>, <attention axes>, heads, depth)`
    of rank `rank`, attending over `attention_axes`.

    Scores have shape `(batch, <other>, heads, <query attention axes>,
    <key attention axes>)`.
    """
    target = _letters(0, rank)
    batch_dims = [
        i for i in range(rank) if i not in attention_axes and i != rank - 1
    ]
    source = list(target)
    offset = rank
    for i in range(rank):
        if i not in batch_dims and i != rank - 1:
            source[i] = string.ascii_lowercase[offset]
            offset += 1
    source = "".join(source)
    product = "".join(
        [target[i] for i in batch_dims]
        + [target[i] for i in attention_axes]
        + [source[i] for i in attention_axes]
    )
    dot_product = f"{source},{target}->{product}"
    combine = f"{product},{source}->{target}"
    return dot_product, combine, len(product)
