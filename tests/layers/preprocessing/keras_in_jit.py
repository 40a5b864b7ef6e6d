"""Test helper: Keras's image layers as oracles compiled as one program.

Called eagerly, a Keras layer runs each of its ops as its own small XLA
program (a RandomRotation call on boxes compiles ~80 of them); under
`jax.jit` the same ops compile as one. The random draw stays eager (its
seed generator's state moves on outside the trace); what the layer does
with the drawn transformation is traced once. Array entries of the
transformation are traced arguments, the others (ints, floats, strings,
None) stay Python values, as the layer's eager code sees them.
"""

from __future__ import annotations

import jax
import numpy as np


def _split(transformation):
    """`(arrays, others)` of a transformation dict (a non-dict is kept
    whole as a Python value)."""
    if not isinstance(transformation, dict):
        return {}, transformation
    arrays = {k: v for k, v in transformation.items()
              if hasattr(v, "shape") and np.ndim(v) > 0}
    others = {k: v for k, v in transformation.items() if k not in arrays}
    return arrays, others


def _join(arrays, others):
    return {**others, **arrays} if isinstance(others, dict) else others


def keras_call(layer, data, training=True):
    """`layer(data)` of a Keras image layer, its transformation drawn
    eagerly and the rest of its call run under `jax.jit`; numpy leaves."""
    transformation = layer.get_random_transformation(data, training=training)
    arrays, others = _split(transformation)

    def run(data, arrays):
        layer.get_random_transformation = (
            lambda *args, **kwargs: _join(arrays, others))
        try:
            return layer(data, training=training)
        finally:
            del layer.get_random_transformation

    return jax.tree_util.tree_map(np.asarray, jax.jit(run)(data, arrays))


def keras_method(method, value, transformation, **kwargs):
    """`method(value, transformation, **kwargs)` (a Keras layer's
    `transform_*` method) under `jax.jit`; numpy leaves."""
    arrays, others = _split(transformation)
    compiled = jax.jit(
        lambda value, arrays: method(value, _join(arrays, others), **kwargs))
    return jax.tree_util.tree_map(np.asarray, compiled(value, arrays))
