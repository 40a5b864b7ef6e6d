"""Optimizers written as Keras 3 writes them: `build` + `update_step`.

A subclass of `Optimizer` that defines `update_step(gradient, variable,
learning_rate)` (instead of an optax transformation) creates its state in
`build(var_list)` with `add_variable_from_reference` / `add_variable` /
`add_optimizer_variables` after `super().build(var_list)`, and updates the
model variable and its slots with `self.assign` / `assign_add` /
`assign_sub` (or the Variables' own methods). `stateless_apply` runs those
calls inside a `StatelessScope` mapping every model and optimizer Variable
to its current value, so the same code is pure under `jax.jit` (the
trainer's step) and eager through `apply`.

>>> import jax.numpy as jnp
>>> from kerax.core.variable import Variable
>>> from kerax.optimizers.optimizer import Optimizer
>>> class HeavyBall(Optimizer):
...     def __init__(self, learning_rate=0.1, momentum=0.5, **kwargs):
...         super().__init__(learning_rate=learning_rate, **kwargs)
...         self.momentum = momentum
...     def build(self, var_list):
...         if self.built:
...             return
...         super().build(var_list)
...         self.velocities = [self.add_variable_from_reference(v, "velocity")
...                            for v in var_list]
...     def update_step(self, gradient, variable, learning_rate):
...         m = self.velocities[self._get_variable_index(variable)]
...         self.assign(m, self.momentum * m - learning_rate * gradient)
...         self.assign_add(variable, m)
>>> w = Variable(jnp.ones(2), name="w")
>>> opt = HeavyBall()
>>> opt.apply([jnp.ones(2)], [w])
>>> opt.apply([jnp.ones(2)], [w])
>>> [round(float(x), 4) for x in w.numpy()], [v.name for v in opt.variables]
([0.75, 0.75], ['iteration', 'learning_rate', 'w_velocity'])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import jax.numpy as jnp

from kerax.core.dtypes import standardize_dtype
from kerax.core.scope import StatelessScope
from kerax.core.variable import Variable


def uses_update_step(optimizer: Any) -> bool:
    """Whether `optimizer`'s class defines Keras 3's `update_step`."""
    method = getattr(type(optimizer), "update_step", None)
    return method is not None and method is not CustomStepMixin.update_step


def has_transform(optimizer: Any) -> bool:
    """Whether `optimizer`'s class defines an optax transformation (the
    base class marks its own `_make_transform` with `no_algorithm`)."""
    return not getattr(type(optimizer)._make_transform, "no_algorithm", False)


class CustomStepMixin:
    """Keras 3's optimizer-writing API, mixed into `Optimizer`."""

    # ------------------------------------------------- creating variables
    def add_variable(self, shape, initializer="zeros", dtype=None,
                     aggregation="none", layout=None, name=None):
        """Creates a non-trainable optimizer Variable, tracked in
        `variables` (so it travels through `stateless_apply`)."""
        from kerax import initializers

        init = initializers.get(initializer)
        variable = Variable(
            init, shape=tuple(shape), dtype=standardize_dtype(dtype),
            trainable=False, aggregation=aggregation, name=name,
        )
        if layout is not None:
            variable._layout = layout
        variable._set_path(self.name)
        self._variables.append(variable)
        return variable

    def add_variable_from_reference(self, reference_variable, name=None,
                                    initializer="zeros"):
        """A Variable shaped like `reference_variable`, named
        `<reference path with '_' for '/'>_<name>` (default name `var`)."""
        name = name or "var"
        path = getattr(reference_variable, "path", None)
        if path is not None:
            prefix = str(path).replace("/", "_")
        else:
            prefix = str(reference_variable.name).replace("/", "_").replace(
                ":", "_")
        return self.add_variable(
            shape=tuple(reference_variable.shape), initializer=initializer,
            dtype=reference_variable.dtype, name=f"{prefix}_{name}",
            layout=getattr(reference_variable, "_layout", None),
        )

    def add_optimizer_variables(self, trainable_variables, name,
                                initializer="zeros"):
        """One Variable per model variable and per name in `name` (a str or
        a list; with a list, a tuple of lists comes back). Variables with
        `overwrite_with_gradient` get `None`."""
        names = [name] if isinstance(name, str) else list(name)
        if isinstance(initializer, (list, tuple)):
            inits = list(initializer)
        else:
            inits = [initializer] * len(names)
        if len(inits) != len(names):
            raise ValueError(
                f"Optimizer '{self.name}': add_optimizer_variables got "
                f"{len(names)} names but {len(inits)} initializers. "
                f"Received: name={name}, initializer={initializer}")
        lists = tuple([] for _ in names)
        for variable in trainable_variables:
            skip = getattr(variable, "overwrite_with_gradient", False)
            for out, slot, init in zip(lists, names, inits):
                out.append(None if skip else self.add_variable_from_reference(
                    variable, name=slot, initializer=init))
        return lists[0] if isinstance(name, str) else lists

    # ------------------------------------------------------------ writes
    def assign(self, variable, value):
        """`variable.assign(value)` (the hook Keras optimizers call)."""
        variable.assign(value)

    def assign_add(self, variable, value):
        """`variable.assign_add(value)`."""
        variable.assign_add(value)

    def assign_sub(self, variable, value):
        """`variable.assign_sub(value)`."""
        variable.assign_sub(value)

    def update_step(self, gradient, variable, learning_rate):
        """One update of `variable` (and its slots) by the built-in
        algorithm, for subclasses that override `update_step` and call
        `super().update_step(...)` (optimizers whose slots are all per
        variable)."""
        if not has_transform(self):
            raise TypeError(
                f"Optimizer '{self.name}' ({type(self).__name__}) defines "
                "no algorithm: define `update_step(gradient, variable, "
                "learning_rate)` (creating slots in `build`).")
        if not self._layout.per_variable:
            raise TypeError(
                f"{type(self).__name__}'s update is not per variable (it "
                "shares state between variables); its `update_step` cannot "
                "run one variable at a time. Override `update_step` "
                "without calling `super().update_step`.")
        index = self._get_variable_index(variable)
        variables = self._variables
        own = {slot: variables[at]
               for slot, i, at in self._layout.slot_entries() if i == index}
        names = [slot for group in self._slot_groups() for slot in group]
        state = {n: (own[n].value if n in own else None,) for n in names}
        step = self.iterations
        step = step.value if isinstance(step, Variable) else step
        updates, state = self._transform.update(
            [jnp.asarray(gradient)], state, [variable.value],
            learning_rate=learning_rate, step=step)
        variable.assign(variable.value + updates[0].astype(variable.dtype))
        for name, slot_variable in own.items():
            slot_variable.assign(state[name][0])

    # ----------------------------------------------------------- indices
    def _var_key(self, variable):
        return id(variable)

    def _get_variable_index(self, variable):
        """Position of `variable` in the list the optimizer was built on."""
        try:
            return self._var_index[id(variable)]
        except KeyError:
            raise ValueError(
                f"Optimizer '{self.name}': unknown variable "
                f"{getattr(variable, 'path', variable)}; it was built on "
                f"{len(self._var_index)} other variables.") from None

    @property
    def _trainable_variables_indices(self):
        return self._var_index


def wrap_model_variables(var_list: Sequence[Any]) -> list[Variable]:
    """The model variables as `Variable`s (an `update_step` reads and
    assigns them, and the step maps Variables to values)."""
    wrapped = []
    for i, v in enumerate(var_list):
        if not isinstance(v, Variable):
            v = Variable(jnp.asarray(_value_of(v)),
                         name=getattr(v, "name", None) or f"variable_{i}")
        wrapped.append(v)
    return wrapped


def run_update_steps(optimizer: Any, model_variables: Sequence[Variable],
                     optimizer_variables: Sequence[Variable], grads: list,
                     params: list, slots: tuple, lr: Any, step: Any,
                     missing: list) -> tuple[list, tuple]:
    """The algorithm of an `update_step` optimizer, as a pure function:
    `optimizer.update_step` runs once per model variable with a gradient,
    inside a `StatelessScope` mapping the model variables to `params` and
    the optimizer's Variables to `slots` (all its values, in order)."""
    mapping = list(zip(model_variables, params))
    mapping += list(zip(optimizer_variables, slots))
    with StatelessScope(state_mapping=mapping) as scope:
        for g, variable, skip in zip(grads, model_variables, missing):
            if not skip:
                optimizer.update_step(g, variable, lr)
    new_params = [_current(scope, v, p)
                  for v, p in zip(model_variables, params)]
    new_slots = tuple(_current(scope, v, s)
                      for v, s in zip(optimizer_variables, slots))
    return new_params, new_slots


def _current(scope, variable, default):
    value = scope.get_current_value(variable)
    return default if value is None else jnp.asarray(value)


def _value_of(variable):
    if hasattr(variable, "value"):
        return variable.value
    return jnp.zeros(tuple(variable.shape), standardize_dtype(variable.dtype))
