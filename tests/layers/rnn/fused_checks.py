"""Shared check of the fused LSTM/GRU recurrences (test_lstm_scan.py,
test_gru_scan.py): a layer on its fused path against the same layer's
step loop, outputs and gradients."""

import jax
import jax.numpy as jnp
import numpy as np


def layer_grads(layer, x):
    """Output and gradients (weights and input) of `sum(output ** 2)`,
    as one jitted program (one compile instead of one per eager op)."""
    if not layer.built:
        layer.build(x.shape)
    values = [v.value for v in layer.trainable_variables]
    others = [v.value for v in layer.non_trainable_variables]

    def loss(values, x):
        out, _ = layer.stateless_call(values, others, x)
        leaves = jax.tree_util.tree_leaves(out)
        return sum(jnp.sum(leaf ** 2) for leaf in leaves), out

    (_, out), grads = jax.jit(jax.value_and_grad(
        loss, argnums=(0, 1), has_aux=True))(values, x)
    return out, grads


def assert_fused_matches_loop(fused, looped, x):
    """`fused` and `looped` (same weights) agree in outputs and grads."""
    got = jax.tree_util.tree_leaves(layer_grads(fused, x))
    want = jax.tree_util.tree_leaves(layer_grads(looped, x))
    for a, b in zip(got, want, strict=True):
        np.testing.assert_allclose(a, b, atol=2e-5, rtol=1e-5)


def eager_recompiles(layer, x, calls=3):
    """XLA compiles made by `calls - 1` eager calls of `layer` on `x`
    after a first one (JAX's own compile reports)."""
    from compile_cache import count_compiles

    layer(x)
    with count_compiles() as compiles:
        for _ in range(calls - 1):
            layer(x)
    return len(compiles)
