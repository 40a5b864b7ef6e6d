"""Adam, with Keras's bias correction and epsilon placement.

>>> opt = Adam(lr=0.001, beta_1=0.9, beta_2=0.999, epsilon=None, decay=0.0,
...            amsgrad=False)
>>> opt.get_config()["learning_rate"] == float(jnp.float32(0.001))
True
"""

import jax.numpy as jnp

from kerax import config
from kerax.core.registry import register
from kerax.optimizers.base_arguments import with_base_arguments
from kerax.optimizers.optimizer import Optimizer
from kerax.optimizers.transforms import per_variable_transform, zeros_slot


def adam_transform(beta_1, beta_2, epsilon, amsgrad):
    """Keras's Adam as an optax transform.

    `alpha = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)` and
    `w -= alpha * m / (sqrt(v) + epsilon)` (epsilon outside the bias
    correction, unlike `optax.adam`).
    """

    def step(g, p, slots, lr, t):
        dtype = p.dtype
        b1_power = jnp.power(jnp.asarray(beta_1, dtype), t)
        b2_power = jnp.power(jnp.asarray(beta_2, dtype), t)
        alpha = lr * jnp.sqrt(1 - b2_power) / (1 - b1_power)
        m = slots["momentum"] + (g - slots["momentum"]) * (1 - beta_1)
        v = slots["velocity"] + (jnp.square(g) - slots["velocity"]) * (
            1 - beta_2
        )
        new = {"momentum": m, "velocity": v}
        if amsgrad:
            v = jnp.maximum(slots["velocity_hat"], v)
            new["velocity_hat"] = v
        return -((m * alpha) / (jnp.sqrt(v) + epsilon)), new

    inits = {"momentum": zeros_slot, "velocity": zeros_slot}
    if amsgrad:
        inits["velocity_hat"] = zeros_slot
    return per_variable_transform(inits, step)


@register("optimizers")
@with_base_arguments()
class Adam(Optimizer):
    """Adam: adaptive moment estimation.

    `m = beta_1 * m + (1 - beta_1) * g`, `v = beta_2 * v + (1 - beta_2) *
    g**2`, then `w -= lr * sqrt(1 - beta_2**t) / (1 - beta_1**t) * m /
    (sqrt(v) + epsilon)` at update `t` (1-based). With `amsgrad=True`, the
    running maximum of `v` is used instead of `v`.

    Args:
        learning_rate: float, schedule or callable (default `0.001`).
        beta_1: float (default `0.9`).
        beta_2: float (default `0.999`).
        epsilon: float (default `1e-7`); `None` means `config.epsilon()`.
        amsgrad: bool (default `False`).
        **kwargs: the common `Optimizer` arguments.

    >>> from kerax.core.variable import Variable
    >>> w = Variable(jnp.zeros(2), name="w")
    >>> opt = Adam(learning_rate=0.1)
    >>> opt.apply([jnp.ones(2)], [w])
    >>> [round(float(x), 4) for x in w.numpy()]
    [-0.1, -0.1]
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        amsgrad=False,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = config.epsilon() if epsilon is None else epsilon
        self.amsgrad = amsgrad

    def _slot_groups(self):
        groups = (("momentum", "velocity"),)
        return groups + ((("velocity_hat",),) if self.amsgrad else ())

    def _make_transform(self):
        return adam_transform(
            self.beta_1, self.beta_2, self.epsilon, self.amsgrad
        )

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "beta_1": self.beta_1,
                "beta_2": self.beta_2,
                "epsilon": self.epsilon,
                "amsgrad": self.amsgrad,
            }
        )
        return config
