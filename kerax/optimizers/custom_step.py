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

import jax.numpy as jnp

from kerax.core.dtypes import standardize_dtype
from kerax.core.scope import StatelessScope
from kerax.core.variable import Variable
from kerax.optimizers.state_layout import StateLayoutMixin
from kerax.optimizers.transforms import clip_gradients


def uses_update_step(optimizer) -> bool:
    """Whether `optimizer`'s class defines Keras 3's `update_step`."""
    method = getattr(type(optimizer), "update_step", None)
    return method is not None and method is not CustomStepMixin.update_step


def has_transform(optimizer) -> bool:
    """Whether `optimizer`'s class defines an optax transformation."""
    return (type(optimizer)._make_transform
            is not StateLayoutMixin._make_transform)


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
        if self._global_slots() or (
                type(self)._build_slots is not StateLayoutMixin._build_slots):
            raise TypeError(
                f"{type(self).__name__}'s update is not per variable (it "
                "shares state between variables); its `update_step` cannot "
                "run one variable at a time. Override `update_step` "
                "without calling `super().update_step`.")
        index = self._get_variable_index(variable)
        own = {slot: var for (slot, i), var in zip(
            self._slot_entries, self._slot_variables) if i == index}
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

    # --------------------------------------------------- the stateless step
    def _custom_build(self, var_list, params, names):
        """`build`'s end for `update_step` optimizers: model variables
        that are not Variables get one (the step maps Variables); a
        built-in algorithm's slots are created as usual."""
        wrapped = []
        for i, v in enumerate(var_list):
            if not isinstance(v, Variable):
                v = Variable(jnp.asarray(_value_of(v)),
                             name=getattr(v, "name", None) or f"variable_{i}")
            wrapped.append(v)
        self._trainable_variables = wrapped
        self._var_index = {id(v): i for i, v in enumerate(wrapped)}
        self._slot_entries = []
        self._slot_variables = []
        if has_transform(self):
            self._transform = self._make_transform()
            self._build_slots(wrapped, params, names)

    def _custom_unpack(self, values):
        """`(iteration, lr, extras, state)` where `state` is the full list
        of values (what the scope maps every optimizer Variable to)."""
        index = {id(v): i for i, v in enumerate(self._variables)}
        iteration = values[index[id(self._iterations)]]
        lr_value = None
        if self._lr_tracked():
            lr_value = values[index[id(self._learning_rate)]]
        extras = {
            key: [values[index[id(v)]] for v in variables]
            for key, variables in self._extras.items()
        }
        return iteration, lr_value, extras, tuple(values)

    def _custom_pack(self, iteration, lr_value, extras, state):
        values = list(state)
        index = {id(v): i for i, v in enumerate(self._variables)}
        values[index[id(self._iterations)]] = iteration
        if self._lr_tracked():
            values[index[id(self._learning_rate)]] = lr_value
        for key, variables in self._extras.items():
            for variable, value in zip(variables, extras[key]):
                values[index[id(variable)]] = value
        return values

    def _custom_update(self, grads, params, state, lr, missing):
        grads = clip_gradients(
            grads, self.clipnorm, self.global_clipnorm, self.clipvalue
        )
        params = [
            p if rate is None else p - p * jnp.asarray(rate, p.dtype)
            * lr.astype(p.dtype)
            for p, rate in zip(params, self._weight_decay_rates())
        ]
        mapping = list(zip(self._trainable_variables, params))
        mapping += list(zip(self._variables, state))
        with StatelessScope(state_mapping=mapping) as scope:
            for g, variable, skip in zip(
                    grads, self._trainable_variables, missing):
                if not skip:
                    self.update_step(g, variable, lr)
        new_params = [
            _current(scope, v, p)
            for v, p in zip(self._trainable_variables, params)
        ]
        new_state = tuple(
            _current(scope, v, s) for v, s in zip(self._variables, state)
        )
        return new_params, new_state


def _current(scope, variable, default):
    value = scope.get_current_value(variable)
    return default if value is None else jnp.asarray(value)


def _value_of(variable):
    if hasattr(variable, "value"):
        return variable.value
    return jnp.zeros(tuple(variable.shape), standardize_dtype(variable.dtype))
