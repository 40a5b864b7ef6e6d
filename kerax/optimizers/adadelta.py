"""Adadelta: step sizes from running averages of gradients and updates.

>>> opt = Adadelta(lr=1.0, rho=0.95, epsilon=None, decay=0.0)
>>> float(opt.learning_rate)
1.0
"""

import jax.numpy as jnp

from kerax import config
from kerax.core.registry import register
from kerax.optimizers.base_arguments import with_base_arguments
from kerax.optimizers.optimizer import Optimizer
from kerax.optimizers.transforms import per_variable_transform, zeros_slot


@register("optimizers")
@with_base_arguments()
class Adadelta(Optimizer):
    """Adadelta.

    `a = rho * a + (1 - rho) * g**2`;
    `d = -sqrt(s + epsilon) / sqrt(a + epsilon) * g`;
    `s = rho * s + (1 - rho) * d**2`; `w += lr * d`.

    Args:
        learning_rate: float, schedule or callable (default `0.001`; Keras 2
            code usually passes `lr=1.0`).
        rho: float (default `0.95`).
        epsilon: float (default `1e-7`); `None` means `config.epsilon()`.
        **kwargs: the common `Optimizer` arguments.

    >>> [v for v in Adadelta()._slot_groups()[0]]
    ['accumulated_grad', 'accumulated_delta_var']
    """

    def __init__(self, learning_rate=0.001, rho=0.95, epsilon=1e-7, **kwargs):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.rho = rho
        self.epsilon = config.epsilon() if epsilon is None else epsilon

    def _slot_groups(self):
        return (("accumulated_grad", "accumulated_delta_var"),)

    def _make_transform(self):
        rho, eps = self.rho, self.epsilon

        def step(g, p, slots, lr, t):
            grad_avg = rho * slots["accumulated_grad"] + (1 - rho) * (
                jnp.square(g)
            )
            delta_avg = slots["accumulated_delta_var"]
            delta = -(jnp.sqrt(delta_avg + eps) * g / jnp.sqrt(grad_avg + eps))
            delta_avg = rho * delta_avg + (1 - rho) * jnp.square(delta)
            new = {
                "accumulated_grad": grad_avg,
                "accumulated_delta_var": delta_avg,
            }
            return lr * delta, new

        inits = {"accumulated_grad": zeros_slot}
        inits["accumulated_delta_var"] = zeros_slot
        return per_variable_transform(inits, step)

    def get_config(self):
        config = super().get_config()
        config.update({"rho": self.rho, "epsilon": self.epsilon})
        return config
