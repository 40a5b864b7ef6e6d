"""The fused GRU recurrence (kerax/layers/rnn/gru_scan.py): values and
gradients against a plain `lax.scan` with autodiff, the GRU layer's fused
path against its step loop and against real Keras."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from kerax import layers
from kerax.layers.rnn.gru_scan import gru_sequence
from tests.layers.rnn.fused_checks import (
    assert_fused_matches_loop,
    eager_recompiles,
)

T, B, D, U = 5, 3, 4, 2
R = np.random.RandomState(2)
X = R.normal(size=(T, B, D)).astype("float32")
W = (R.normal(size=(D, 3 * U)) * 0.5).astype("float32")
K = (R.normal(size=(U, 3 * U)) * 0.5).astype("float32")
IN_BIAS = R.normal(size=(3 * U,)).astype("float32")
REC_BIAS = R.normal(size=(3 * U,)).astype("float32")
H0 = R.normal(size=(B, U)).astype("float32")


def _reference(x, w, k, in_bias, rec_bias, h0, reverse):
    def step(h, x_t):
        x_z, x_r, x_h = jnp.split(x_t @ w + in_bias, 3, axis=-1)
        r_z, r_r, r_h = jnp.split(h @ k + rec_bias, 3, axis=-1)
        z = jax.nn.sigmoid(x_z + r_z)
        r = jax.nn.sigmoid(x_r + r_r)
        h = z * h + (1 - z) * jnp.tanh(x_h + r * r_h)
        return h, h

    h, hs = jax.lax.scan(step, h0, x, reverse=reverse)
    return hs, h


def _loss(hs, h):
    weights = jnp.arange(1.0, T + 1)[:, None, None]
    return jnp.sum(jnp.sin(h)) + jnp.sum(jnp.cos(hs) * weights)


@pytest.mark.parametrize("reverse", [False, True])
def test_values_and_gradients_match_autodiff_scan(reverse):
    args = (X, W, K, IN_BIAS, REC_BIAS, H0)

    def fused(x, w, k, in_bias, rec_bias, h0):
        return _loss(*gru_sequence(x, w, k, (in_bias, rec_bias), h0,
                                   reverse=reverse, return_sequences=True))

    def plain(*a):
        return _loss(*_reference(*a, reverse))

    # Each side as one jitted program (not one compile per eager op).
    value, grads = jax.jit(jax.value_and_grad(fused, argnums=range(6)))(
        *args)
    expected, expected_grads = jax.jit(jax.value_and_grad(
        plain, argnums=range(6)))(*args)
    np.testing.assert_allclose(value, expected, rtol=1e-5)
    for got, want in zip(grads, expected_grads):
        np.testing.assert_allclose(got, want, atol=2e-5, rtol=1e-5)


def test_last_state_only_and_no_bias():
    hs, h = jax.jit(lambda x, w, k, h0: gru_sequence(
        x, w, k, (None, None), h0))(X, W, K, H0)
    assert hs is None
    want = jax.jit(_reference, static_argnums=6)(X, W, K, 0.0, 0.0, H0,
                                                 False)[1]
    np.testing.assert_allclose(h, want, atol=1e-6)


@pytest.mark.parametrize("make", [
    lambda **kw: layers.GRU(U, return_sequences=True, return_state=True,
                            **kw),
    lambda **kw: layers.GRU(U, go_backwards=True, use_bias=False, **kw),
    lambda **kw: layers.CuDNNGRU(U, return_sequences=True, **kw),
])
def test_fused_path_matches_step_loop(make):
    x = jnp.asarray(np.swapaxes(X, 0, 1))
    fused, looped = make(), make(unroll=True)
    # Built, not called: the eager calls would be two more compiles that
    # nothing checks (layer_grads runs both, jitted).
    fused.build(x.shape)
    looped.build(x.shape)
    rng = np.random.default_rng(0)
    weights = [rng.normal(size=w.shape).astype("float32")
               for w in fused.get_weights()]
    fused.set_weights(weights)
    looped.set_weights(weights)
    assert_fused_matches_loop(fused, looped, x)


def test_reset_before_and_recurrent_dropout_use_step_loop():
    x = np.swapaxes(X, 0, 1)
    layer = layers.GRU(U, reset_after=False)
    layer(x)
    assert layer.cell._fused_loop(X, [H0]) is None
    dropped = layers.GRU(U, recurrent_dropout=0.5, seed=2)
    assert dropped(x, training=True).shape == (B, U)


def test_matches_keras_without_mask(keras, parity):
    x = np.swapaxes(X, 0, 1)
    options = {"go_backwards": True, "return_sequences": True,
               "return_state": True}
    kx, k = layers.GRU(U, **options), keras.layers.GRU(U, **options)
    # Built from the shape, not by a first call (each eager call compiles
    # the scan anew); randomize replaces the weights.
    kx.build(x.shape)
    k.build(x.shape)
    assert [w.name for w in kx.weights] == [w.name for w in k.weights]
    parity.randomize(kx, k)
    for a, b in zip(jax.tree_util.tree_leaves(kx(x)),
                    jax.tree_util.tree_leaves(k(x))):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), atol=2e-5,
                                   rtol=1e-5)


def test_eager_calls_compile_once():
    """The fused recurrence is one jitted function: a second eager call
    of the same shapes compiles nothing (a fresh scan compiled each time)."""
    x = np.random.RandomState(0).rand(2, 5, 3).astype("float32")
    assert eager_recompiles(layers.GRU(4, return_sequences=True), x) == 0
