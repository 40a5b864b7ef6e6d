"""Masks attached to tensors (`tensor._keras_mask`), eager and symbolic.

A layer that produces a mask (`Embedding(mask_zero=True)`, `Masking`)
attaches it to its outputs; the next layer reads it from its input. Arrays
and KerasTensors take the attribute directly; JAX tracers (a subclassed
model's `call` under `jax.jit`) cannot, so their masks live in a table
keyed by the tracer's id, dropped when the tracer is garbage collected.

>>> import jax.numpy as jnp
>>> x = jnp.ones((1, 2))
>>> set_keras_mask(x, jnp.array([[True, False]]))
>>> get_keras_mask(x).tolist()
[[True, False]]
"""

from __future__ import annotations

import weakref
from typing import Any

from jax import tree_util

_DETACHED: dict[int, Any] = {}


def get_keras_mask(tensor: Any) -> Any:
    """The mask attached to `tensor`, or None."""
    mask = getattr(tensor, "_keras_mask", None)
    if mask is None and _DETACHED:
        mask = _DETACHED.get(id(tensor))
    return mask


def set_keras_mask(tensor: Any, mask: Any) -> None:
    """Attaches `mask` to `tensor` (None removes it)."""
    try:
        tensor._keras_mask = mask
        return
    except AttributeError:
        pass
    key = id(tensor)
    if mask is None:
        _DETACHED.pop(key, None)
        return
    try:
        weakref.finalize(tensor, _DETACHED.pop, key, None)
    except TypeError:
        return  # Python scalars and the like carry no mask.
    _DETACHED[key] = mask


def input_mask(args: Any) -> Any:
    """The mask of a call's first argument: one mask, a list (one per
    tensor when the argument is a list or tuple), or None when no input
    tensor carries one."""
    if not args:
        return None
    first = args[0]
    leaves = tree_util.tree_leaves(first)
    masks = [get_keras_mask(t) for t in leaves if hasattr(t, "shape")]
    if all(m is None for m in masks):
        return None
    if len(masks) == 1 and not isinstance(first, (list, tuple)):
        return masks[0]
    return masks
