"""kerax.remat / RematScope: same gradients, fewer values kept for the
backward pass.

Memory is measured as the bytes of the residuals `jax.vjp` keeps between
the forward and the backward pass (what peak training memory holds on
top of the weights). XLA:CPU's compiled `memory_analysis()` cannot show
the saving: its pipeline drops the rematerialization barriers and merges
the recomputation back into the forward pass (same dot count either way),
so on CPU remat changes nothing after compilation.
"""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import kerax


class Block(kerax.layers.Layer):
    """Expands to 256 units and back: large intermediates, small output."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.up = kerax.layers.Dense(256, activation="tanh")
        self.down = kerax.layers.Dense(8)

    def call(self, x):
        return self.down(self.up(x))


X = np.random.default_rng(0).random((32, 8)).astype("float32")


def build(scope):
    kerax.utils.set_random_seed(0)
    with scope:
        return kerax.Sequential(
            [kerax.Input((8,))] + [Block(name=f"block{i}") for i in range(3)]
        )


def grads_and_residual_bytes(model):
    def loss(values):
        y, _ = model.stateless_call(values, [], X, training=True)
        return jnp.sum(y ** 2)

    values = [v.value for v in model.trainable_variables]
    _, vjp = jax.vjp(loss, values)
    kept = sum(leaf.nbytes for leaf in jax.tree_util.tree_leaves(vjp)
               if hasattr(leaf, "nbytes"))
    return vjp(jnp.float32(1.0))[0], kept


@pytest.fixture(scope="module")
def baseline():
    return grads_and_residual_bytes(build(kerax.RematScope(None)))


@pytest.mark.parametrize("scope, saves", [
    (kerax.RematScope("full"), True),
    (kerax.RematScope("list_of_layers", layer_names=["block0", "block2"]),
     True),
    (kerax.RematScope("larger_than", output_size_threshold=1000), True),
    (kerax.RematScope("larger_than", output_size_threshold=10**9), False),
    (kerax.RematScope("activations"), False),
], ids=["full", "list", "larger", "larger_none", "activations"])
def test_same_gradients_less_kept(baseline, scope, saves):
    base_grads, base_kept = baseline
    grads, kept = grads_and_residual_bytes(build(scope))
    for a, b in zip(grads, base_grads):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b),
                                   rtol=1e-5, atol=1e-6)
    if saves:
        assert kept < 0.7 * base_kept, (kept, base_kept)
    else:
        assert kept == base_kept


def test_remat_function_keeps_only_inputs():
    w = jnp.full((8, 512), 0.01)

    def f(x, w, training=False):
        h = jnp.tanh(x @ w)
        return jnp.sum(jnp.tanh(h @ w.T)) * (2.0 if training else 1.0)

    x = jnp.ones((16, 8))
    plain = jax.grad(f, argnums=1)(x, w, training=True)
    rem = jax.grad(kerax.remat(f), argnums=1)(x, w, training=True)
    np.testing.assert_allclose(np.asarray(rem), np.asarray(plain), rtol=1e-6)
    _, vjp_plain = jax.vjp(lambda w: f(x, w), w)
    _, vjp_rem = jax.vjp(lambda w: kerax.remat(f)(x, w), w)

    def kept(v):
        return sum(a.nbytes for a in jax.tree_util.tree_leaves(v))

    assert kept(vjp_rem) < kept(vjp_plain) / 2


def test_stateful_layers_under_full_remat():
    """Dropout's seed and BatchNormalization's statistics are written
    inside the checkpoint: they come out of the traced step as values."""
    kerax.utils.set_random_seed(1)
    with kerax.RematScope("full"):
        model = kerax.Sequential([
            kerax.Input((4,)), kerax.layers.Dense(8),
            kerax.layers.Dropout(0.5), kerax.layers.BatchNormalization(),
            kerax.layers.Dense(1),
        ])
    trainable = [v.value for v in model.trainable_variables]
    non_trainable = [v.value for v in model.non_trainable_variables]
    x = np.random.default_rng(0).random((16, 4)).astype("float32")

    @jax.jit
    def step(trainable, non_trainable):
        def loss(trainable):
            y, new = model.stateless_call(trainable, non_trainable, x,
                                          training=True)
            return jnp.sum(y ** 2), new
        return jax.grad(loss, has_aux=True)(trainable)

    grads, new_state = step(trainable, non_trainable)
    assert all(np.all(np.isfinite(np.asarray(g))) for g in grads)
    changed = [not np.array_equal(np.asarray(a), np.asarray(b))
               for a, b in zip(non_trainable, new_state)]
    assert sum(changed) >= 3  # moving mean, moving variance, seed state
    kerax.testing.assert_concrete_state(model)
    y1 = model(x, training=True)
    y2 = model(x, training=True)
    assert not np.allclose(np.asarray(y1), np.asarray(y2))  # new dropout


def test_scope_nesting_and_errors():
    assert kerax.core.remat.get_current_remat_mode() is None
    with kerax.RematScope("full"):
        with kerax.RematScope("list_of_layers", layer_names=["a"]) as inner:
            mode = kerax.core.remat.get_current_remat_mode()
            assert mode.mode == "list_of_layers" and mode.layer_names == ["a"]
            assert inner.output_size_threshold == 1024
        assert kerax.core.remat.get_current_remat_mode().mode == "full"
    assert kerax.core.remat.get_current_remat_mode() is None
    with pytest.raises(ValueError, match="mode"):
        kerax.RematScope("everything")


def test_signature_matches_keras(keras):
    import inspect

    assert str(inspect.signature(kerax.RematScope)) == str(
        inspect.signature(keras.RematScope))
    assert list(inspect.signature(kerax.remat).parameters) == ["f"]


def test_losses_added_inside_reach_the_step():
    class Penalized(kerax.layers.Layer):
        def call(self, x):
            self.add_loss(kerax.ops.sum(x))
            return x * 2.0

    with kerax.RematScope("full"):
        layer = Penalized()
    x = jnp.ones((2, 3))
    y, _, losses = layer.stateless_call([], [], x, return_losses=True)
    np.testing.assert_allclose(np.asarray(y), 2.0)
    assert len(losses) == 1 and float(losses[0]) == 6.0
    grad = jax.grad(lambda x: sum(layer.stateless_call(
        [], [], x, return_losses=True)[2]))(x)
    np.testing.assert_allclose(np.asarray(grad), 1.0)
