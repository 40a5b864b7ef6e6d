"""Keras 2 backend assignments: `update`, `update_add`, `update_sub`,
`moving_average_update`.

A concrete new value is assigned at once (inside a layer's call the
assignment goes to the open StatelessScope, so it works under `jit`) and
the Variable is returned. A symbolic new value (a KerasTensor) returns an
`Update`, applied each time a `K.function` that lists it in `updates`
runs.
"""

import jax.numpy as jnp

from kerax.backend.common import read
from kerax.core.keras_tensor import any_symbolic
from kerax.core.variable import Variable


class Update:
    """A pending assignment of `variable` from a symbolic `value`.

    `mode`: `"set"`, `"add"`, `"sub"` or `"average"` (with `momentum`).
    """

    def __init__(self, variable, value, mode="set", momentum=None):
        self.variable = variable
        self.value = value
        self.mode = mode
        self.momentum = momentum

    def new_value(self, current, value):
        """The Variable's next value from its `current` one."""
        if self.mode == "add":
            return current + value
        if self.mode == "sub":
            return current - value
        if self.mode == "average":
            return current * self.momentum + value * (1.0 - self.momentum)
        return value

    def __repr__(self):
        return f"<Update {self.mode} {self.variable.path}>"


def _apply(x, value, mode, momentum=None):
    if not isinstance(x, Variable):
        raise TypeError(
            f"K.update functions assign to a Variable. Received: x of type "
            f"{type(x)}"
        )
    if any_symbolic(value):
        return Update(x, value, mode, momentum)
    update = Update(x, None, mode, momentum)
    value = jnp.asarray(read(value), dtype=x.dtype)
    x.assign(update.new_value(x.value, value))
    return x


def update(x, new_x):
    """Assigns `new_x` to the Variable `x`."""
    return _apply(x, new_x, "set")


def update_add(x, increment):
    """Adds `increment` to the Variable `x`."""
    return _apply(x, increment, "add")


def update_sub(x, decrement):
    """Subtracts `decrement` from the Variable `x`."""
    return _apply(x, decrement, "sub")


def moving_average_update(x, value, momentum):
    """`x = x * momentum + value * (1 - momentum)`."""
    return _apply(x, value, "average", momentum)
