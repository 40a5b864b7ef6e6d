"""`eager_jit`: a multi-step op called on concrete arrays runs as one
compiled program.

Called outside a trace, each `jax.numpy` primitive of an op compiles and
runs on its own: an `stft` made ~70 small XLA programs on its first call
for a new shape. Decorated with `eager_jit`, such a call runs the whole op
under one `jax.jit`, cached per op and per call signature: the array
arguments (JAX and NumPy arrays, kerax Variables, read at call time) are
its inputs; every other argument (ints, strings, tuples, None) is fixed in
the cached program, and so are `floatx`, `image_data_format`, `epsilon`
and the flash-attention setting (a program is cached per setting). Under
a trace (inside a model's jitted step, under `vmap` or `grad`), or with an
argument of any other kind, the op runs as written, so traced programs are
unchanged.

Only ops whose checks need shapes and dtypes, never values, are decorated.

>>> import jax.numpy as jnp
>>> @eager_jit
... def scaled_sum(x, scale=2):
...     return jnp.sum(x) * scale
>>> float(scaled_sum(jnp.ones(3))), float(scaled_sum(jnp.ones(3), scale=3))
(6.0, 9.0)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import jax
import numpy as np
from jax import tree_util

from kerax import config
from kerax.core.variable import Variable

# Cached programs per op before its cache starts over.
_MAX_SIGNATURES = 64
_STATIC_TYPES = (bool, int, float, complex, str, bytes, type(None),
                 np.dtype, type)


def _is_array(leaf: Any) -> bool:
    return isinstance(leaf, (jax.Array, np.ndarray, np.generic, Variable))


def _split(leaves: list[Any]) -> tuple[tuple, list[Any]] | None:
    """`(static key, array leaves)`, or None when a leaf is a tracer or
    of a kind that cannot be fixed in a program."""
    key = []
    arrays = []
    for leaf in leaves:
        if isinstance(leaf, jax.core.Tracer):
            return None
        if _is_array(leaf):
            value = jax.numpy.asarray(leaf)
            arrays.append(value)
            key.append(("array", value.shape, value.dtype,
                        getattr(value, "weak_type", False)))
        elif isinstance(leaf, _STATIC_TYPES):
            key.append(("static", type(leaf), leaf))
        else:
            return None
    return tuple(key), arrays


def eager_jit(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn` run as one cached `jax.jit` program when called eagerly on
    arrays (see the module docstring)."""
    programs: dict[tuple, Callable[..., Any]] = {}

    @functools.wraps(fn)
    def op(*args: Any, **kwargs: Any) -> Any:
        leaves, treedef = tree_util.tree_flatten((args, kwargs))
        split = _split(leaves)
        if split is None or not split[1]:
            return fn(*args, **kwargs)
        key, arrays = split
        # Defaults an op may read at trace time are part of the program.
        signature = (treedef, key, config.floatx(),
                     config.image_data_format(), config.epsilon(),
                     config.is_flash_attention_enabled())
        program = programs.get(signature)
        if program is None:
            if len(programs) >= _MAX_SIGNATURES:
                programs.clear()
            program = jax.jit(_with_fixed(fn, treedef, leaves))
            programs[signature] = program
        return program(*arrays)

    return op


def _with_fixed(fn: Callable[..., Any], treedef: Any,
                leaves: list[Any]) -> Callable[..., Any]:
    """`fn` of the array leaves only, the other leaves fixed."""
    slots = [_ARRAY if _is_array(leaf) else leaf for leaf in leaves]

    def program(*arrays: Any) -> Any:
        values = iter(arrays)
        full = [next(values) if slot is _ARRAY else slot for slot in slots]
        args, kwargs = tree_util.tree_unflatten(treedef, full)
        return fn(*args, **kwargs)

    return program


_ARRAY = object()  # marks an array leaf's slot
