"""RMSprop: divide the gradient by a running RMS of recent gradients.

>>> opt = RMSprop(lr=0.001, rho=0.9, epsilon=None, decay=0.0)
>>> opt.epsilon
1e-07
"""

import jax.numpy as jnp

from kerax import config
from kerax.core.registry import register
from kerax.optimizers.base_arguments import with_base_arguments
from kerax.optimizers.optimizer import Optimizer
from kerax.optimizers.transforms import per_variable_transform, zeros_slot


@register("optimizers")
@with_base_arguments()
class RMSprop(Optimizer):
    """RMSprop (optionally centered, optionally with momentum).

    `v = rho * v + (1 - rho) * g**2`; the step is
    `lr * g / sqrt(v + epsilon)`, or with `centered=True`
    `lr * g / sqrt(v - a**2 + epsilon)` where `a` is the running mean of
    `g`. With `momentum > 0`, `m = momentum * m + step` and `w -= m`;
    otherwise `w -= step`.

    Args:
        learning_rate: float, schedule or callable (default `0.001`).
        rho: float (default `0.9`), the discount of the running averages.
        momentum: float (default `0.0`).
        epsilon: float (default `1e-7`); `None` means `config.epsilon()`.
        centered: bool (default `False`).
        **kwargs: the common `Optimizer` arguments.

    >>> RMSprop(centered=True, momentum=0.5)._slot_groups()
    (('velocity',), ('momentum',), ('average_gradient',))
    """

    def __init__(
        self,
        learning_rate=0.001,
        rho=0.9,
        momentum=0.0,
        epsilon=1e-7,
        centered=False,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.rho = rho
        self.momentum = momentum
        self.epsilon = config.epsilon() if epsilon is None else epsilon
        self.centered = centered

    def _slot_groups(self):
        groups = [("velocity",)]
        if self.momentum > 0:
            groups.append(("momentum",))
        if self.centered:
            groups.append(("average_gradient",))
        return tuple(groups)

    def _make_transform(self):
        rho, eps, momentum = self.rho, self.epsilon, self.momentum
        centered = self.centered

        def step(g, p, slots, lr, t):
            new = {}
            v = rho * slots["velocity"] + (1 - rho) * jnp.square(g)
            new["velocity"] = v
            if centered:
                a = rho * slots["average_gradient"] + (1 - rho) * g
                new["average_gradient"] = a
                denominator = v - jnp.square(a) + eps
            else:
                denominator = v + eps
            increment = lr * g / jnp.sqrt(denominator)
            if momentum > 0:
                m = momentum * slots["momentum"] + increment
                new["momentum"] = m
                return -m, new
            return -increment, new

        inits = {"velocity": zeros_slot}
        if momentum > 0:
            inits["momentum"] = zeros_slot
        if centered:
            inits["average_gradient"] = zeros_slot
        return per_variable_transform(inits, step)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "rho": self.rho,
                "momentum": self.momentum,
                "epsilon": self.epsilon,
                "centered": self.centered,
            }
        )
        return config
