"""The Optimizer contract: jit == eager, Keras 2 arguments, config, errors."""

import copy

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest

from kerax import config, optimizers
from kerax.core.variable import Variable
from tests.optimizers import parity_utils as pu


@pytest.mark.parametrize(
    "make",
    [
        lambda: optimizers.RMSprop(0.01, centered=True, momentum=0.5),
        lambda: optimizers.Nadam(
            0.1, gradient_accumulation_steps=2, use_ema=True, clipnorm=1.0
        ),
        lambda: optimizers.LossScaleOptimizer(
            optimizers.Adam(0.1), initial_scale=2.0, dynamic_growth_steps=2
        ),
    ],
    ids=["rmsprop", "nadam-accum-ema", "loss-scale"],
)
def test_jitted_stateless_apply_equals_eager_apply(make):
    grads = pu.gradient_sequence(steps=4)
    eager_opt, jit_opt = make(), make()
    variables, eager_state = pu.run_kerax_eager(eager_opt, grads)
    params, state = pu.run_kerax_jit(jit_opt, grads)
    pu.assert_close(params, [v.numpy() for v in variables], 1e-6, 1e-7)
    pu.assert_close(state, [v.numpy() for v in eager_state], 1e-6, 1e-7)


def test_state_structure_is_stable_under_scan():
    opt = optimizers.Adam(0.1, gradient_accumulation_steps=2, use_ema=True)
    variables = [Variable(v, name=n) for n, v in pu.initial_values().items()]
    opt.build(variables)
    grads = jnp.asarray(np.stack([g[1] for g in pu.gradient_sequence()]))

    def body(carry, g):
        params, state = carry
        return opt.stateless_apply(state, (params[0] * 0, g), params), None

    carry = (
        tuple(v.value for v in variables),
        tuple(v.value for v in opt.variables),
    )
    (params, state), _ = jax.lax.scan(body, carry, grads)
    assert isinstance(params, tuple) and isinstance(state, tuple)
    assert int(state[0]) == 5 and state[0].dtype == jnp.int32


def _keras2_sgd(w, grads, lr, momentum, decay, nesterov):
    m = np.zeros_like(w)
    for t, g in enumerate(grads):
        rate = lr * (1.0 / (1.0 + decay * t))
        m = momentum * m - rate * g
        w = w + (momentum * m - rate * g if nesterov else m)
    return w


def _keras2_adam(w, grads, lr, b1, b2, eps, decay):
    m, v = np.zeros_like(w), np.zeros_like(w)
    for t, g in enumerate(grads):
        rate = lr * (1.0 / (1.0 + decay * t))
        lr_t = rate * np.sqrt(1 - b2 ** (t + 1)) / (1 - b1 ** (t + 1))
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        w = w - lr_t * m / (np.sqrt(v) + eps)
    return w


def test_keras2_arguments_follow_the_keras2_formulas():
    w0 = pu.initial_values()["bias"]
    grads = [g[1] for g in pu.gradient_sequence()]
    opt = optimizers.SGD(lr=0.1, momentum=0.9, decay=0.5, nesterov=True)
    [w], _ = pu.run_kerax_jit(opt, [[g] for g in grads], {"bias": w0})
    expected = _keras2_sgd(w0, grads, 0.1, 0.9, 0.5, True)
    np.testing.assert_allclose(w, expected, rtol=1e-5, atol=1e-6)

    opt = optimizers.Adam(
        lr=0.1,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=None,
        decay=0.3,
        amsgrad=False,
    )
    variable = Variable(w0, name="bias")
    for g in grads:
        opt.apply([g], [variable])
    expected = _keras2_adam(w0, grads, 0.1, 0.9, 0.999, config.epsilon(), 0.3)
    np.testing.assert_allclose(variable.numpy(), expected, rtol=1e-5)
    assert opt.get_config()["decay"] == 0.3
    assert "decay" not in optimizers.Adam().get_config()


def test_keras2_constructors_are_accepted():
    rms = optimizers.RMSprop(lr=0.001, rho=0.9, epsilon=None, decay=0.0)
    ada = optimizers.Adadelta(lr=1.0, rho=0.95, epsilon=None, decay=0.0)
    assert rms.epsilon == ada.epsilon == config.epsilon()
    assert float(ada.learning_rate) == 1.0 and float(ada.lr) == 1.0
    assert optimizers.SGD(0.1, 0).momentum == 0  # an int momentum is fine


def test_learning_rate_is_assignable_and_schedules_follow_iterations():
    opt = optimizers.SGD(learning_rate=0.1)
    opt.learning_rate = 0.5
    assert float(opt.learning_rate) == 0.5
    opt.learning_rate.assign(0.25)
    opt.lr = 0.125
    assert float(opt.lr) == 0.125 and opt.get_config()["learning_rate"] == 0.125
    w = Variable(jnp.ones(2), name="w")
    opt.apply([jnp.ones(2)], [w])
    np.testing.assert_allclose(w.numpy(), [0.875, 0.875])

    schedule = optimizers.schedules.ExponentialDecay(1.0, 1, 0.5)
    opt = optimizers.SGD(learning_rate=schedule)
    assert [v.name for v in opt.variables] == ["iteration"]
    opt.apply([jnp.ones(2)], [w])
    opt.apply([jnp.ones(2)], [w])
    assert float(opt.learning_rate) == 0.25
    np.testing.assert_allclose(w.numpy(), [-0.625, -0.625])
    with pytest.raises(TypeError, match="not settable"):
        opt.learning_rate = 0.1


def test_constraints_none_gradients_and_weight_decay_exclusion():
    kernel = Variable(jnp.ones((2, 2)), name="kernel")
    bias = Variable(jnp.ones(2), name="bias")
    kernel.constraint = lambda x: jnp.clip(x, 0.95, 1.0)
    opt = optimizers.SGD(0.1, momentum=0.5, weight_decay=0.5)
    opt.exclude_from_weight_decay(var_names=["bias"])
    with pytest.warns(UserWarning, match="Gradients do not exist"):
        opt.apply([jnp.ones((2, 2)), None], [kernel, bias])
    np.testing.assert_allclose(kernel.numpy(), 0.95)
    np.testing.assert_allclose(bias.numpy(), 1.0)
    np.testing.assert_allclose(opt.variables[-1].numpy(), 0.0)
    opt.apply([jnp.ones(2)], [bias])  # a subset of the variables
    np.testing.assert_allclose(bias.numpy(), 0.9)


def test_ema_finalize_and_accumulated_iterations():
    w = Variable(jnp.ones(2), name="w")
    opt = optimizers.SGD(1.0, use_ema=True, gradient_accumulation_steps=2)
    for _ in range(4):
        opt.apply([jnp.ones(2)], [w])
    assert int(opt.iterations) == 2 and int(opt._iterations.numpy()) == 4
    np.testing.assert_allclose(w.numpy(), -1.0)
    average = opt.variables[2].numpy()
    opt.finalize_variable_values([w])
    np.testing.assert_allclose(w.numpy(), average)


def test_get_serialize_deserialize_and_keras_interop(keras):
    for name in ["adam", "sgd", "rmsprop", "adamw", "nadam", "Adagrad"]:
        opt = optimizers.get(name)
        assert type(opt).__name__.lower() == name.lower()
    opt = optimizers.Adam(
        learning_rate=optimizers.schedules.CosineDecay(0.1, 10), clipnorm=1.0
    )
    config = optimizers.serialize(opt)
    again = optimizers.deserialize(config)
    assert isinstance(again._learning_rate, optimizers.schedules.CosineDecay)
    assert again.get_config() == opt.get_config()
    theirs = keras.optimizers.deserialize(copy.deepcopy(config))
    assert keras.optimizers.serialize(theirs)["config"] == config["config"]
    keras_config = keras.optimizers.serialize(keras.optimizers.RMSprop(0.5))
    assert (
        optimizers.deserialize(keras_config).get_config()
        == (keras_config["config"])
    )
    lso = optimizers.LossScaleOptimizer(optimizers.SGD(), initial_scale=8.0)
    lso_config = optimizers.serialize(lso)
    assert optimizers.deserialize(lso_config).get_config() == lso.get_config()
    assert optimizers.get(opt) is opt and optimizers.get(None) is None


def test_optax_pass_through_matches_optax():
    grads = pu.gradient_sequence()
    opt = optimizers.get(optax.adam(0.1))
    assert isinstance(opt, optimizers.OptaxOptimizer)
    params, _ = pu.run_kerax_jit(opt, grads)
    assert opt.variables[0].name == "iteration"
    tx = optax.adam(0.1)
    expected = list(pu.initial_values().values())
    state = tx.init(expected)
    for g in grads:
        updates, state = tx.update(g, state, expected)
        expected = optax.apply_updates(expected, updates)
    pu.assert_close(params, expected)

    tx = optax.inject_hyperparams(optax.sgd)(learning_rate=1.0)
    opt = optimizers.get(tx)
    w = Variable(jnp.ones(2), name="w")
    opt.build([w])
    opt.learning_rate = 0.5
    opt.apply([jnp.ones(2)], [w])
    np.testing.assert_allclose(w.numpy(), 0.5)


def test_loss_scale_optimizer_skips_and_grows():
    w = Variable(jnp.ones(2), name="w")
    opt = optimizers.LossScaleOptimizer(
        optimizers.SGD(1.0), initial_scale=4.0, dynamic_growth_steps=2
    )
    assert float(opt.scale_loss(1.0)) == 4.0
    opt.apply([jnp.array([jnp.nan, 4.0])], [w])
    np.testing.assert_allclose(w.numpy(), 1.0)
    assert float(opt.dynamic_scale.numpy()) == 2.0
    opt.apply([jnp.array([2.0, 2.0])], [w])
    opt.apply([jnp.array([2.0, 2.0])], [w])
    np.testing.assert_allclose(w.numpy(), -1.0)
    assert float(opt.dynamic_scale.numpy()) == 4.0
    assert int(opt.iterations.numpy()) == 2
    values = [v.value for v in opt.variables]
    assert float(opt.stateless_scale_loss(values, 2.0)) == 8.0


@pytest.mark.parametrize(
    "make,error,message",
    [
        (lambda: optimizers.Adam("fast"), ValueError, "learning_rate=fast"),
        (lambda: optimizers.Adam(None), ValueError, "learning_rate=None"),
        (
            lambda: optimizers.SGD(clipnorm=1.0, clipvalue=1.0),
            ValueError,
            "clipvalue=1.0",
        ),
        (
            lambda: optimizers.SGD(gradient_accumulation_steps=1),
            ValueError,
            "gradient_accumulation_steps=1",
        ),
        (
            lambda: optimizers.SGD(use_ema=True, ema_momentum=2.0),
            ValueError,
            "ema_momentum=2.0",
        ),
        (lambda: optimizers.SGD(momentum=2.0), ValueError, "momentum=2.0"),
        (
            lambda: optimizers.AdamW(weight_decay=None),
            ValueError,
            "weight_decay=None",
        ),
        (lambda: optimizers.Lion(beta_1=0.0), ValueError, "beta_1=0.0"),
        (
            lambda: optimizers.Ftrl(learning_rate_power=0.5),
            ValueError,
            "learning_rate_power=0.5",
        ),
        (lambda: optimizers.Adam(foo=1), ValueError, "not recognized"),
        (lambda: optimizers.get("nope"), ValueError, "Unknown optimizer"),
        (lambda: optimizers.get(3), ValueError, "identifier: 3"),
        (
            lambda: optimizers.LossScaleOptimizer(
                optimizers.SGD(), clipnorm=1.0
            ),
            ValueError,
            "does not support `clipnorm`",
        ),
        (
            lambda: optimizers.Adam().stateless_apply([], [], []),
            ValueError,
            "must be built",
        ),
    ],
)
def test_errors_name_the_argument(make, error, message):
    with pytest.raises(error, match=message):
        make()


@pytest.mark.parametrize("alias,cls", [
    ("sgd", "SGD"), ("rmsprop", "RMSprop"), ("adagrad", "Adagrad"),
    ("adadelta", "Adadelta"), ("adam", "Adam"), ("adamax", "Adamax"),
    ("nadam", "Nadam"),
])
def test_keras2_lower_case_class_aliases(alias, cls):
    # Keras 2's cifar10_cnn.py: `keras.optimizers.rmsprop(lr=0.0001, decay=1e-6)`
    assert getattr(optimizers, alias) is getattr(optimizers, cls)
    optimizer = getattr(optimizers, alias)(lr=0.0001, decay=1e-6)
    assert float(optimizer.learning_rate) == pytest.approx(0.0001)
