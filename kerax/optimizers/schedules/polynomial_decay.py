"""Polynomial decay of the learning rate.

>>> schedule = PolynomialDecay(1.0, decay_steps=4, end_learning_rate=0.0)
>>> float(schedule(1))
0.75
"""

import jax.numpy as jnp

from kerax.optimizers.schedules.learning_rate_schedule import (
    LearningRateSchedule,
    as_float,
    check_positive,
    unwrap_step,
)


class PolynomialDecay(LearningRateSchedule):
    """Decays from `initial_learning_rate` to `end_learning_rate`.

    `rate = (initial - end) * (1 - step / decay_steps) ** power + end`, with
    `step` capped at `decay_steps`. With `cycle=True`, `decay_steps` is
    instead stretched to the first multiple of itself that is `>= step`.

    Args:
        initial_learning_rate: float, the rate at step 0.
        decay_steps: int > 0, the steps to reach `end_learning_rate`.
        end_learning_rate: float (default `0.0001`).
        power: float (default `1.0`).
        cycle: bool (default `False`).
        name: str (default `"PolynomialDecay"`).

    >>> schedule = PolynomialDecay(0.1, 10, end_learning_rate=0.01)
    >>> round(float(schedule(100)), 6)
    0.01
    """

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        end_learning_rate=0.0001,
        power=1.0,
        cycle=False,
        name="PolynomialDecay",
    ):
        check_positive("decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.end_learning_rate = end_learning_rate
        self.power = power
        self.cycle = cycle
        self.name = name

    def __call__(self, step):
        initial = as_float(self.initial_learning_rate)
        dtype = initial.dtype
        end = jnp.asarray(self.end_learning_rate, dtype)
        step = jnp.asarray(unwrap_step(step)).astype(dtype)
        decay_steps = jnp.asarray(self.decay_steps, dtype)
        if self.cycle:
            multiplier = jnp.where(
                step == 0, 1.0, jnp.ceil(step / decay_steps)
            ).astype(dtype)
            decay_steps = decay_steps * multiplier
        else:
            step = jnp.minimum(step, decay_steps)
        fraction = step / decay_steps
        power = jnp.asarray(self.power, dtype)
        return (initial - end) * jnp.power(1 - fraction, power) + end

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "end_learning_rate": self.end_learning_rate,
            "power": self.power,
            "cycle": self.cycle,
            "name": self.name,
        }
