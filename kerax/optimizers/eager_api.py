"""The mutable Keras API of optimizers: `apply`, weights, saving hooks.

`apply` runs the optimizer's jitted `stateless_apply` (`_eager_step`) on
the Variables' values and assigns the results back.

>>> import jax.numpy as jnp
>>> from kerax.core.variable import Variable
>>> from kerax.optimizers.sgd import SGD
>>> w = Variable(jnp.ones(2), name="w")
>>> opt = SGD(learning_rate=0.5)
>>> int(opt.apply_gradients([(jnp.ones(2), w)]))
1
>>> len(opt.get_weights())
2
"""

import warnings

from kerax.core.variable import Variable


class EagerApiMixin:
    """`apply`, `apply_gradients` and weight access, for `Optimizer`."""

    def apply(self, grads, trainable_variables=None):
        """Updates the Variables in place from `grads`."""
        grads = list(grads)
        if not grads:
            return
        if trainable_variables is None:
            if not self.built:
                raise ValueError(
                    "When passing `grads` without `variables`, the optimizer "
                    "must already be built on a list of variables. Call "
                    "`optimizer.build(trainable_variables)` first."
                )
            full_grads = grads
        else:
            trainable_variables = list(trainable_variables)
            if not self.built:  # A Keras-style `build` may not check.
                self.build(trainable_variables)
            full_grads = [None] * len(self._trainable_variables)
            for g, v in zip(grads, trainable_variables):
                if id(v) not in self._var_index:
                    raise ValueError(
                        f"Unknown variable: {v}. This optimizer can only be "
                        "called for the variables it was originally built "
                        "with. When working with a new set of variables, "
                        "you should recreate a new optimizer instance."
                    )
                full_grads[self._var_index[id(v)]] = g
        variables = trainable_variables or self._trainable_variables
        missing = [
            getattr(v, "path", str(i))
            for i, (v, g) in enumerate(zip(variables, grads))
            if g is None
        ]
        if missing and len(missing) < len(grads):
            warnings.warn(
                f"Gradients do not exist for variables {missing} when "
                "minimizing the loss. If using `model.compile()`, did you "
                "forget to provide a `loss` argument?",
                stacklevel=2,
            )
        new_params, new_values = self._eager_step()(
            [v.value for v in self.variables],
            full_grads,
            [_value(v) for v in self._trainable_variables],
        )
        for variable, value in zip(self.variables, new_values):
            variable.assign(value)
        for variable, value in zip(self._trainable_variables, new_params):
            if isinstance(variable, Variable):
                variable.assign(value)

    def apply_gradients(self, grads_and_vars):
        """`apply` from `(gradient, variable)` pairs; returns `iterations`."""
        grads, variables = zip(*grads_and_vars)
        self.apply(grads, variables)
        return self._iterations

    def scale_loss(self, loss):
        """Multiplies `loss` by `loss_scale_factor` when it is set."""
        if self.loss_scale_factor is not None:
            return loss * self.loss_scale_factor
        return loss

    def finalize_variable_values(self, var_list):
        """With `use_ema`, copies the moving averages into `var_list`."""
        if self.use_ema and self.built:
            averages = self._extras["average"]
            for variable in var_list:  # By identity: lists may differ.
                index = self._var_index.get(id(variable))
                if index is not None:
                    variable.assign(averages[index].value)

    def set_weights(self, weights):
        if not self.built:
            raise ValueError(
                "You are calling `set_weights()` on an optimizer that has "
                "not yet been built. Call `optimizer.build(trainable_"
                "variables)` to create the optimizer weights first."
            )
        for variable, weight in zip(self._variables, weights):
            variable.assign(weight)

    def get_weights(self):
        return [v.numpy() for v in self.variables]

    def save_own_variables(self, store):
        for i, variable in enumerate(self.variables):
            store[str(i)] = variable.numpy()

    def load_own_variables(self, store):
        if len(store.keys()) != len(self.variables):
            warnings.warn(
                f"Skipping variable loading for optimizer '{self.name}', "
                f"because it has {len(self.variables)} variables whereas "
                f"the saved optimizer has {len(store.keys())} variables.",
                stacklevel=2,
            )
            return
        for i, variable in enumerate(self.variables):
            variable.assign(store[str(i)])


def _value(variable):
    return variable.value if hasattr(variable, "value") else variable
