"""Keras 2 backend control flow: `switch`, `map_fn`, `foldl`, `foldr`,
`rnn`, `print_tensor`, `control_dependencies`.

>>> float(foldl(lambda acc, x: acc + x, jnp.arange(4.0)))
6.0
"""

import contextlib

import jax
import jax.numpy as jnp
from jax import tree_util

from kerax.backend.common import k_op, read, tensor
from kerax.core.keras_tensor import any_symbolic
from kerax.layers.rnn.rnn_loop import run_loop


@k_op
def _switch(condition, then_value, else_value):
    condition = tensor(condition)
    then_value, else_value = tensor(then_value), tensor(else_value)
    if condition.ndim > then_value.ndim:
        raise ValueError(
            "switch: the condition's rank must not exceed the branches'. "
            f"Received: condition.shape={condition.shape}, "
            f"then_expression.shape={then_value.shape}"
        )
    condition = condition.reshape(
        condition.shape + (1,) * (then_value.ndim - condition.ndim))
    return jnp.where(condition.astype(bool), then_value, else_value)


def switch(condition, then_expression, else_expression):
    """`then_expression` where `condition` holds, else `else_expression`
    (tensors or callables returning them). A scalar condition picks a
    whole branch; a tensor condition of lower rank applies to the leading
    axes."""
    if not any_symbolic(condition) and isinstance(
        read(condition), (bool, int)
    ):
        chosen = then_expression if condition else else_expression
        return chosen() if callable(chosen) else chosen
    if callable(then_expression):
        then_expression = then_expression()
    if callable(else_expression):
        else_expression = else_expression()
    return _switch(condition, then_expression, else_expression)


@k_op
def map_fn(fn, elems, name=None, dtype=None):
    """`fn` applied to each slice of `elems` along axis 0, stacked."""
    return jax.lax.map(fn, tree_util.tree_map(tensor, elems))


def _fold(fn, elems, initializer, reverse):
    elems = tensor(elems)
    if reverse:
        elems = jnp.flip(elems, axis=0)
    if initializer is None:
        initializer, elems = elems[0], elems[1:]

    def step(acc, x):
        return fn(acc, x), None

    result, _ = jax.lax.scan(step, tensor(initializer), elems)
    return result


@k_op
def foldl(fn, elems, initializer=None, name=None):
    """`fn(acc, x)` over `elems` from first to last (`initializer`
    None: the first element)."""
    return _fold(fn, elems, initializer, reverse=False)


@k_op
def foldr(fn, elems, initializer=None, name=None):
    """`fn(acc, x)` over `elems` from last to first."""
    return _fold(fn, elems, initializer, reverse=True)


@k_op
def rnn(step_function, inputs, initial_states, go_backwards=False,
        mask=None, constants=None, unroll=False, input_length=None):
    """Runs `step_function(input_t, states + constants) -> (output,
    new_states)` over axis 1 of `inputs`; returns `(last_output, outputs,
    new_states)`. Where `mask` (batch, time) is 0 the step keeps the
    previous output and states. `input_length` is not needed under JAX
    (shapes are static)."""
    inputs = tensor(inputs)
    constants = [tensor(c) for c in (constants or [])]
    states = [tensor(s) for s in initial_states]

    def call_step(x_t, step_states):
        output, new_states = step_function(x_t, list(step_states) + constants)
        return output, list(new_states)

    first = jax.eval_shape(call_step, inputs[:, 0], states)[0]
    previous = jnp.zeros(first.shape, first.dtype)

    def step(x_t, carried):
        output, new_states = call_step(x_t, carried[1:])
        return output, [output] + new_states

    if mask is not None:
        mask = tensor(mask).astype(bool)
        if mask.ndim > 2:
            mask = mask.reshape(mask.shape[:2])
    last, outputs, final = run_loop(
        step, inputs, [previous] + states, mask=mask,
        go_backwards=go_backwards, unroll=unroll,
    )
    return last, outputs, list(final[1:])


def print_tensor(x, message=""):
    """Prints `message` and the value of `x` when it is computed (also
    inside `jit`) and returns `x`."""
    return _print_tensor(x, message)


@k_op
def _print_tensor(x, message):
    x = tensor(x)
    jax.debug.print(message.replace("{", "{{").replace("}", "}}") + "{}", x)
    return x


@contextlib.contextmanager
def control_dependencies(control_inputs):
    """Waits for concrete `control_inputs` before the block runs (JAX
    orders computations by their data). Symbolic ones cannot be waited
    on: pass them to `K.function` as `updates` or outputs instead."""
    inputs = list(control_inputs or [])
    if any_symbolic(inputs):
        raise ValueError(
            "control_dependencies cannot order symbolic tensors under JAX: "
            "evaluate them with K.function (as outputs or `updates`)."
        )
    for item in inputs:
        value = read(item)
        if isinstance(value, jax.Array):
            value.block_until_ready()
    yield
