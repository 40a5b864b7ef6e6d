"""Loop rules keyed by platform (kerax/trainers/platform.py)."""

import jax
import jax.numpy as jnp
import numpy as np

import kerax
from kerax import layers
from kerax.trainers import platform


def _conv_jaxpr():
    def f(x, k):
        return jax.lax.conv(x, k, (1, 1), "VALID")

    return jax.make_jaxpr(f)(jnp.zeros((1, 1, 4, 4)), jnp.zeros((1, 1, 3, 3)))


def test_the_table():
    assert not platform.rules_for("cpu").convolution_in_loops
    for name in ("gpu", "tpu", "a_future_backend"):
        assert platform.rules_for(name).convolution_in_loops
    assert platform.rules_for() is platform.rules_for(jax.default_backend())


def test_may_loop_follows_the_current_platform(monkeypatch):
    jaxpr = _conv_jaxpr()
    dense = jax.make_jaxpr(jnp.dot)(jnp.zeros((2, 2)), jnp.zeros((2, 2)))
    assert platform.may_loop(dense)
    monkeypatch.setattr(platform, "PLATFORM_RULES",
                        {jax.default_backend(): platform.PlatformRules(False)})
    assert not platform.may_loop(jaxpr)
    monkeypatch.setattr(platform, "PLATFORM_RULES", {})
    assert platform.may_loop(jaxpr)


def test_a_platform_allowing_convolutions_fuses_a_cnn(monkeypatch):
    monkeypatch.setattr(platform, "PLATFORM_RULES", {})  # the default rules
    kerax.utils.set_random_seed(0)
    model = kerax.Sequential([
        kerax.Input((5, 5, 1)), layers.Conv2D(2, 3), layers.Flatten(),
        layers.Dense(1),
    ])
    model.compile("sgd", "mse")
    x = np.random.RandomState(0).rand(16, 5, 5, 1).astype("float32")
    model.fit(x, x[:, 0, 0], batch_size=4, verbose=0)
    kinds = {key[1] for key in model._loop.jit_cache}
    assert kinds == {"gather_loop"}
