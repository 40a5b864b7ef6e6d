"""`assert_concrete_state`: no Variable holds a leaked tracer.

After any public call (build, fit, evaluate, predict, train_on_batch,
reset_states, a traced call), every Variable a model owns must hold a
concrete array: a value traced inside `jax.jit` / `jax.eval_shape` that
survives its trace fails later with "... is not a valid JAX type".

>>> import kerax
>>> layer = kerax.layers.Dense(2)
>>> _ = layer(kerax.ops.ones((1, 3)))
>>> assert_concrete_state(layer)
"""

from __future__ import annotations

import jax


def _state_variables(obj):
    """Every Variable of a layer or model: its own (seed and RNN states
    included), its optimizer's and its metrics'."""
    variables = list(obj.variables)
    optimizer = getattr(obj, "optimizer", None)
    if optimizer is not None:
        variables.extend(getattr(optimizer, "variables", []))
    metrics_variables = getattr(obj, "metrics_variables", None)
    if metrics_variables is not None:
        variables.extend(metrics_variables)
    return variables


def assert_concrete_state(*objects):
    """Raises AssertionError naming each Variable that holds no concrete
    array (a tracer, or not an array at all)."""
    bad = []
    for obj in objects:
        for variable in _state_variables(obj):
            value = variable._value
            if isinstance(value, jax.core.Tracer) or not isinstance(
                value, jax.Array
            ):
                bad.append(f"{variable.path}: {type(value).__name__}")
    if bad:
        raise AssertionError(
            "Variables hold values that are not concrete arrays (leaked "
            "from a trace?): " + ", ".join(bad)
        )
