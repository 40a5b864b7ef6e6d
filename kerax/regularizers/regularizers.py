"""Weight regularizers: `Regularizer`, `L1`, `L2`, `L1L2`,
`OrthogonalRegularizer`.

A regularizer maps a weight tensor to a scalar penalty added to the loss.

>>> float(L2(0.5)(jnp.array([1.0, 2.0])))
2.5
"""

from __future__ import annotations

import math

import jax.numpy as jnp
import numpy as np

from kerax import ops
from kerax.core.registry import register


def validate_float_arg(value, name):
    """Returns `value` as a float, requiring a finite non-negative number."""
    if (
        isinstance(value, bool)
        or not isinstance(value, (float, int))
        or math.isinf(value)
        or math.isnan(value)
        or value < 0
    ):
        raise ValueError(
            f"Invalid value for argument {name}: expected a non-negative "
            f"float. Received: {name}={value}"
        )
    return float(value)


def _as_float32(value):
    # Keras stores these factors as float32 tensors; configs carry the
    # float32-rounded value, and so do ours.
    return float(np.float32(value))


def _tensor(x):
    x = ops.convert_to_tensor(x)
    if not jnp.issubdtype(x.dtype, jnp.inexact):
        x = x.astype("float32")
    return x


@register("regularizers")
class Regularizer:
    """Base class: `__call__(x)` returns the penalty; subclasses implement
    `get_config()`.

    >>> Regularizer()(jnp.ones(2))
    0.0
    """

    def __call__(self, x):
        return 0.0

    @classmethod
    def from_config(cls, config):
        """Builds a regularizer from `get_config()`'s output."""
        return cls(**config)

    def get_config(self):
        raise NotImplementedError(f"{self} does not implement get_config()")


@register("regularizers", "l1_l2")
class L1L2(Regularizer):
    """`l1 * sum(|x|) + l2 * sum(x^2)` (both default 0.0).

    >>> float(L1L2(l1=1.0, l2=1.0)(jnp.array([-2.0])))
    6.0
    """

    def __init__(self, l1=0.0, l2=0.0):
        self.l1 = validate_float_arg(0.0 if l1 is None else l1, name="l1")
        self.l2 = validate_float_arg(0.0 if l2 is None else l2, name="l2")

    def __call__(self, x):
        x = _tensor(x)
        penalty = jnp.zeros((), x.dtype)
        if self.l1:
            penalty = penalty + jnp.asarray(self.l1, x.dtype) * jnp.sum(
                jnp.abs(x)
            )
        if self.l2:
            penalty = penalty + jnp.asarray(self.l2, x.dtype) * jnp.sum(
                jnp.square(x)
            )
        return penalty

    def get_config(self):
        return {"l1": self.l1, "l2": self.l2}


@register("regularizers")
class L1(Regularizer):
    """`l1 * sum(|x|)`, `l1` defaulting to 0.01.

    >>> float(L1(0.5)(jnp.array([-2.0, 2.0])))
    2.0
    """

    def __init__(self, l1=0.01):
        l1 = validate_float_arg(0.01 if l1 is None else l1, name="l1")
        self.l1 = _as_float32(l1)

    def __call__(self, x):
        x = _tensor(x)
        return jnp.asarray(self.l1, x.dtype) * jnp.sum(jnp.abs(x))

    def get_config(self):
        return {"l1": self.l1}


@register("regularizers")
class L2(Regularizer):
    """`l2 * sum(x^2)`, `l2` defaulting to 0.01.

    >>> float(L2()(jnp.array([10.0])))
    1.0
    """

    def __init__(self, l2=0.01):
        self.l2 = validate_float_arg(0.01 if l2 is None else l2, name="l2")

    def __call__(self, x):
        x = _tensor(x)
        return jnp.asarray(self.l2, x.dtype) * jnp.sum(jnp.square(x))

    def get_config(self):
        return {"l2": self.l2}


@register("regularizers")
class OrthogonalRegularizer(Regularizer):
    """Penalizes non-orthogonal rows (or columns) of a 2D kernel:
    `factor * 0.5 * mean |cos|` over distinct pairs of L2-normalized rows.

    Args:
        factor: strength (default 0.01).
        mode: `"rows"` or `"columns"`.

    >>> float(OrthogonalRegularizer(1.0)(jnp.eye(2)))
    0.0
    """

    def __init__(self, factor=0.01, mode="rows"):
        self.factor = _as_float32(validate_float_arg(factor, name="factor"))
        if mode not in ("rows", "columns"):
            raise ValueError(
                "Invalid value for argument `mode`. Expected one of "
                f'{{"rows", "columns"}}. Received: mode={mode}'
            )
        self.mode = mode

    def __call__(self, inputs):
        x = _tensor(inputs)
        if x.ndim != 2:
            raise ValueError(
                "Inputs to OrthogonalRegularizer must have rank 2. "
                f"Received: inputs.shape={x.shape}"
            )
        if self.mode == "rows":
            x = ops.normalize(x, axis=1)
            product, size = x @ x.T, x.shape[0]
        else:
            x = ops.normalize(x, axis=0)
            product, size = x.T @ x, x.shape[1]
        off_diagonal = product * (1.0 - jnp.eye(size, dtype=x.dtype))
        pairs = size * (size - 1.0) / 2.0
        total = jnp.sum(jnp.abs(off_diagonal))
        return jnp.asarray(self.factor, x.dtype) * 0.5 * total / pairs

    def get_config(self):
        return {"factor": self.factor, "mode": self.mode}
