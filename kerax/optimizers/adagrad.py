"""Adagrad: per-element rates from the sum of squared gradients.

>>> Adagrad().initial_accumulator_value
0.1
"""

import jax.numpy as jnp

from kerax import config
from kerax.core.registry import register
from kerax.optimizers.base_arguments import with_base_arguments
from kerax.optimizers.optimizer import Optimizer
from kerax.optimizers.transforms import constant_slot, per_variable_transform


@register("optimizers")
@with_base_arguments()
class Adagrad(Optimizer):
    """Adagrad.

    `a += g**2`; `w -= lr * g / sqrt(a + epsilon)`, `a` starting at
    `initial_accumulator_value`.

    Args:
        learning_rate: float, schedule or callable (default `0.001`).
        initial_accumulator_value: float (default `0.1`).
        epsilon: float (default `1e-7`); `None` means `config.epsilon()`.
        **kwargs: the common `Optimizer` arguments.

    >>> from kerax.core.variable import Variable
    >>> w = Variable(jnp.zeros(2), name="w")
    >>> opt = Adagrad(initial_accumulator_value=0.5)
    >>> opt.build([w])
    >>> opt.variables[-1].numpy().tolist()
    [0.5, 0.5]
    """

    def __init__(
        self,
        learning_rate=0.001,
        initial_accumulator_value=0.1,
        epsilon=1e-7,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        self.initial_accumulator_value = initial_accumulator_value
        self.epsilon = config.epsilon() if epsilon is None else epsilon

    def _slot_groups(self):
        return (("accumulator",),)

    def _make_transform(self):
        eps = self.epsilon

        def step(g, p, slots, lr, t):
            acc = slots["accumulator"] + jnp.square(g)
            return -(lr * g / jnp.sqrt(acc + eps)), {"accumulator": acc}

        init = constant_slot(self.initial_accumulator_value)
        return per_variable_transform({"accumulator": init}, step)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "initial_accumulator_value": self.initial_accumulator_value,
                "epsilon": self.epsilon,
            }
        )
        return config
