"""Keras 2 backend random tensors and randomly initialized Variables.

`seed`: an int, a `kerax.random.SeedGenerator`, or None (a fresh draw
from the global generator, reproducible after
`kerax.utils.set_random_seed`). With `seed=None` inside a traced call (a
`Lambda` drawing noise in a jitted step, as Keras 2's VAE examples do)
the key comes from the host at run time (`jax.experimental.io_callback`),
so every step draws new values, as Keras 2 does; in a `vmap` over
batches (grouped `predict`) the batches of one group share the key.

>>> random_uniform((2, 3), seed=1).shape
(2, 3)
"""

import jax
import jax.numpy as jnp
import numpy as np
from jax.experimental import io_callback

from kerax import random as kerax_random
from kerax.backend.common import tracing
from kerax.core.dtypes import standardize_dtype
from kerax.core.variable import Variable
from kerax.random.seed_generator import host_rng


def _host_key():
    return host_rng(None).integers(0, 2**32, size=2, dtype=np.uint32)


def fresh_seed(seed):
    """`seed`, or for None while tracing a key drawn at run time."""
    if seed is None and tracing():
        return io_callback(_host_key, jax.ShapeDtypeStruct((2,), "uint32"),
                           ordered=False)
    return seed


def _dim(d):
    if d is None:
        raise ValueError(
            "A random tensor needs a fully known shape (use K.shape(x) "
            "inside a Lambda layer for the batch size). Received a None "
            "size."
        )
    if isinstance(d, (int, np.integer)) or hasattr(d, "shape"):
        return int(d)
    return d  # a symbolic size, while a layer's output shape is inferred


def _shape(shape):
    return tuple(_dim(d) for d in shape)


def random_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal samples with `mean` and `stddev`."""
    return kerax_random.normal(_shape(shape), mean=mean, stddev=stddev,
                               dtype=standardize_dtype(dtype),
                               seed=fresh_seed(seed))


def random_uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Uniform samples in `[minval, maxval)`."""
    return kerax_random.uniform(_shape(shape), minval=minval, maxval=maxval,
                                dtype=standardize_dtype(dtype),
                               seed=fresh_seed(seed))


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Normal samples redrawn beyond two standard deviations."""
    return kerax_random.truncated_normal(
        _shape(shape), mean=mean, stddev=stddev,
        dtype=standardize_dtype(dtype), seed=fresh_seed(seed),
    )


def random_binomial(shape, p=0.0, dtype=None, seed=None):
    """1 with probability `p`, else 0."""
    dtype = standardize_dtype(dtype)
    draws = kerax_random.uniform(_shape(shape), dtype=dtype,
                                 seed=fresh_seed(seed))
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
