"""Random initializers: normal, uniform, truncated normal, variance
scaling (Glorot, He, LeCun) and orthogonal.

Seeds: an int seed makes the initializer deterministic (every call
returns the same values, as in Keras 3); a `SeedGenerator` advances on
each call; `seed=None` draws a fresh key from kerax's global generator on
every call, so unseeded initializers give different values each time and
are reproducible after `kerax.utils.set_random_seed(n)`.

>>> GlorotUniform(seed=1)((2, 2)).shape
(2, 2)
"""

from __future__ import annotations

import math
from functools import partial

import jax
import jax.numpy as jnp
import numpy as np

from kerax import random
from kerax.core.dtypes import host_array, standardize_dtype
from kerax.core.registry import register
from kerax.initializers.initializer import Initializer
from kerax.random.seed_generator import SeedGenerator, host_rng


def compute_fans(shape, input_axes=None, output_axes=None):
    """`(fan_in, fan_out)` of a kernel shape, Keras's rule.

    Dense `(in, out)`; conv kernels `(*spatial, in, out)` multiply by the
    receptive field; explicit `input_axes`/`output_axes` override.

    >>> compute_fans((3, 3, 4, 8))
    (36, 72)
    """
    shape = tuple(int(d) for d in shape)
    if input_axes is not None and output_axes is not None:
        fan_in = math.prod(shape[a] for a in input_axes)
        fan_out = math.prod(shape[a] for a in output_axes)
        return int(fan_in), int(fan_out)
    if not shape:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive = math.prod(shape[:-2])
    return shape[-2] * receptive, shape[-1] * receptive


def _seed_config(seed):
    if isinstance(seed, SeedGenerator):
        return {
            "module": "keras.random",
            "class_name": "SeedGenerator",
            "config": seed.get_config(),
            "registered_name": None,
        }
    return seed


def _normal(shape, mean, stddev, dtype, seed):
    rng = host_rng(seed)
    if rng is None:
        return random.normal(shape, mean=mean, stddev=stddev, dtype=dtype,
                             seed=seed)
    sample = rng.standard_normal(shape, dtype="float32") * stddev + mean
    return host_array(sample, dtype)


def _truncated_normal(shape, mean, stddev, dtype, seed):
    rng = host_rng(seed)
    if rng is None:
        return random.truncated_normal(shape, mean=mean, stddev=stddev,
                                       dtype=dtype, seed=seed)
    sample = rng.standard_normal(shape, dtype="float32")
    outside = np.abs(sample) > 2.0
    while outside.any():  # resample until every value is within 2 stddev
        sample[outside] = rng.standard_normal(int(outside.sum()),
                                              dtype="float32")
        outside = np.abs(sample) > 2.0
    return host_array(sample * stddev + mean, dtype)


def _uniform(shape, minval, maxval, dtype, seed):
    rng = host_rng(seed)
    if rng is None:
        return random.uniform(shape, minval=minval, maxval=maxval,
                              dtype=dtype, seed=seed)
    sample = rng.uniform(minval, maxval, size=shape).astype("float32")
    return host_array(sample, dtype)


class RandomInitializer(Initializer):
    """Base of the seeded initializers (see the module docstring)."""

    def __init__(self, seed=None):
        self._init_seed = seed
        if isinstance(seed, dict):
            seed = SeedGenerator(**seed.get("config", {}))
        elif isinstance(seed, bool) or not (
            seed is None or isinstance(seed, (int, SeedGenerator))
        ):
            raise ValueError(
                "`seed` argument should be an instance of "
                "`kerax.random.SeedGenerator()` or an integer. "
                f"Received: seed={seed}"
            )
        self.seed = seed

    def get_config(self):
        return {"seed": _seed_config(self._init_seed)}


@register("initializers", "normal")
class RandomNormal(RandomInitializer):
    """Normal distribution.

    Args:
        mean: mean (default 0.0). stddev: standard deviation (0.05).
        seed: int, SeedGenerator or None.

    >>> RandomNormal(seed=0)((2,)).shape
    (2,)
    """

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        return _normal(shape, self.mean, self.stddev,
                       standardize_dtype(dtype), self.seed)

    def get_config(self):
        return {**super().get_config(), "mean": self.mean,
                "stddev": self.stddev}


@register("initializers")
class TruncatedNormal(RandomInitializer):
    """Normal distribution truncated to two standard deviations.

    >>> float(abs(TruncatedNormal(stddev=1.0, seed=0)((100,))).max()) <= 2
    True
    """

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        return _truncated_normal(shape, self.mean, self.stddev,
                                 standardize_dtype(dtype), self.seed)

    def get_config(self):
        return {**super().get_config(), "mean": self.mean,
                "stddev": self.stddev}


@register("initializers", "uniform")
class RandomUniform(RandomInitializer):
    """Uniform distribution on `[minval, maxval)`.

    >>> float(RandomUniform(0.0, 1.0, seed=0)((10,)).min()) >= 0.0
    True
    """

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval = minval
        self.maxval = maxval
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        return _uniform(shape, self.minval, self.maxval,
                        standardize_dtype(dtype), self.seed)

    def get_config(self):
        return {**super().get_config(), "minval": self.minval,
                "maxval": self.maxval}


@register("initializers")
class VarianceScaling(RandomInitializer):
    """Samples with variance `scale / n`, `n` being `fan_in`, `fan_out` or
    their mean (`mode`), from a `"truncated_normal"` (alias `"normal"`),
    `"untruncated_normal"` or `"uniform"` distribution.

    >>> VarianceScaling(mode="fan_avg", seed=0)((4, 4)).shape
    (4, 4)
    """

    def __init__(
        self,
        scale=1.0,
        mode="fan_in",
        distribution="truncated_normal",
        seed=None,
        input_axes=None,
        output_axes=None,
    ):
        if scale <= 0.0:
            raise ValueError(
                "Argument `scale` must be positive float. "
                f"Received: scale={scale}"
            )
        modes = ("fan_in", "fan_out", "fan_avg")
        if mode not in modes:
            raise ValueError(
                f"Invalid `mode` argument: {mode}. Please use one of {modes}"
            )
        distribution = str(distribution).lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        kinds = ("uniform", "truncated_normal", "untruncated_normal")
        if distribution not in kinds:
            raise ValueError(
                f"Invalid `distribution` argument: {distribution}. "
                f"Please use one of {kinds}"
            )
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.input_axes = input_axes
        self.output_axes = output_axes
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        dtype = standardize_dtype(dtype)
        fan_in, fan_out = compute_fans(shape, self.input_axes,
                                       self.output_axes)
        n = {"fan_in": fan_in, "fan_out": fan_out,
             "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        variance = self.scale / max(1.0, n)
        if self.distribution == "truncated_normal":
            # Std of a unit normal truncated to [-2, 2].
            stddev = math.sqrt(variance) / 0.87962566103423978
            return _truncated_normal(shape, 0.0, stddev, dtype, self.seed)
        if self.distribution == "untruncated_normal":
            return _normal(shape, 0.0, math.sqrt(variance), dtype, self.seed)
        limit = math.sqrt(3.0 * variance)
        return _uniform(shape, -limit, limit, dtype, self.seed)

    def get_config(self):
        return {
            **super().get_config(),
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


class _PresetVarianceScaling(VarianceScaling):
    _SCALE = 1.0
    _MODE = "fan_in"
    _DISTRIBUTION = "truncated_normal"

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        super().__init__(
            scale=self._SCALE, mode=self._MODE,
            distribution=self._DISTRIBUTION, seed=seed,
            input_axes=input_axes, output_axes=output_axes,
        )

    def get_config(self):
        return {
            "seed": _seed_config(self._init_seed),
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


@register("initializers")
class GlorotUniform(_PresetVarianceScaling):
    """Uniform on `[-l, l]`, `l = sqrt(6 / (fan_in + fan_out))`.

    >>> GlorotUniform(seed=0)((3, 3)).shape
    (3, 3)
    """

    _MODE = "fan_avg"
    _DISTRIBUTION = "uniform"


@register("initializers")
class GlorotNormal(_PresetVarianceScaling):
    """Truncated normal, `stddev = sqrt(2 / (fan_in + fan_out))`.

    >>> GlorotNormal(seed=0)((3, 3)).shape
    (3, 3)
    """

    _MODE = "fan_avg"


@register("initializers")
class LecunNormal(_PresetVarianceScaling):
    """Truncated normal, `stddev = sqrt(1 / fan_in)`.

    >>> LecunNormal(seed=0)((3, 3)).shape
    (3, 3)
    """


@register("initializers")
class LecunUniform(_PresetVarianceScaling):
    """Uniform on `[-l, l]`, `l = sqrt(3 / fan_in)`.

    >>> LecunUniform(seed=0)((3, 3)).shape
    (3, 3)
    """

    _DISTRIBUTION = "uniform"


@register("initializers")
class HeNormal(_PresetVarianceScaling):
    """Truncated normal, `stddev = sqrt(2 / fan_in)`.

    >>> HeNormal(seed=0)((3, 3)).shape
    (3, 3)
    """

    _SCALE = 2.0


@register("initializers")
class HeUniform(_PresetVarianceScaling):
    """Uniform on `[-l, l]`, `l = sqrt(6 / fan_in)`.

    >>> HeUniform(seed=0)((3, 3)).shape
    (3, 3)
    """

    _SCALE = 2.0
    _DISTRIBUTION = "uniform"


@partial(jax.jit, static_argnames=("shape", "wide", "dtype"))
def _orthogonal_from(sample, gain, shape, wide, dtype):
    """`gain` times the orthogonal factor of `sample`'s QR (signs fixed by
    `r`'s diagonal), transposed when `wide`, in `shape`: one program per
    shape, where the eager ops compiled about ten small ones each."""
    q, r = jnp.linalg.qr(sample)
    q = q * jnp.sign(jnp.diagonal(r))
    if wide:
        q = q.T
    return (gain * q.reshape(shape)).astype(dtype)


@register("initializers", "OrthogonalInitializer")
class Orthogonal(RandomInitializer):
    """A (semi-)orthogonal matrix times `gain`, from the QR decomposition
    of a normal sample; shapes of rank > 2 are flattened to
    `(prod(shape[:-1]), shape[-1])`.

    >>> q = Orthogonal(seed=0)((3, 3))
    >>> bool(jnp.allclose(q @ q.T, jnp.eye(3), atol=1e-5))
    True
    """

    def __init__(self, gain=1.0, seed=None):
        self.gain = gain
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape = tuple(int(d) for d in shape)
        if len(shape) < 2:
            raise ValueError(
                "The tensor to initialize must be at least two-dimensional. "
                f"Received: shape={shape} of rank {len(shape)}."
            )
        dtype = standardize_dtype(dtype)
        rows, cols = math.prod(shape[:-1]), shape[-1]
        sample = _normal((max(rows, cols), min(rows, cols)), 0.0, 1.0,
                         dtype, self.seed)
        return _orthogonal_from(sample, self.gain, shape, rows < cols, dtype)

    def get_config(self):
        return {**super().get_config(), "gain": self.gain}
