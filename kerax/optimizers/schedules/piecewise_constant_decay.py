"""Piecewise-constant learning rate.

>>> schedule = PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1])
>>> [round(float(schedule(s)), 4) for s in (10, 11, 21)]
[1.0, 0.5, 0.1]
"""

import jax.numpy as jnp

from kerax.optimizers.schedules.learning_rate_schedule import (
    LearningRateSchedule,
    as_float,
    unwrap_step,
)


class PiecewiseConstantDecay(LearningRateSchedule):
    """A step function of the iteration count.

    The rate is `values[0]` while `step <= boundaries[0]`, `values[i]`
    while `boundaries[i-1] < step <= boundaries[i]`, and `values[-1]` once
    `step > boundaries[-1]`.

    Args:
        boundaries: increasing list of step numbers.
        values: list of rates, one longer than `boundaries`.
        name: str (default `"PiecewiseConstant"`).

    >>> schedule = PiecewiseConstantDecay([2], [0.1, 0.01])
    >>> [round(float(schedule(s)), 3) for s in (0, 2, 3)]
    [0.1, 0.1, 0.01]
    """

    def __init__(self, boundaries, values, name="PiecewiseConstant"):
        if len(boundaries) != len(values) - 1:
            raise ValueError(
                "The length of boundaries should be 1 less than the length "
                f"of values. Received: boundaries={boundaries} of length "
                f"{len(boundaries)}, and values={values} of length "
                f"{len(values)}."
            )
        self.boundaries = boundaries
        self.values = values
        self.name = name

    def __call__(self, step):
        step = jnp.asarray(unwrap_step(step))
        values = [as_float(v) for v in self.values]
        dtype = values[0].dtype
        bounds = [jnp.asarray(b).astype(step.dtype) for b in self.boundaries]
        result = (step <= bounds[0]).astype(dtype) * values[0]
        result = result + (step > bounds[-1]).astype(dtype) * values[-1]
        for low, high, value in zip(bounds[:-1], bounds[1:], values[1:-1]):
            inside = (step > low) & (step <= high)
            result = result + inside.astype(dtype) * value
        return result

    def get_config(self):
        return {
            "boundaries": self.boundaries,
            "values": self.values,
            "name": self.name,
        }
