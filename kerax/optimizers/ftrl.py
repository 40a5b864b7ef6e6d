"""FTRL-Proximal ("Follow The Regularized Leader").

>>> Ftrl()._slot_groups()
(('accumulator', 'linear'),)
"""

import jax.numpy as jnp

from kerax.core.registry import register
from kerax.optimizers.base_arguments import with_base_arguments
from kerax.optimizers.optimizer import Optimizer
from kerax.optimizers.transforms import (
    constant_slot,
    per_variable_transform,
    zeros_slot,
)


def _check(name, value, sign):
    if (sign > 0 and value < 0.0) or (sign < 0 and value > 0.0):
        kind = "positive" if sign > 0 else "negative"
        raise ValueError(
            f"`{name}` needs to be {kind} or zero. Received: {name}={value}."
        )


@register("optimizers")
@with_base_arguments()
class Ftrl(Optimizer):
    """FTRL-Proximal with L1, L2 and L2-shrinkage regularization.

    With `n` the accumulated squared gradients and `z` the linear term:
    `n' = n + g**2`;
    `z += g + 2 * l2_shrinkage * w - (n'**-p - n**-p) / lr * w`
    (`p = learning_rate_power`); then
    `w = (clip(z, -l1, l1) - z) / (n'**-p / lr + 2 * (l2 + beta / (2 lr)))`.

    Args:
        learning_rate: float, schedule or callable (default `0.001`).
        learning_rate_power: float <= 0 (default `-0.5`).
        initial_accumulator_value: float >= 0 (default `0.1`).
        l1_regularization_strength: float >= 0 (default `0.0`).
        l2_regularization_strength: float >= 0 (default `0.0`).
        l2_shrinkage_regularization_strength: float >= 0 (default `0.0`).
        beta: float (default `0.0`).
        **kwargs: the common `Optimizer` arguments.

    >>> Ftrl(l1_regularization_strength=0.01).l1_regularization_strength
    0.01
    """

    def __init__(
        self,
        learning_rate=0.001,
        learning_rate_power=-0.5,
        initial_accumulator_value=0.1,
        l1_regularization_strength=0.0,
        l2_regularization_strength=0.0,
        l2_shrinkage_regularization_strength=0.0,
        beta=0.0,
        **kwargs,
    ):
        super().__init__(learning_rate=learning_rate, **kwargs)
        _check("initial_accumulator_value", initial_accumulator_value, 1)
        _check("learning_rate_power", learning_rate_power, -1)
        _check("l1_regularization_strength", l1_regularization_strength, 1)
        _check("l2_regularization_strength", l2_regularization_strength, 1)
        _check(
            "l2_shrinkage_regularization_strength",
            l2_shrinkage_regularization_strength,
            1,
        )
        self.learning_rate_power = learning_rate_power
        self.initial_accumulator_value = initial_accumulator_value
        self.l1_regularization_strength = l1_regularization_strength
        self.l2_regularization_strength = l2_regularization_strength
        self.l2_shrinkage_regularization_strength = (
            l2_shrinkage_regularization_strength
        )
        self.beta = beta

    def _slot_groups(self):
        return (("accumulator", "linear"),)

    def _make_transform(self):
        power = self.learning_rate_power
        l1 = self.l1_regularization_strength
        l2 = self.l2_regularization_strength
        shrinkage = self.l2_shrinkage_regularization_strength
        beta = self.beta

        def step(g, p, slots, lr, t):
            l2_total = l2 + beta / (2.0 * lr)
            accum = slots["accumulator"]
            new_accum = accum + jnp.square(g)
            grad = g + 2 * shrinkage * p
            sigma = jnp.power(new_accum, -power) - jnp.power(accum, -power)
            linear = slots["linear"] + (grad - sigma / lr * p)
            quadratic = jnp.power(new_accum, -power) / lr + 2 * l2_total
            clipped = jnp.clip(linear, -l1, l1)
            new_p = (clipped - linear) / quadratic
            return new_p - p, {"accumulator": new_accum, "linear": linear}

        inits = {
            "accumulator": constant_slot(self.initial_accumulator_value),
            "linear": zeros_slot,
        }
        return per_variable_transform(inits, step)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "learning_rate_power": self.learning_rate_power,
                "initial_accumulator_value": self.initial_accumulator_value,
                "l1_regularization_strength": self.l1_regularization_strength,
                "l2_regularization_strength": self.l2_regularization_strength,
                "l2_shrinkage_regularization_strength": (
                    self.l2_shrinkage_regularization_strength
                ),
                "beta": self.beta,
            }
        )
        return config
