"""Optimizers written as Keras 3 writes them (`build` + `update_step`),
the same class source run under real Keras and under kerax."""

import jax
import numpy as np
import pytest

import kerax
from tests.optimizers.parity_utils import (
    gradient_sequence,
    initial_values,
    run_keras,
    run_kerax_jit,
)


def make_class(lib):
    """A bias-corrected momentum optimizer with a global counter, written
    once against `lib` (keras or kerax)."""
    ops = lib.ops

    class CountingAdam(lib.optimizers.Optimizer):
        def __init__(self, learning_rate=0.01, beta_1=0.9, beta_2=0.99,
                     epsilon=1e-7, **kwargs):
            super().__init__(learning_rate=learning_rate, **kwargs)
            self.beta_1 = beta_1
            self.beta_2 = beta_2
            self.epsilon = epsilon

        def build(self, var_list):
            if self.built:
                return
            super().build(var_list)
            self._m = []
            for var in var_list:
                self._m.append(self.add_variable_from_reference(
                    reference_variable=var, name="m"))
            self._v = self.add_optimizer_variables(var_list, "v")
            self.count = self.add_variable(shape=(), name="count")

        def update_step(self, gradient, variable, learning_rate):
            lr = ops.cast(learning_rate, variable.dtype)
            gradient = ops.cast(gradient, variable.dtype)
            t = ops.cast(self.iterations + 1, variable.dtype)
            index = self._get_variable_index(variable)
            m, v = self._m[index], self._v[index]
            self.assign_add(m, (gradient - m) * (1 - self.beta_1))
            v.assign(self.beta_2 * v + (1 - self.beta_2) * gradient ** 2)
            m_hat = m / (1 - ops.power(self.beta_1, t))
            v_hat = v / (1 - ops.power(self.beta_2, t))
            self.assign_sub(
                variable, lr * m_hat / (ops.sqrt(v_hat) + self.epsilon))
            self.assign_add(self.count, 1.0)

        def get_config(self):
            config = super().get_config()
            config.update({"beta_1": self.beta_1, "beta_2": self.beta_2,
                           "epsilon": self.epsilon})
            return config

    return CountingAdam


BASE_OPTIONS = [
    {},
    {"weight_decay": 0.05, "clipnorm": 0.5},
    {"global_clipnorm": 0.7, "loss_scale_factor": 4.0},
    {"clipvalue": 0.3, "use_ema": True, "ema_overwrite_frequency": 2},
    {"gradient_accumulation_steps": 2},
]


@pytest.mark.parametrize("options", BASE_OPTIONS, ids=str)
def test_custom_optimizer_steps_match_keras(keras, options):
    grads = gradient_sequence(steps=6)
    theirs = make_class(keras)(**options)
    ours = make_class(kerax)(**options)
    k_params, k_opt, k_vars = run_keras(keras, theirs, grads)
    params, opt = run_kerax_jit(ours, grads)
    assert [v.name for v in ours.variables] == [v.name for v in k_vars]
    for a, b in zip(params, k_params):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    for a, b in zip(opt, k_opt):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_missing_gradient_leaves_variable_and_slots(keras):
    opt = make_class(kerax)()
    values = initial_values()
    variables = [kerax.Variable(v, name=n) for n, v in values.items()]
    grads = gradient_sequence(steps=1)[0]
    with pytest.warns(UserWarning, match="Gradients do not exist"):
        opt.apply([grads[0], None], variables)
    np.testing.assert_array_equal(variables[1].numpy(), values["bias"])
    assert float(opt.count.numpy()) == 1.0  # one update_step ran
    assert not np.any(opt._m[1].numpy())


def _model(lib):
    inputs = lib.Input(shape=(4,))
    hidden = lib.layers.Dense(6, activation="tanh")(inputs)
    return lib.Model(inputs, lib.layers.Dense(2)(hidden))


def test_fit_with_custom_optimizer_matches_keras(keras):
    rng = np.random.default_rng(3)
    x = rng.normal(size=(32, 4)).astype("float32")
    y = rng.normal(size=(32, 2)).astype("float32")
    theirs, ours = _model(keras), _model(kerax)
    ours.set_weights(theirs.get_weights())
    for model, lib in ((theirs, keras), (ours, kerax)):
        model.compile(optimizer=make_class(lib)(learning_rate=0.02),
                      loss="mse")
        model.fit(x, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)
    assert float(ours.optimizer.count.numpy()) == 8 * 4  # 4 vars x 8 steps
    assert int(ours.optimizer.iterations) == 8


def test_custom_optimizer_config_round_trip():
    cls = make_class(kerax)
    opt = cls(learning_rate=0.5, beta_1=0.8, clipnorm=1.0)
    again = cls.from_config(opt.get_config())
    assert again.get_config() == opt.get_config()


def test_overwrite_with_gradient_matches_keras(keras):
    grads = gradient_sequence(steps=3)
    results = []
    for lib in (keras, kerax):
        opt = lib.optimizers.SGD(0.1, momentum=0.5,
                                 gradient_accumulation_steps=2)
        values = initial_values()
        variables = [lib.Variable(v, name=n) for n, v in values.items()]
        variables[1].overwrite_with_gradient = True
        opt.build(variables)
        step = jax.jit(opt.stateless_apply)
        opt_values = [v.value for v in opt.variables]
        params = [v.value for v in variables]
        for g in grads:
            params, opt_values = step(opt_values, g, params)
        results.append(params)
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)


def test_unknown_variable_index_names_the_optimizer():
    opt = make_class(kerax)(name="mine")
    opt.build([kerax.Variable(np.zeros(2, "float32"), name="w")])
    with pytest.raises(ValueError, match="mine.*unknown variable"):
        opt._get_variable_index(kerax.Variable(np.zeros(2, "float32")))


def make_docs_sgd(lib):
    """Keras's own docstring example: `build` without a `built` check."""
    ops = lib.ops

    class DocSGD(lib.optimizers.Optimizer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.momentum = 0.9

        def build(self, variables):
            super().build(variables)
            self.momentums = []
            for variable in variables:
                self.momentums.append(self.add_variable_from_reference(
                    reference_variable=variable, name="momentum"))

        def update_step(self, gradient, variable, learning_rate):
            learning_rate = ops.cast(learning_rate, variable.dtype)
            gradient = ops.cast(gradient, variable.dtype)
            m = self.momentums[self._get_variable_index(variable)]
            self.assign(m, ops.subtract(
                ops.multiply(m, ops.cast(self.momentum, variable.dtype)),
                ops.multiply(gradient, learning_rate)))
            self.assign_add(variable, m)

    return DocSGD


def test_keras_docstring_optimizer_applies_eagerly_like_keras(keras):
    results = []
    for lib in (keras, kerax):
        opt = make_docs_sgd(lib)(learning_rate=0.1)
        values = initial_values()
        variables = [lib.Variable(v, name=n) for n, v in values.items()]
        for grads in gradient_sequence(steps=3):
            opt.apply([lib.ops.convert_to_tensor(g) for g in grads],
                      variables)
        results.append(([v.numpy() for v in variables], len(opt.variables)))
    (theirs, n_theirs), (ours, n_ours) = results
    assert n_ours == n_theirs == 4
    for a, b in zip(ours, theirs):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-6)


def make_scaled_adam(lib):
    """A subclass of a built-in that rewrites the gradient and calls the
    built-in `update_step`."""

    class HalfAdam(lib.optimizers.Adam):
        def update_step(self, gradient, variable, learning_rate):
            super().update_step(gradient * 0.5, variable,
                                learning_rate * 2.0)

    return HalfAdam


@pytest.mark.parametrize("options", [{}, {"amsgrad": True,
                                          "gradient_accumulation_steps": 2}],
                         ids=str)
def test_builtin_update_step_from_a_subclass_matches_keras(keras, options):
    grads = gradient_sequence(steps=4)
    theirs = make_scaled_adam(keras)(learning_rate=0.05, **options)
    ours = make_scaled_adam(kerax)(learning_rate=0.05, **options)
    k_params, k_opt, k_vars = run_keras(keras, theirs, grads)
    params, opt = run_kerax_jit(ours, grads)
    assert [v.name for v in ours.variables] == [v.name for v in k_vars]
    for a, b in zip(list(params) + list(opt), list(k_params) + list(k_opt)):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_update_step_needs_an_algorithm():
    with pytest.raises(TypeError, match="defines no algorithm"):
        kerax.optimizers.Optimizer(0.1).update_step(None, None, 0.1)
    nadam = type("MyNadam", (kerax.optimizers.Nadam,), {
        "update_step": lambda self, g, v, lr: super(
            type(self), self).update_step(g, v, lr)})()
    with pytest.raises(TypeError, match="not per variable"):
        nadam.apply([np.ones(2, "float32")],
                    [kerax.Variable(np.ones(2, "float32"))])


def test_custom_optimizer_state_travels_in_keras_files(keras, tmp_path):
    rng = np.random.default_rng(4)
    x = rng.normal(size=(16, 4)).astype("float32")
    y = x[:, :2]
    theirs = _model(keras)
    theirs.compile(make_class(keras)(learning_rate=0.02), "mse")
    theirs.fit(x, y, epochs=1, verbose=0)
    theirs.save(tmp_path / "keras.keras")
    ours = kerax.saving.load_model(
        tmp_path / "keras.keras",
        custom_objects={"CountingAdam": make_class(kerax)})
    for a, b in zip(ours.optimizer.variables, theirs.optimizer.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    ours.fit(x, y, epochs=1, verbose=0)
    theirs.fit(x, y, epochs=1, verbose=0)
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)
    ours.save(tmp_path / "kerax.keras")
    back = keras.saving.load_model(
        tmp_path / "kerax.keras",
        custom_objects={"CountingAdam": make_class(keras)})
    assert float(back.optimizer.count.numpy()) == 8.0
