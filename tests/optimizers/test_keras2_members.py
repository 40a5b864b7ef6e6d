import jax
import jax.numpy as jnp
import numpy as np
import pytest

import kerax
from kerax.optimizers import SGD, clip_norm


def _loss(w):
    return lambda: jnp.sum(w.value ** 3)


def test_get_gradients_equals_jax_grad():
    w = kerax.Variable(jnp.array([1.0, -2.0, 0.5]))
    grads = SGD(0.1).get_gradients(_loss(w), [w])
    expected = jax.grad(lambda v: jnp.sum(v ** 3))(w.value)
    np.testing.assert_allclose(grads[0], expected, rtol=1e-6)


def test_get_gradients_clips_like_keras2():
    w = kerax.Variable(jnp.array([3.0, 4.0]))
    square = lambda: jnp.sum(w.value ** 2)
    by_norm = SGD(0.1, clipnorm=1.0).get_gradients(square, [w])[0]
    np.testing.assert_allclose(by_norm, [0.6, 0.8], rtol=1e-6)
    by_value = SGD(0.1, clipvalue=7.0).get_gradients(square, [w])[0]
    np.testing.assert_allclose(by_value, [6.0, 7.0])


def test_get_updates_applies_one_step_and_weights():
    w = kerax.Variable(jnp.array([1.0, 2.0]))
    opt = SGD(0.5)
    updated = opt.get_updates(lambda: jnp.sum(w.value ** 2), [w])
    np.testing.assert_allclose(w.numpy(), [0.0, 0.0])
    assert updated[0] is w and int(updated[-1].numpy()) == 1
    assert opt.weights == list(opt.variables) and opt.updates == []


def test_symbolic_or_array_loss_names_the_jax_way():
    w = kerax.Variable(jnp.ones(2))
    with pytest.raises(TypeError, match="callable of no arguments"):
        SGD().get_gradients(jnp.sum(w.value), [w])


def test_clip_norm_and_tfoptimizer():
    np.testing.assert_allclose(clip_norm(jnp.array([3.0, 4.0]), 1.0, 5.0),
                               [0.6, 0.8])
    np.testing.assert_allclose(clip_norm(jnp.ones(2), 10.0, 1.4), [1, 1])
    assert float(clip_norm(2.0, 0, 5.0)) == 2.0
    import optax

    wrapped = kerax.optimizers.TFOptimizer(optax.sgd(0.1))
    assert isinstance(wrapped, kerax.optimizers.OptaxOptimizer)
