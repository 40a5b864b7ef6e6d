"""`LossScaleOptimizer`: dynamic loss scaling for float16 training.

>>> import jax.numpy as jnp
>>> from kerax.core.variable import Variable
>>> from kerax.optimizers.sgd import SGD
>>> w = Variable(jnp.ones(2), name="w")
>>> opt = LossScaleOptimizer(SGD(learning_rate=0.5), initial_scale=4.0)
>>> opt.apply([jnp.array([4.0, jnp.inf])], [w])  # skipped, scale halves
>>> w.numpy().tolist(), float(opt.dynamic_scale.numpy())
([1.0, 1.0], 2.0)
"""

import jax
import jax.numpy as jnp

from kerax.core.registry import register
from kerax.optimizers.optimizer import Optimizer
from kerax.optimizers.stateless_step import like as _like

_BASE_DEFAULTS = {
    "weight_decay": None,
    "clipnorm": None,
    "global_clipnorm": None,
    "clipvalue": None,
    "use_ema": False,
    "ema_momentum": 0.99,
    "ema_overwrite_frequency": None,
    "loss_scale_factor": None,
    "gradient_accumulation_steps": None,
}


@register("optimizers")
class LossScaleOptimizer(Optimizer):
    """Wraps an optimizer with a dynamic loss scale.

    Multiply the loss by the scale (`scale_loss`) before differentiating;
    each step then divides the gradients by the scale. When every gradient
    is finite, the inner optimizer steps and, after `dynamic_growth_steps`
    such steps in a row, the scale doubles. Otherwise the step is skipped
    (weights and inner state unchanged) and the scale halves. All of it is
    pure in `stateless_apply`.

    Args:
        inner_optimizer: the `Optimizer` to wrap.
        initial_scale: float (default `2**15`).
        dynamic_growth_steps: int (default `2000`).
        name: str, optional.

    Variables: its own `iteration`, `learning_rate`, `step_counter`,
    `dynamic_scale`, then the inner optimizer's.

    >>> from kerax.optimizers.adam import Adam
    >>> opt = LossScaleOptimizer(Adam())
    >>> float(opt.scale_loss(jnp.asarray(1.0)))
    32768.0
    """

    def __init__(
        self,
        inner_optimizer,
        initial_scale=2.0**15,
        dynamic_growth_steps=2000,
        name=None,
        **kwargs,
    ):
        if not kwargs.pop("dynamic", True):
            raise ValueError(
                "LossScaleOptimizer no longer supports `dynamic=False`. "
                "Instead, simply set `loss_scale_factor` directly on the "
                "`inner_optimizer`."
            )
        for arg, default in _BASE_DEFAULTS.items():
            if arg in kwargs and kwargs.pop(arg) != default:
                raise ValueError(
                    f"LossScaleOptimizer does not support `{arg}`. Instead, "
                    f"set `{arg}` on the `inner_optimizer`."
                )
        if kwargs:
            raise ValueError(
                "LossScaleOptimizer does not support arguments: "
                f"`{'`, `'.join(kwargs)}`."
            )
        if not isinstance(inner_optimizer, Optimizer):
            raise TypeError(
                "Argument `inner_optimizer` must be an `Optimizer` instance. "
                f"Received: inner_optimizer={inner_optimizer}"
            )
        super().__init__(learning_rate=0.0, name=name)
        self.inner_optimizer = inner_optimizer
        self.initial_scale = initial_scale
        self.dynamic_growth_steps = dynamic_growth_steps
        self.inner_optimizer.loss_scale_factor = None

    def build(self, var_list):
        if self.built:
            return
        var_list = list(var_list)
        self.step_counter = self._new_variable(
            jnp.zeros((), self._iterations.dtype), "step_counter"
        )
        self.dynamic_scale = self._new_variable(
            jnp.asarray(self.initial_scale, "float32"), "dynamic_scale"
        )
        if not self.inner_optimizer.built:
            self.inner_optimizer.build(var_list)
        self._trainable_variables = var_list
        self._var_index = {id(v): i for i, v in enumerate(var_list)}
        self._extras = {}
        self.built = True

    @property
    def variables(self):
        return self._variables + self.inner_optimizer.variables

    def stateless_apply(self, optimizer_values, grads, trainable_values):
        self._check_stateless_args(optimizer_values, trainable_values)
        n_own = len(self._variables)
        own = [jnp.asarray(v) for v in optimizer_values[:n_own]]
        inner = list(optimizer_values[n_own:])
        params = [jnp.asarray(p) for p in trainable_values]
        grads = list(grads)
        present = [g for g in grads if g is not None]
        finite = jnp.all(jnp.stack([jnp.all(jnp.isfinite(g)) for g in present]))
        counter, scale = own[2], own[3]

        def on_finite(_):
            grow = counter == self.dynamic_growth_steps - 1
            new_counter = jnp.where(grow, jnp.zeros_like(counter), counter + 1)
            new_scale = jnp.where(grow, scale * 2.0, scale)
            unscaled = [None if g is None else g / scale for g in grads]
            new_params, new_inner = self.inner_optimizer.stateless_apply(
                [jnp.asarray(v) for v in inner], unscaled, params
            )
            new_own = own[:2] + [new_counter, new_scale] + own[4:]
            return list(new_params), new_own + list(new_inner)

        def on_non_finite(_):
            new_own = own[:2] + [jnp.zeros_like(counter), scale * 0.5]
            new_own += own[4:]
            return params, new_own + [jnp.asarray(v) for v in inner]

        new_params, new_values = jax.lax.cond(
            finite, on_finite, on_non_finite, None
        )
        return (
            _like(trainable_values, new_params),
            _like(optimizer_values, new_values),
        )

    def scale_loss(self, loss):
        """`loss * dynamic_scale` (the open StatelessScope's value, if any)."""
        scale = self.dynamic_scale.value if self.built else self.initial_scale
        return loss * scale

    def stateless_scale_loss(self, optimizer_values, loss):
        """`loss` times the scale held in `optimizer_values`."""
        return loss * optimizer_values[3]

    @property
    def learning_rate(self):
        return self.inner_optimizer.learning_rate

    @learning_rate.setter
    def learning_rate(self, learning_rate):
        self.inner_optimizer.learning_rate = learning_rate

    lr = learning_rate

    @property
    def iterations(self):
        return self.inner_optimizer.iterations

    def finalize_variable_values(self, var_list):
        self.inner_optimizer.finalize_variable_values(var_list)

    def get_config(self):
        from kerax.optimizers.serialization import serialize

        return {
            "name": self.name,
            "inner_optimizer": serialize(self.inner_optimizer),
            "initial_scale": self.initial_scale,
            "dynamic_growth_steps": self.dynamic_growth_steps,
        }

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from kerax.optimizers.serialization import deserialize

        config = dict(config)
        inner = deserialize(
            config.pop("inner_optimizer"), custom_objects=custom_objects
        )
        return cls(inner, **config)
