"""`LearningRateSchedule`: the base of every learning-rate schedule.

A schedule is a serializable callable `schedule(step) -> learning_rate`.
`step` is the optimizer's iteration count (an int array, possibly traced
under `jax.jit`), so `__call__` must be written with `jax.numpy`.

>>> class Halving(LearningRateSchedule):
...     def __init__(self, initial_learning_rate):
...         self.initial_learning_rate = initial_learning_rate
...     def __call__(self, step):
...         return self.initial_learning_rate * 0.5 ** step
...     def get_config(self):
...         return {"initial_learning_rate": self.initial_learning_rate}
>>> float(Halving(1.0)(2))
0.25
"""

import jax.numpy as jnp

from kerax import config


class LearningRateSchedule:
    """Base class of learning-rate schedules.

    Subclasses implement `__call__(step)` (jittable: use `jax.numpy`) and
    `get_config()`; `from_config(config)` calls the constructor with the
    config's entries.

    >>> class Constant(LearningRateSchedule):
    ...     def __call__(self, step):
    ...         return 0.1
    ...     def get_config(self):
    ...         return {}
    >>> Constant()(0)
    0.1
    """

    def __call__(self, step):
        raise NotImplementedError(
            f"Learning rate schedule '{self.__class__.__name__}' must "
            "override `__call__(self, step)`."
        )

    def get_config(self):
        raise NotImplementedError(
            f"Learning rate schedule '{self.__class__.__name__}' must "
            "override `get_config()` in order to be serializable."
        )

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def as_float(value):
    """`value` as an array; Python numbers become `floatx()` arrays."""
    if hasattr(value, "dtype"):
        return jnp.asarray(value)
    return jnp.asarray(value, dtype=config.floatx())


def unwrap_step(step):
    """Returns a Variable's value, or `step` itself."""
    value = getattr(step, "value", None)
    return step if value is None or callable(value) else value


def check_positive(name, value):
    if value <= 0:
        raise ValueError(
            f"Argument `{name}` must be > 0. Received: {name}={value}"
        )
