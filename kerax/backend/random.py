"""Keras 2 backend random tensors and randomly initialized Variables.

`seed`: an int, a `kerax.random.SeedGenerator`, or None (a fresh draw
from the global generator, reproducible after
`kerax.utils.set_random_seed`).

>>> random_uniform((2, 3), seed=1).shape
(2, 3)
"""

import jax.numpy as jnp

from kerax import random as kerax_random
from kerax.core.dtypes import standardize_dtype
from kerax.core.variable import Variable


def _shape(shape):
    try:
        return tuple(int(d) for d in shape)
    except TypeError as error:
        raise ValueError(
            "A random tensor needs a fully known shape (use K.shape(x) "
            "inside a Lambda layer for the batch size). Received: "
            f"shape={shape}"
        ) from error


def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal samples with `mean` and `stddev`."""
    return kerax_random.normal(_shape(shape), mean=mean, stddev=stddev,
                               dtype=standardize_dtype(dtype), seed=seed)


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Uniform samples in `[minval, maxval)`."""
    return kerax_random.uniform(_shape(shape), minval=minval, maxval=maxval,
                                dtype=standardize_dtype(dtype), seed=seed)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal samples redrawn beyond two standard deviations."""
    return kerax_random.truncated_normal(
        _shape(shape), mean=mean, stddev=stddev,
        dtype=standardize_dtype(dtype), seed=seed,
    )


def random_binomial(shape, p=0.0, dtype=None, seed=None):
    """1 with probability `p`, else 0."""
    dtype = standardize_dtype(dtype)
    draws = kerax_random.uniform(_shape(shape), dtype=dtype, seed=seed)
    return jnp.where(draws <= p, jnp.ones((), dtype), jnp.zeros((), dtype))


def random_uniform_variable(shape, low, high, dtype=None, name=None,
                            seed=None):
    """A Variable filled with uniform samples in `[low, high)`."""
    value = random_uniform(shape, low, high, dtype=dtype, seed=seed)
    return Variable(value, dtype=standardize_dtype(dtype), name=name)


def random_normal_variable(shape, mean, scale, dtype=None, name=None,
                           seed=None):
    """A Variable filled with normal samples (`mean`, std `scale`)."""
    value = random_normal(shape, mean, scale, dtype=dtype, seed=seed)
    return Variable(value, dtype=standardize_dtype(dtype), name=name)
