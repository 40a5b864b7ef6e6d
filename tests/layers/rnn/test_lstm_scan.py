"""The fused LSTM recurrence (kerax/layers/rnn/lstm_scan.py): values and
gradients against a plain `lax.scan` with autodiff, the LSTM layer's
fused path against its step loop and against real Keras."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from kerax import layers
from kerax.layers.rnn.lstm_scan import lstm_sequence
from tests.layers.rnn.fused_checks import (
    assert_fused_matches_loop,
    eager_recompiles,
)

T, B, D, U = 5, 3, 4, 2
R = np.random.RandomState(1)
X = R.normal(size=(T, B, D)).astype("float32")
W = (R.normal(size=(D, 4 * U)) * 0.5).astype("float32")
K = (R.normal(size=(U, 4 * U)) * 0.5).astype("float32")
BIAS = R.normal(size=(4 * U,)).astype("float32")
H0 = R.normal(size=(B, U)).astype("float32")
C0 = R.normal(size=(B, U)).astype("float32")


def _reference(x, w, k, b, h0, c0, reverse):
    def step(carry, x_t):
        h, c = carry
        i, f, g, o = jnp.split(x_t @ w + h @ k + b, 4, axis=-1)
        c = jax.nn.sigmoid(f) * c + jax.nn.sigmoid(i) * jnp.tanh(g)
        h = jax.nn.sigmoid(o) * jnp.tanh(c)
        return (h, c), h

    (h, c), hs = jax.lax.scan(step, (h0, c0), x, reverse=reverse)
    return hs, h, c


def _loss(hs, h, c):
    weights = jnp.arange(1.0, T + 1)[:, None, None]
    return (jnp.sum(jnp.sin(h)) + jnp.sum(c * c)
            + jnp.sum(jnp.cos(hs) * weights))


@pytest.mark.parametrize("reverse", [False, True])
def test_values_and_gradients_match_autodiff_scan(reverse):
    args = (X, W, K, BIAS, H0, C0)

    def fused(*a):
        return _loss(*lstm_sequence(*a, reverse=reverse,
                                    return_sequences=True))

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
    hs, h, c = jax.jit(lambda *a: lstm_sequence(*a[:3], None, *a[3:]))(
        X, W, K, H0, C0)
    assert hs is None
    _, want_h, want_c = jax.jit(_reference, static_argnums=6)(
        X, W, K, 0.0, H0, C0, False)
    np.testing.assert_allclose(h, want_h, atol=1e-6)
    np.testing.assert_allclose(c, want_c, atol=1e-6)
    grad = jax.jit(jax.grad(
        lambda w: lstm_sequence(X, w, K, None, H0, C0)[1].sum()))
    want = jax.jit(jax.grad(lambda w: _reference(X, w, K, 0.0, H0, C0,
                                                 False)[1].sum()))
    np.testing.assert_allclose(grad(W), want(W), atol=2e-6)


@pytest.mark.parametrize("options", [
    {},
    {"return_sequences": True, "return_state": True},
    {"go_backwards": True, "return_sequences": True},
    {"go_backwards": True, "return_state": True, "use_bias": False},
])
def test_fused_path_matches_step_loop(options):
    x = jnp.asarray(np.swapaxes(X, 0, 1))
    fused = layers.LSTM(U, seed=1, **options)
    looped = layers.LSTM(U, seed=1, unroll=True, **options)
    # Built, not called: the eager calls would be two more compiles that
    # nothing checks (layer_grads runs both, jitted).
    fused.build(x.shape)
    looped.build(x.shape)
    looped.set_weights(fused.get_weights())
    assert_fused_matches_loop(fused, looped, x)


def test_other_activations_and_recurrent_dropout_use_step_loop():
    x = np.swapaxes(X, 0, 1)
    layer = layers.LSTM(U, activation="relu")
    states = layer.get_initial_state(B)
    layer(x)
    assert layer.cell._fused_loop(X, states) is None
    dropped = layers.LSTM(U, recurrent_dropout=0.5, seed=2)
    out = dropped(x, training=True)
    assert out.shape == (B, U)


def test_matches_keras_without_mask(keras, parity):
    x = np.swapaxes(X, 0, 1)
    for options in ({"return_sequences": True, "return_state": True},
                    {"go_backwards": True, "return_sequences": True}):
        kx, k = layers.LSTM(U, **options), keras.layers.LSTM(U, **options)
        # Built from the shape, not by a first call (each eager call compiles
        # the scan anew); randomize replaces the weights.
        kx.build(x.shape)
        k.build(x.shape)
        assert [w.name for w in kx.weights] == [w.name for w in k.weights]
        parity.randomize(kx, k)
        for a, b in zip(jax.tree_util.tree_leaves(kx(x)),
                        jax.tree_util.tree_leaves(k(x))):
            np.testing.assert_allclose(np.asarray(a), np.asarray(b),
                                       atol=2e-5, rtol=1e-5)


def test_eager_calls_compile_once():
    """The fused recurrence is one jitted function: a second eager call
    of the same shapes compiles nothing (a fresh scan compiled each time)."""
    x = np.random.RandomState(0).rand(2, 5, 3).astype("float32")
    assert eager_recompiles(layers.LSTM(4, go_backwards=True), x) == 0
