"""Runs the same gradient sequence through kerax and real Keras."""

import re

import jax
import jax.numpy as jnp
import numpy as np

from kerax.core.variable import Variable

SHAPES = {"kernel": (3, 4), "bias": (4,)}
STEPS = 5


def initial_values(seed=0):
    rng = np.random.default_rng(seed)
    return {
        name: rng.normal(size=shape).astype("float32")
        for name, shape in SHAPES.items()
    }


def gradient_sequence(seed=1, steps=STEPS, scale=1.0):
    rng = np.random.default_rng(seed)
    return [
        [
            (scale * rng.normal(size=shape)).astype("float32")
            for shape in SHAPES.values()
        ]
        for _ in range(steps)
    ]


def run_keras(keras, optimizer, grads_seq, values=None):
    """Keras's `stateless_apply` under `jax.jit` (what its JAX trainer
    runs; its eager LossScaleOptimizer.apply leaks tracers on JAX).

    Returns `(params, optimizer_values, optimizer.variables)`.
    """
    values = values or initial_values()
    variables = [keras.Variable(v, name=n) for n, v in values.items()]
    optimizer.build(variables)
    step = jax.jit(optimizer.stateless_apply)
    opt_values = [v.value for v in optimizer.variables]
    params = [v.value for v in variables]
    for grads in grads_seq:
        params, opt_values = step(opt_values, grads, params)
    return params, opt_values, optimizer.variables


def run_kerax_jit(optimizer, grads_seq, values=None):
    """Builds on kerax Variables, then steps with a jitted stateless_apply."""
    values = values or initial_values()
    variables = [Variable(v, name=n) for n, v in values.items()]
    optimizer.build(variables)
    step = jax.jit(optimizer.stateless_apply)
    opt_values = [v.value for v in optimizer.variables]
    params = [v.value for v in variables]
    for grads in grads_seq:
        params, opt_values = step(opt_values, grads, params)
    return params, opt_values


def run_kerax_eager(optimizer, grads_seq, values=None):
    values = values or initial_values()
    variables = [Variable(v, name=n) for n, v in values.items()]
    for grads in grads_seq:
        optimizer.apply([jnp.asarray(g) for g in grads], variables)
    return variables, optimizer.variables


def describe(variables):
    """Names, shapes and dtypes; Keras's auto-numbered `variable_<n>` names
    (unnamed Variables) compare as `variable`."""
    return [
        (
            re.sub(r"^variable_\d+$", "variable", v.name),
            tuple(v.shape),
            str(v.dtype),
        )
        for v in variables
    ]


def assert_close(actual, expected, rtol=1e-5, atol=1e-6):
    assert len(actual) == len(expected)
    for i, (a, e) in enumerate(zip(actual, expected)):
        np.testing.assert_allclose(
            np.asarray(a),
            np.asarray(e),
            rtol=rtol,
            atol=atol,
            err_msg=f"entry {i}",
        )
