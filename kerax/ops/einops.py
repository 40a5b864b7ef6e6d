"""`rearrange`: einops-style axis reshuffling (`keras.ops.rearrange`).

Supports named axes and parenthesized groups on both sides, e.g.
`"b (h w) c -> b h w c"` with `h=...` given.

>>> rearrange(jnp.zeros((2, 6, 3)), "b (h w) c -> b c h w", h=2).shape
(2, 3, 2, 3)
"""

from __future__ import annotations

import math
import re

import jax.numpy as jnp

from kerax.ops.core import _convert
from kerax.ops.symbolic import symbolic_op

_TOKEN = re.compile(r"\(([^()]*)\)|(\S+)")


def _parse(side):
    """`"b (h w) c"` -> `[["b"], ["h", "w"], ["c"]]`."""
    groups = []
    for match in _TOKEN.finditer(side):
        if match.group(1) is not None:
            groups.append(match.group(1).split())
        else:
            groups.append([match.group(2)])
    return groups


@symbolic_op
def rearrange(tensor, pattern, **axes_lengths):
    """Reorders, splits and merges axes following an einops `pattern`.

    >>> rearrange(jnp.zeros((2, 3)), "a b -> b a").shape
    (3, 2)
    """
    x = _convert(tensor)
    if "->" not in pattern:
        raise ValueError(
            f"`pattern` must contain '->'. Received: pattern={pattern}"
        )
    left, right = (_parse(side) for side in pattern.split("->"))
    if len(left) != x.ndim:
        raise ValueError(
            f"The pattern's input side has {len(left)} axes but the tensor "
            f"has shape {x.shape}. Received: pattern={pattern}"
        )
    sizes = dict(axes_lengths)
    for group, dim in zip(left, x.shape):
        unknown = [a for a in group if a not in sizes]
        known = math.prod(sizes[a] for a in group if a in sizes)
        if len(unknown) > 1:
            raise ValueError(
                f"Cannot infer the sizes of {unknown} in {pattern}: pass "
                "all but one of them as keyword arguments."
            )
        if unknown:
            sizes[unknown[0]] = dim // known
        elif known != dim:
            raise ValueError(
                f"Axis group {group} of {pattern} has size {known} but the "
                f"tensor's axis has size {dim}."
            )
    elementary = [a for group in left for a in group]
    output_axes = [a for group in right for a in group]
    if sorted(elementary) != sorted(output_axes):
        raise ValueError(
            f"Both sides of {pattern} must name the same axes."
        )
    x = x.reshape([sizes[a] for a in elementary])
    x = jnp.transpose(x, [elementary.index(a) for a in output_axes])
    return x.reshape([math.prod(sizes[a] for a in g) for g in right])
