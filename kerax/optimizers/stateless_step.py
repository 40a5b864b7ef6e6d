"""The pure update shared by every optimizer: `stateless_apply`.

Keras's order within one step: divide by `loss_scale_factor`; with
gradient accumulation, accumulate and only commit every N-th step; clip;
weight decay; the optax update; EMA (and its periodic overwrite); the
Variables' constraints; `iterations += 1`.

>>> import jax, jax.numpy as jnp
>>> from kerax.core.variable import Variable
>>> from kerax.optimizers.sgd import SGD
>>> opt = SGD(learning_rate=0.5)
>>> opt.build([Variable(jnp.ones(2), name="w")])
>>> step = jax.jit(opt.stateless_apply)
>>> params, state = step(tuple(v.value for v in opt.variables),
...                      (jnp.ones(2),), (jnp.ones(2),))
>>> params[0].tolist(), int(state[0])
([0.5, 0.5], 1)
"""

import jax
import jax.numpy as jnp

from kerax.core.variable import Variable
from kerax.optimizers import schedules
from kerax.optimizers.custom_step import uses_update_step
from kerax.optimizers.transforms import clip_gradients


class StatelessStepMixin:
    """`stateless_apply` and the pieces of a step, for `Optimizer`."""

    def _step_learning_rate(self, iteration, lr_value):
        lr = self._learning_rate
        if isinstance(lr, schedules.LearningRateSchedule):
            rate = lr(iteration)
        elif isinstance(lr, Variable):
            rate = lr_value
        else:
            rate = lr()
        rate = jnp.asarray(rate)
        if self.decay:
            steps = iteration.astype(rate.dtype)
            rate = rate * (1.0 / (1.0 + self.decay * steps))
        return rate

    def _weight_decay_rates(self):
        """Per model variable: the decay rate, or None for no decay."""
        if self.weight_decay is None:
            return [None] * len(self._trainable_variables)
        return [
            self.weight_decay if self._uses_weight_decay(v) else None
            for v in self._trainable_variables
        ]

    def _uses_weight_decay(self, variable):
        name = getattr(variable, "name", "")
        return id(variable) not in self._exclude_ids and not any(
            n in name for n in self._exclude_names
        )

    def stateless_apply(self, optimizer_values, grads, trainable_values):
        """One pure, jittable update.

        Args:
            optimizer_values: arrays in the order of `self.variables`.
            grads: gradients in the order of the built `var_list` (`None`
                leaves a variable and its slots untouched).
            trainable_values: arrays in the order of the built `var_list`.

        Returns:
            `(new_trainable_values, new_optimizer_values)`, in the same
            container types as the inputs.
        """
        self._check_stateless_args(optimizer_values, trainable_values)
        values = [jnp.asarray(v) for v in optimizer_values]
        params = [jnp.asarray(p) for p in trainable_values]
        custom = uses_update_step(self)
        unpack = self._custom_unpack if custom else self._unpack
        iteration, lr_value, extras, state = unpack(values)
        missing = [g is None for g in grads]
        if all(missing):
            raise ValueError("No gradients provided for any variable.")
        grads = [
            jnp.zeros_like(p) if g is None else jnp.asarray(g)
            for g, p in zip(grads, params)
        ]
        if self.loss_scale_factor is not None:
            grads = [g / self.loss_scale_factor for g in grads]
        overwrite = [
            bool(getattr(v, "overwrite_with_gradient", False)) and not m
            for v, m in zip(self._trainable_variables, missing)
        ]
        raw_grads = grads
        if any(overwrite):  # Keras: such variables take their gradient.
            grads = [jnp.zeros_like(g) if o else g
                     for g, o in zip(grads, overwrite)]
            missing = [m or o for m, o in zip(missing, overwrite)]
        lr = self._step_learning_rate(iteration, lr_value)
        steps = self.gradient_accumulation_steps
        step = iteration // steps if steps else iteration
        is_update = None
        if steps:
            is_update = (iteration + 1) % steps == 0
            accs = extras["gradient_accumulator"]
            extras["gradient_accumulator"] = [
                jnp.where(is_update, jnp.zeros_like(a),
                          jnp.maximum(r, a) if o else a + g)
                for a, g, r, o in zip(accs, grads, raw_grads, overwrite)
            ]
            raw_grads = [
                jnp.where(is_update, jnp.maximum(r, a), r) if o else r
                for r, a, o in zip(raw_grads, accs, overwrite)
            ]
            grads = [
                jnp.where(is_update, (g + a) / steps, g)
                for g, a in zip(grads, accs)
            ]
            new_params, new_state = self._step_update(
                custom, grads, params, state, lr, step, missing)
            new_params, new_state = jax.tree_util.tree_map(
                lambda new, old: jnp.where(is_update, new, old),
                (new_params, new_state),
                (params, state),
            )
        else:
            new_params, new_state = self._step_update(
                custom, grads, params, state, lr, step, missing)
        if not custom:
            new_params, new_state = self._keep_missing(
                missing, params, state, new_params, new_state
            )
        if any(overwrite):
            new_params = [
                _overwritten(p, r, is_update) if o else p
                for p, r, o in zip(new_params, raw_grads, overwrite)
            ]
        if self.use_ema:
            new_params, extras["average"] = self._ema(
                new_params, extras["average"], step
            )
        new_params = [
            _constrain(v, p)
            for v, p in zip(self._trainable_variables, new_params)
        ]
        pack = self._custom_pack if custom else self._pack
        new_values = pack(iteration + 1, lr_value, extras, new_state)
        new_values = [
            jnp.asarray(n).astype(o.dtype) for n, o in zip(new_values, values)
        ]
        new_params = [
            jnp.asarray(n).astype(o.dtype) for n, o in zip(new_params, params)
        ]
        return (
            _like(trainable_values, new_params),
            _like(optimizer_values, new_values),
        )

    def _step_update(self, custom, grads, params, state, lr, step, missing):
        if custom:
            return self._custom_update(grads, params, state, lr, missing)
        return self._update(grads, params, state, lr, step)

    def _update(self, grads, params, state, lr, step):
        grads = clip_gradients(
            grads, self.clipnorm, self.global_clipnorm, self.clipvalue
        )
        params = [
            p if rate is None else p - p * jnp.asarray(rate, p.dtype) * lr_p
            for p, rate, lr_p in zip(
                params,
                self._weight_decay_rates(),
                [lr.astype(p.dtype) for p in params],
            )
        ]
        updates, state = self._run_transform(grads, state, params, lr, step)
        return [p + u.astype(p.dtype) for p, u in zip(params, updates)], state

    def _run_transform(self, grads, state, params, lr, step):
        return self._transform.update(
            grads, state, params, learning_rate=lr, step=step
        )

    def _ema(self, params, averages, step):
        new_params, new_averages = [], []
        overwrite = None
        if self.ema_overwrite_frequency:
            overwrite = (step + 1) % self.ema_overwrite_frequency == 0
        for p, avg in zip(params, averages):
            momentum = (step != 0).astype(p.dtype) * self.ema_momentum
            avg = momentum * avg + (1 - momentum) * p
            new_averages.append(avg)
            new_params.append(
                p if overwrite is None else jnp.where(overwrite, avg, p)
            )
        return new_params, new_averages

    def _check_stateless_args(self, optimizer_values, trainable_values):
        if not self.built:
            raise ValueError(
                f"To call `stateless_apply`, {self.__class__.__name__} must "
                "be built (i.e. its variables must have been created). "
                "You can build it via `optimizer.build(trainable_variables)`."
            )
        if len(optimizer_values) != len(self.variables):
            raise ValueError(
                "Argument `optimizer_variables` must be a list of arrays "
                f"corresponding 1:1 to {self.__class__.__name__}().variables. "
                f"Received: len(optimizer_variables)={len(optimizer_values)}, "
                f"expected {len(self.variables)}."
            )
        if len(trainable_values) != len(self._trainable_variables):
            raise ValueError(
                "Argument `trainable_variables` must correspond 1:1 to the "
                "variables the optimizer was built with. Received: "
                f"len(trainable_variables)={len(trainable_values)}, expected "
                f"{len(self._trainable_variables)}."
            )


def _overwritten(param, grad, is_update):
    """The new value of an `overwrite_with_gradient` variable: its
    gradient (with accumulation, only on update steps)."""
    if is_update is None:
        return grad.astype(param.dtype)
    return jnp.where(is_update, grad, param).astype(param.dtype)


def _constrain(variable, value):
    constraint = getattr(variable, "constraint", None)
    return value if constraint is None else constraint(value)


def _like(template, values):
    return tuple(values) if isinstance(template, tuple) else list(values)
