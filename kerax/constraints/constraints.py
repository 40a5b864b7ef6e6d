"""Weight constraints: `Constraint`, `MaxNorm`, `MinMaxNorm`, `NonNeg`,
`UnitNorm`. A constraint maps a weight to its projected value after each
optimizer update.

>>> NonNeg()(jnp.array([-1.0, 2.0])).tolist()
[0.0, 2.0]
"""

from __future__ import annotations

import jax.numpy as jnp

from kerax import config, ops
from kerax.core.registry import register


def _tensor(w):
    w = ops.convert_to_tensor(w)
    if not jnp.issubdtype(w.dtype, jnp.inexact):
        w = w.astype(config.floatx())
    return w


def _norms(w, axis):
    axis = tuple(axis) if isinstance(axis, list) else axis
    return jnp.sqrt(jnp.sum(jnp.square(w), axis=axis, keepdims=True))


@register("constraints")
class Constraint:
    """Base class: `__call__(w)` returns the constrained weight (identity
    here).

    >>> Constraint()(1.0)
    1.0
    """

    def __call__(self, w):
        return w

    def get_config(self):
        """Returns the constructor arguments."""
        return {}

    @classmethod
    def from_config(cls, config):
        """Builds a constraint from `get_config()`'s output."""
        return cls(**config)


@register("constraints", "maxnorm")
class MaxNorm(Constraint):
    """Rescales slices along `axis` whose L2 norm exceeds `max_value`.

    Args:
        max_value: the maximum norm (default 2).
        axis: the axis (or axes) the norm runs over (default 0: each
            column of a Dense kernel).

    >>> [round(float(v), 4) for v in MaxNorm(1.0)(jnp.array([[3.0], [4.0]])).ravel()]
    [0.6, 0.8]
    """

    def __init__(self, max_value=2, axis=0):
        self.max_value = max_value
        self.axis = axis

    def __call__(self, w):
        w = _tensor(w)
        norms = _norms(w, self.axis)
        desired = jnp.clip(norms, 0, self.max_value)
        return w * (desired / (config.epsilon() + norms))

    def get_config(self):
        return {"max_value": self.max_value, "axis": self.axis}


@register("constraints", "nonneg")
class NonNeg(Constraint):
    """Clips negative weights to 0.

    >>> NonNeg()(jnp.array([-3.0])).tolist()
    [0.0]
    """

    def __call__(self, w):
        return jnp.maximum(_tensor(w), 0)


@register("constraints", "unitnorm")
class UnitNorm(Constraint):
    """Rescales slices along `axis` to unit L2 norm.

    >>> [round(float(v), 4) for v in UnitNorm()(jnp.array([[3.0], [4.0]])).ravel()]
    [0.6, 0.8]
    """

    def __init__(self, axis=0):
        self.axis = axis

    def __call__(self, w):
        w = _tensor(w)
        return w / (config.epsilon() + _norms(w, self.axis))

    def get_config(self):
        return {"axis": self.axis}


@register("constraints")
class MinMaxNorm(Constraint):
    """Moves the L2 norm of slices along `axis` into
    `[min_value, max_value]`, a fraction `rate` of the way per call.

    >>> w = MinMaxNorm(1.0, 2.0)(jnp.array([[0.3], [0.4]]))
    >>> [round(float(v), 4) for v in w.ravel()]
    [0.6, 0.8]
    """

    def __init__(self, min_value=0.0, max_value=1.0, rate=1.0, axis=0):
        self.min_value = min_value
        self.max_value = max_value
        self.rate = rate
        self.axis = axis

    def __call__(self, w):
        w = _tensor(w)
        norms = _norms(w, self.axis)
        desired = self.rate * jnp.clip(
            norms, self.min_value, self.max_value
        ) + (1 - self.rate) * norms
        return w * (desired / (config.epsilon() + norms))

    def get_config(self):
        return {
            "min_value": self.min_value,
            "max_value": self.max_value,
            "rate": self.rate,
            "axis": self.axis,
        }
