"""Encoding ops of `kerax.ops.nn`: one-hot, multi-hot and polar
(magnitude and angle to complex numbers).

>>> one_hot(jnp.array([0, 2]), 3).tolist()
[[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
"""

from __future__ import annotations

import jax
import jax.numpy as jnp

from kerax.core.dtypes import standardize_dtype
from kerax.ops.core import _convert
from kerax.ops.nn_activations import _float
from kerax.ops.symbolic import symbolic_op


@symbolic_op
def one_hot(x, num_classes, axis=-1, dtype=None, sparse=False):
    """One-hot encodes integer `x` (negative values give all zeros).

    >>> one_hot([1], 2).tolist()
    [[0.0, 1.0]]
    """
    if sparse:
        raise ValueError("kerax does not support sparse tensors.")
    dtype = standardize_dtype(dtype)
    return jax.nn.one_hot(_convert(x), num_classes, axis=axis, dtype=dtype)


@symbolic_op
def multi_hot(
    inputs, num_classes=None, axis=-1, dtype=None, sparse=False, **kwargs
):
    """Multi-hot encodes integer `inputs` (one row per batch entry for
    2D inputs).

    >>> multi_hot([[0, 2]], 3).tolist()
    [[1.0, 0.0, 1.0]]
    """
    if num_classes is None:
        num_classes = kwargs.pop("num_tokens", None)
    if kwargs:
        raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
    if num_classes is None:
        raise ValueError("Argument `num_classes` must be specified.")
    if sparse:
        raise ValueError("kerax does not support sparse tensors.")
    x = _convert(inputs).astype("int32")
    reduce_axis = 1 if x.ndim > 1 else 0
    encoded = jax.nn.one_hot(
        x, num_classes, axis=axis, dtype=standardize_dtype(dtype)
    )
    return jnp.max(encoded, axis=reduce_axis)


@symbolic_op
def polar(abs_, angle):
    """Complex numbers from magnitudes and angles.

    >>> polar(jnp.array([1.0]), jnp.array([0.0])).tolist()
    [(1+0j)]
    """
    abs_, angle = _float(abs_), _float(angle)
    return jax.lax.complex(abs_ * jnp.cos(angle), abs_ * jnp.sin(angle))
