"""LAMB: Adam steps rescaled by the layer-wise trust ratio.

>>> Lamb()._slot_groups()
(('momentum', 'velocity'),)
"""

import jax.numpy as jnp

from kerax import config
from kerax.core.registry import register
from kerax.optimizers.base_arguments import with_base_arguments
from kerax.optimizers.optimizer import Optimizer
from kerax.optimizers.transforms import per_variable_transform, zeros_slot


@register("optimizers")
@with_base_arguments()
class Lamb(Optimizer):
    """LAMB (Layer-wise Adaptive Moments for Batch training).

    The Adam direction `r = (m / (1 - beta_1**t)) / (sqrt(v / (1 -
    beta_2**t)) + epsilon)` is scaled by `||w|| / ||r||` (1 when either norm
    is 0): `w -= ratio * lr * r`.

    Args:
        learning_rate: float, schedule or callable (default `0.001`).
        beta_1: float (default `0.9`).
        beta_2: float (default `0.999`).
        epsilon: float (default `1e-7`); `None` means `config.epsilon()`.
        **kwargs: the common `Optimizer` arguments.

    >>> from kerax.core.variable import Variable
    >>> w = Variable(jnp.zeros(2), name="w")
    >>> Lamb(learning_rate=0.1).apply([jnp.ones(2)], [w])
    >>> [round(float(x), 4) for x in w.numpy()]
    [-0.1, -0.1]
    """

    def __init__(
        self,
        learning_rate=0.001,
        beta_1=0.9,
        beta_2=0.999,
        epsilon=1e-7,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = config.epsilon() if epsilon is None else epsilon

    def _slot_groups(self):
        return (("momentum", "velocity"),)

    def _make_transform(self):
        beta_1, beta_2, eps = self.beta_1, self.beta_2, self.epsilon

        def step(g, p, slots, lr, t):
            b1_power = jnp.power(jnp.asarray(beta_1, p.dtype), t)
            b2_power = jnp.power(jnp.asarray(beta_2, p.dtype), t)
            m = slots["momentum"] + (g - slots["momentum"]) * (1 - beta_1)
            v = slots["velocity"] + (jnp.square(g) - slots["velocity"]) * (
                1 - beta_2
            )
            direction = (m / (1.0 - b1_power)) / (
                jnp.sqrt(v / (1.0 - b2_power)) + eps
            )
            w_norm = jnp.sqrt(jnp.sum(jnp.square(p)))
            d_norm = jnp.sqrt(jnp.sum(jnp.square(direction)))
            ratio = jnp.where(
                w_norm > 0, jnp.where(d_norm > 0, w_norm / d_norm, 1.0), 1.0
            )
            update = -(ratio * lr * direction)
            return update, {"momentum": m, "velocity": v}

        inits = {"momentum": zeros_slot, "velocity": zeros_slot}
        return per_variable_transform(inits, step)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "beta_1": self.beta_1,
                "beta_2": self.beta_2,
                "epsilon": self.epsilon,
            }
        )
        return config
