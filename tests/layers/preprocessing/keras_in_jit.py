"""Test helper: Keras's image layers as oracles compiled as one program.

Called eagerly, a Keras layer runs each of its ops as its own small XLA
program (a RandomRotation call on boxes compiles ~80 of them); under
`jax.jit` the same ops compile as one. The random draw stays eager (its
seed generator's state moves on outside the trace); what the layer does
with the drawn transformation is traced once. Array entries of the
transformation are traced arguments, the others (ints, floats, strings,
None) stay Python values, as the layer's eager code sees them. Only for
layers whose transforms draw nothing and need no concrete values (Keras's
elastic transform needs them; RandAugment's masks differ under jit).
"""

from __future__ import annotations

import jax
import numpy as np


def _is_array(leaf) -> bool:
    return hasattr(leaf, "shape") and np.ndim(leaf) > 0


def _split(transformation):
    """`(arrays, rebuild)`: the array leaves of a transformation (traced
    arguments) and a function that puts them back among its other
    leaves (kept as Python values)."""
    leaves, treedef = jax.tree_util.tree_flatten(
        transformation, is_leaf=lambda leaf: leaf is None)
    arrays = [leaf for leaf in leaves if _is_array(leaf)]

    def rebuild(traced):
        traced = iter(traced)
        return jax.tree_util.tree_unflatten(treedef, [
            next(traced) if _is_array(leaf) else leaf for leaf in leaves])

    return arrays, rebuild


def _assert_no_state_traced(layer):
    """A layer that draws inside its transform (its seed generator's
    state assigned in the trace) cannot be an oracle here."""
    for variable in layer.variables:
        assert not isinstance(variable.value, jax.core.Tracer), (
            f"{layer.name} assigned {variable.path} under jax.jit")


def keras_call(layer, data, training=True):
    """`layer(data)` of a Keras image layer, its transformation drawn
    eagerly and the rest of its call run under `jax.jit`; numpy leaves."""
    transformation = layer.get_random_transformation(data, training=training)
    arrays, rebuild = _split(transformation)

    def run(data, arrays):
        layer.get_random_transformation = (
            lambda *args, **kwargs: rebuild(arrays))
        try:
            return layer(data, training=training)
        finally:
            del layer.get_random_transformation

    out = jax.tree_util.tree_map(np.asarray, jax.jit(run)(data, arrays))
    _assert_no_state_traced(layer)
    return out


def keras_method(method, value, transformation, **kwargs):
    """`method(value, transformation, **kwargs)` (a Keras layer's
    `transform_*` method) under `jax.jit`; numpy leaves."""
    arrays, rebuild = _split(transformation)
    compiled = jax.jit(
        lambda value, arrays: method(value, rebuild(arrays), **kwargs))
    out = jax.tree_util.tree_map(np.asarray, compiled(value, arrays))
    _assert_no_state_traced(method.__self__)
    return out
