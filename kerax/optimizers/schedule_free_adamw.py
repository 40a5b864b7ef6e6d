"""Schedule-Free AdamW (Defazio et al., 2024), with Keras's numerics.

Written with Keras 3's optimizer protocol (`build` + `update_step`, see
`custom_step.py`).

>>> import jax.numpy as jnp
>>> from kerax.core.variable import Variable
>>> w = Variable(jnp.ones(2), name="w")
>>> opt = ScheduleFreeAdamW(learning_rate=0.1)
>>> opt.apply([jnp.ones(2)], [w])
>>> [v.name for v in opt.variables]
['iteration', 'learning_rate', 'w_momentum', 'w_velocity']
>>> [round(float(x), 4) for x in w.numpy()]
[0.9, 0.9]
"""

from kerax import ops
from kerax.core.registry import register
from kerax.optimizers.optimizer import Optimizer


@register("optimizers")
class ScheduleFreeAdamW(Optimizer):
    """AdamW without a learning-rate schedule.

    Two sequences are kept: `z` (the slot `momentum`, where Adam-style
    steps `z -= lr * g / (sqrt(v / (1 - beta_2**t)) + epsilon)` land) and
    the average `x`; the model weight is `y = (1 - beta_1) * z + beta_1 *
    x`, and `x` moves towards `z` with weight `1 / t`. `momentum` starts at
    the weight's initial value.

    Args:
        learning_rate: float, schedule or callable (default `0.0025`).
        beta_1: float (default `0.9`): interpolation between `z` and `x`.
        beta_2: float (default `0.999`): second-moment decay.
        epsilon: float (default `1e-8`).
        warmup_steps: int (default `0`): the rate rises linearly over
            this many updates.
        weight_decay, clipnorm, clipvalue, global_clipnorm, use_ema,
        ema_momentum, ema_overwrite_frequency, loss_scale_factor,
        gradient_accumulation_steps, name: as for `Optimizer`.

    >>> ScheduleFreeAdamW(warmup_steps=10).get_config()["warmup_steps"]
    10
    """

    def __init__(
        self,
        learning_rate=0.0025,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-8,
        warmup_steps=0,
        weight_decay=None,
        clipnorm=None,
        clipvalue=None,
        global_clipnorm=None,
        use_ema=False,
        ema_momentum=0.99,
        ema_overwrite_frequency=None,
        loss_scale_factor=None,
        gradient_accumulation_steps=None,
        name=None,
        **kwargs,
    ):
        super().__init__(
            learning_rate=learning_rate,
            weight_decay=weight_decay,
            clipnorm=clipnorm,
            clipvalue=clipvalue,
            global_clipnorm=global_clipnorm,
            use_ema=use_ema,
            ema_momentum=ema_momentum,
            ema_overwrite_frequency=ema_overwrite_frequency,
            loss_scale_factor=loss_scale_factor,
            gradient_accumulation_steps=gradient_accumulation_steps,
            name=name,
            **kwargs,
        )
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.warmup_steps = warmup_steps

    def build(self, var_list):
        if self.built:
            return
        super().build(var_list)
        self._z, self._velocities = self.add_optimizer_variables(
            var_list, ["momentum", "velocity"]
        )
        for z, variable in zip(self._z, var_list):
            if z is not None:
                z.assign(ops.copy(getattr(variable, "value", variable)))

    def update_step(self, gradient, variable, learning_rate):
        dtype = variable.dtype
        lr = ops.cast(learning_rate, dtype)
        gradient = ops.cast(gradient, dtype)
        t = ops.cast(self.iterations + 1, dtype)
        beta_1 = ops.cast(self.beta_1, dtype)
        beta_2 = ops.cast(self.beta_2, dtype)
        if self.warmup_steps > 0:
            lr = lr * ops.minimum(t / ops.cast(self.warmup_steps, dtype), 1.0)
        index = self._get_variable_index(variable)
        z, v = self._z[index], self._velocities[index]
        z_before = z.value
        v.assign(v + (ops.square(gradient) - v) * (1 - beta_2))
        scale = ops.sqrt(v / (1 - ops.power(beta_2, t))) + ops.cast(
            self.epsilon, dtype)
        z.assign(z - lr * gradient / scale)
        x_before = (variable - (1 - beta_1) * z_before) / beta_1
        weight = 1.0 / t
        x_after = (1 - weight) * x_before + weight * z
        variable.assign((1 - beta_1) * z + beta_1 * x_after)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "beta_1": self.beta_1,
                "beta_2": self.beta_2,
                "epsilon": self.epsilon,
                "warmup_steps": self.warmup_steps,
            }
        )
        return config
