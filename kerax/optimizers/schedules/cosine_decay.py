"""Cosine decay (optionally after a linear warmup), and with restarts.

>>> schedule = CosineDecay(1.0, decay_steps=2)
>>> [round(float(schedule(s)), 6) for s in (0, 1, 2)]
[1.0, 0.5, 0.0]
"""

import math

import jax.numpy as jnp

from kerax.optimizers.schedules.learning_rate_schedule import (
    LearningRateSchedule,
    as_float,
    check_positive,
    unwrap_step,
)


def _cosine(fraction, alpha, dtype):
    pi = jnp.asarray(math.pi, dtype)
    cosine = 0.5 * (1.0 + jnp.cos(pi * fraction))
    return (1 - alpha) * cosine + alpha


class CosineDecay(LearningRateSchedule):
    """Half a cosine from the start rate down to `alpha` times it.

    Without warmup (`warmup_target=None`) the rate is
    `initial * ((1 - alpha) * 0.5 * (1 + cos(pi * s / decay_steps)) + alpha)`
    with `s = min(step, decay_steps)`. With a `warmup_target`, the rate
    first rises linearly from `initial_learning_rate` to `warmup_target`
    over `warmup_steps`, then decays from `warmup_target` as above.

    Args:
        initial_learning_rate: float, the rate at step 0.
        decay_steps: int > 0, the length of the decay.
        alpha: float (default `0.0`), the final fraction of the rate.
        name: str (default `"CosineDecay"`).
        warmup_target: float or None (default), the rate after warmup.
        warmup_steps: int (default `0`), the length of the warmup.

    >>> schedule = CosineDecay(0.0, 10, warmup_target=1.0, warmup_steps=4)
    >>> float(schedule(2))
    0.5
    """

    def __init__(
        self,
        initial_learning_rate,
        decay_steps,
        alpha=0.0,
        name="CosineDecay",
        warmup_target=None,
        warmup_steps=0,
    ):
        check_positive("decay_steps", decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.decay_steps = decay_steps
        self.alpha = alpha
        self.name = name
        self.warmup_target = warmup_target
        self.warmup_steps = warmup_steps

    def __call__(self, step):
        initial = as_float(self.initial_learning_rate)
        dtype = initial.dtype
        decay_steps = jnp.asarray(self.decay_steps, dtype)
        step = jnp.asarray(unwrap_step(step)).astype(dtype)
        if self.warmup_target is None:
            step = jnp.minimum(step, decay_steps)
            return initial * _cosine(step / decay_steps, self.alpha, dtype)
        target = jnp.asarray(self.warmup_target, dtype)
        warmup_steps = jnp.asarray(self.warmup_steps, dtype)
        step = jnp.minimum(step, decay_steps + warmup_steps)
        warm = (target - initial) * (step / warmup_steps) + initial
        fraction = (step - warmup_steps) / decay_steps
        decayed = target * _cosine(fraction, self.alpha, dtype)
        return jnp.where(step < warmup_steps, warm, decayed)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "decay_steps": self.decay_steps,
            "alpha": self.alpha,
            "name": self.name,
            "warmup_target": self.warmup_target,
            "warmup_steps": self.warmup_steps,
        }


class CosineDecayRestarts(LearningRateSchedule):
    """Cosine decay with warm restarts (SGDR).

    The multiplier decays from 1 to `alpha` over `first_decay_steps`; then
    it restarts, each period `t_mul` times longer than the previous one and
    starting from `m_mul` times the previous peak.

    Args:
        initial_learning_rate: float, the first peak rate.
        first_decay_steps: int > 0, the length of the first period.
        t_mul: float (default `2.0`), period growth factor.
        m_mul: float (default `1.0`), peak decay factor.
        alpha: float (default `0.0`), the floor as a fraction of the peak.
        name: str (default `"SGDRDecay"`).

    >>> schedule = CosineDecayRestarts(1.0, 2, t_mul=1.0)
    >>> [round(float(schedule(s)), 6) for s in (0, 1, 2)]
    [1.0, 0.5, 1.0]
    """

    def __init__(
        self,
        initial_learning_rate,
        first_decay_steps,
        t_mul=2.0,
        m_mul=1.0,
        alpha=0.0,
        name="SGDRDecay",
    ):
        check_positive("first_decay_steps", first_decay_steps)
        self.initial_learning_rate = initial_learning_rate
        self.first_decay_steps = first_decay_steps
        self._t_mul = t_mul
        self._m_mul = m_mul
        self.alpha = alpha
        self.name = name

    def __call__(self, step):
        initial = as_float(self.initial_learning_rate)
        dtype = initial.dtype
        t_mul = jnp.asarray(self._t_mul, dtype)
        m_mul = jnp.asarray(self._m_mul, dtype)
        alpha = jnp.asarray(self.alpha, dtype)
        step = jnp.asarray(unwrap_step(step)).astype(dtype)
        fraction = step / jnp.asarray(self.first_decay_steps, dtype)
        if float(self._t_mul) == 1.0:
            restart = jnp.floor(fraction)
            fraction = fraction - restart
        else:
            restart = jnp.floor(
                jnp.log(1.0 - fraction * (1.0 - t_mul)) / jnp.log(t_mul)
            )
            done = (1.0 - jnp.power(t_mul, restart)) / (1.0 - t_mul)
            fraction = (fraction - done) / jnp.power(t_mul, restart)
        peak = jnp.power(m_mul, restart)
        pi = jnp.asarray(math.pi, dtype)
        cosine = 0.5 * peak * (1.0 + jnp.cos(pi * fraction))
        return initial * ((1 - alpha) * cosine + alpha)

    def get_config(self):
        return {
            "initial_learning_rate": self.initial_learning_rate,
            "first_decay_steps": self.first_decay_steps,
            "t_mul": self._t_mul,
            "m_mul": self._m_mul,
            "alpha": self.alpha,
            "name": self.name,
        }
