"""Exponential and inverse-time decay of the learning rate.

>>> schedule = ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
>>> round(float(schedule(10)), 6)
0.05
"""

import jax.numpy as jnp

from kerax.optimizers.schedules.learning_rate_schedule import (
    LearningRateSchedule,
    as_float,
    check_positive,
    unwrap_step,
)


class ExponentialDecay(LearningRateSchedule):
    """`initial_learning_rate * decay_rate ** (step / decay_steps)`.

    With `staircase=True` the exponent `step / decay_steps` is floored, so
    the rate drops by `decay_rate` once every `decay_steps` steps.

    Args:
        initial_learning_rate: float, the rate at step 0.
        decay_steps: int > 0, the steps over which the rate is multiplied
            by `decay_rate` once.
        decay_rate: float, the multiplier.
        staircase: bool (default `False`), floor the exponent.
        name: str (default `"ExponentialDecay"`).

    >>> schedule = ExponentialDecay(1.0, 2, 0.5, staircase=True)
    >>> [float(schedule(s)) for s in (0, 1, 2, 3)]
    [1.0, 1.0, 0.5, 0.5]
    """

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        decay_rate,
        staircase=False,
        name="ExponentialDecay",
    ):
        check_positive("decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        initial = as_float(self.initial_learning_rate)
        dtype = initial.dtype
        exponent = jnp.asarray(unwrap_step(step)).astype(dtype) / jnp.asarray(
            self.decay_steps, dtype
        )
        if self.staircase:
            exponent = jnp.floor(exponent)
        return initial * jnp.power(
            jnp.asarray(self.decay_rate, dtype), exponent
        )

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }


class InverseTimeDecay(LearningRateSchedule):
    """`initial_learning_rate / (1 + decay_rate * step / decay_steps)`.

    With `staircase=True` the fraction `step / decay_steps` is floored.

    Args:
        initial_learning_rate: float, the rate at step 0.
        decay_steps: int > 0, the step scale of the decay.
        decay_rate: float, the decay speed.
        staircase: bool (default `False`), floor `step / decay_steps`.
        name: str (default `"InverseTimeDecay"`).

    >>> schedule = InverseTimeDecay(1.0, decay_steps=1, decay_rate=0.5)
    >>> float(schedule(2))
    0.5
    """

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        decay_rate,
        staircase=False,
        name="InverseTimeDecay",
    ):
        check_positive("decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.decay_rate = decay_rate
        self.staircase = staircase
        self.name = name

    def __call__(self, step):
        initial = as_float(self.initial_learning_rate)
        dtype = initial.dtype
        fraction = jnp.asarray(unwrap_step(step)).astype(dtype) / jnp.asarray(
            self.decay_steps, dtype
        )
        if self.staircase:
            fraction = jnp.floor(fraction)
        rate = jnp.asarray(self.decay_rate, dtype)
        return initial / (jnp.asarray(1, dtype) + rate * fraction)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "decay_rate": self.decay_rate,
            "staircase": self.staircase,
            "name": self.name,
        }
