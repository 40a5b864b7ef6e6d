"""Random number functions with Keras's names and arguments.

>>> normal((2, 3), seed=1).shape
(2, 3)
"""

import jax
import jax.numpy as jnp

from kerax.core.dtypes import standardize_dtype
from kerax.random.seed_generator import draw_seed


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    dtype = standardize_dtype(dtype)
    sample = jax.random.normal(draw_seed(seed), shape=tuple(shape), dtype=dtype)
    return sample * stddev + mean


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    dtype = standardize_dtype(dtype)
    return jax.random.uniform(
        draw_seed(seed), shape=tuple(shape), minval=minval, maxval=maxval,
        dtype=dtype,
    )


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    dtype = standardize_dtype(dtype)
    sample = jax.random.truncated_normal(
        draw_seed(seed), lower=-2.0, upper=2.0, shape=tuple(shape), dtype=dtype
    )
    return sample * stddev + mean


def randint(shape, minval, maxval, dtype="int32", seed=None):
    return jax.random.randint(
        draw_seed(seed), shape=tuple(shape), minval=minval, maxval=maxval,
        dtype=standardize_dtype(dtype),
    )


def categorical(logits, num_samples, dtype="int32", seed=None):
    logits = jnp.asarray(logits)
    samples = jax.random.categorical(
        draw_seed(seed), logits[..., None, :],
        shape=logits.shape[:-1] + (num_samples,),
    )
    return samples.astype(standardize_dtype(dtype))


def dropout(inputs, rate, noise_shape=None, seed=None):
    """Zeroes entries with probability `rate`, scales the rest by 1/(1-rate)."""
    inputs = jnp.asarray(inputs)
    if noise_shape is None:
        noise_shape = inputs.shape
    else:
        noise_shape = tuple(
            inputs.shape[i] if d is None else d
            for i, d in enumerate(noise_shape)
        )
    keep = jax.random.bernoulli(draw_seed(seed), 1.0 - rate, noise_shape)
    keep = jnp.broadcast_to(keep, inputs.shape)
    return jnp.where(keep, inputs / (1.0 - rate), jnp.zeros_like(inputs))


def shuffle(x, axis=0, seed=None):
    return jax.random.permutation(draw_seed(seed), x, axis=axis)


def gamma(shape, alpha, dtype=None, seed=None):
    dtype = standardize_dtype(dtype)
    return jax.random.gamma(draw_seed(seed), alpha, tuple(shape), dtype=dtype)


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    dtype = standardize_dtype(dtype)
    sample = jax.random.binomial(
        draw_seed(seed), counts, probabilities, shape=tuple(shape)
    )
    return sample.astype(dtype)


def beta(shape, alpha, beta, dtype=None, seed=None):
    dtype = standardize_dtype(dtype)
    return jax.random.beta(draw_seed(seed), alpha, beta, tuple(shape), dtype)
