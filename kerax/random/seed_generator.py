"""`SeedGenerator`: random state held as a non-trainable Variable.

Each `next()` returns a fresh key and advances the state, through the
Variable, so the state advances inside `jax.jit` too (as the step's
non-trainable state).

>>> gen = SeedGenerator(seed=42)
>>> a, b = gen.next(), gen.next()
>>> bool((a != b).any())
True
"""

from __future__ import annotations

import random as _py_random

import jax
import jax.numpy as jnp

from kerax.core.naming import uniquify
from kerax.core.variable import Variable

_GLOBAL_GENERATOR = None


def make_default_seed() -> int:
    """A seed from Python's `random` (reproducible after `set_random_seed`)."""
    return _py_random.randint(1, int(1e9))


class SeedGenerator:
    """Holds random state; `seed` is an int or None (then a random one)."""

    def __init__(self, seed=None, name=None, **kwargs):
        if kwargs:
            raise ValueError(f"Unrecognized keyword arguments: {kwargs}")
        if name is None:
            name = uniquify("seed_generator")
        self.name = name
        if seed is not None and not isinstance(seed, int):
            raise ValueError(
                "Argument `seed` must be an integer. "
                f"Received: seed={seed}"
            )
        self._initial_seed = seed
        if seed is None:
            seed = make_default_seed()
        self.state = Variable(
            jnp.array([0, seed], dtype="uint32"),
            dtype="uint32",
            trainable=False,
            name="seed_generator_state",
        )
        self.state._set_path(name)
        # Its updates never depend on the batch (see `trainers/row_mask`).
        self.state._batch_independent = True

    def next(self, ordered=True):
        """Returns a `uint32[2]` key and advances the state."""
        from kerax.core.scope import get_stateless_scope

        state = self.state.value
        if get_stateless_scope() is None and isinstance(
            state, jax.core.Tracer
        ):
            raise RuntimeError(
                "A SeedGenerator's state was read inside a traced function "
                "without a StatelessScope: the random state cannot advance. "
                "Pass the generator's state through `stateless_call`."
            )
        self.state.assign(state + jnp.array([0, 1], dtype="uint32"))
        return jax.random.fold_in(state, 0)

    def get_config(self):
        return {"seed": self._initial_seed, "name": self.name}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


class _GlobalSeedStream:
    """Keys for `seed=None`: a Python-side counter, never traced state.

    Used eagerly (initializers at build time, eager random calls); inside
    `jax.jit` randomness must come from a seeded `SeedGenerator` instead.
    """

    def __init__(self, seed=None):
        self.seed = make_default_seed() if seed is None else int(seed)
        self._ints = _py_random.Random(self.seed)

    def next_int(self) -> int:
        """A fresh 32-bit seed (for host-side NumPy sampling)."""
        return self._ints.getrandbits(32)

    def next(self):
        return jax.random.PRNGKey(self.next_int())


def _global_stream() -> _GlobalSeedStream:
    global _GLOBAL_GENERATOR
    if _GLOBAL_GENERATOR is None:
        _GLOBAL_GENERATOR = _GlobalSeedStream()
    return _GLOBAL_GENERATOR


def reset_global_seed_generator(seed=None) -> None:
    """Restarts the stream behind `seed=None` (from `set_random_seed`)."""
    global _GLOBAL_GENERATOR
    _GLOBAL_GENERATOR = None if seed is None else _GlobalSeedStream(seed)


def host_rng(seed):
    """A NumPy Generator for host-side sampling (initializers), or None
    when `seed` is a SeedGenerator (whose state must advance in JAX).

    Sampling weights on the host avoids one XLA compilation per weight
    shape (about a second each on CPU) at model-building time.
    """
    import numpy as np

    if isinstance(seed, int) and not isinstance(seed, bool):
        return np.random.default_rng(seed)
    if seed is None:
        return np.random.default_rng(_global_stream().next_int())
    return None


def draw_seed(seed):
    """Turns `seed` (int, SeedGenerator, key array or None) into a key.

    `None` draws from the global generator, which only works eagerly:
    inside `jax.jit` randomness must come from a seeded SeedGenerator.
    """
    if isinstance(seed, SeedGenerator):
        return seed.next()
    if isinstance(seed, int):
        return jax.random.PRNGKey(seed)
    if seed is None:
        return _global_stream().next()
    if hasattr(seed, "shape") and tuple(seed.shape) == (2,):
        return jnp.asarray(seed, dtype="uint32")
    raise ValueError(
        "Argument `seed` must be an integer, a SeedGenerator, a uint32[2] "
        f"key or None. Received: seed={seed}"
    )
