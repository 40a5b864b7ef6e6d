"""`@symbolic_op`: lets an op take KerasTensors as well as arrays.

Core tier of `kerax.graph`. Called on concrete arrays an op runs its JAX
code; called on KerasTensors it is recorded in the functional graph
through `kerax.graph.dispatch` (an op layer, `kerax.graph.op_layer`, with
its output spec from `jax.eval_shape`).

>>> import jax.numpy as jnp
>>> @symbolic_op
... def double(x):
...     return jnp.asarray(x) * 2
>>> double(jnp.ones(2)).tolist()
[2.0, 2.0]
>>> from kerax.graph.keras_tensor import KerasTensor
>>> double(KerasTensor((None, 3))).shape
(None, 3)
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from kerax.graph.dispatch import symbolic_call
from kerax.graph.keras_tensor import any_symbolic

__all__ = ["symbolic_call", "symbolic_op"]


def symbolic_op(fn: Callable) -> Callable:
    """Decorator: dispatch to `symbolic_call` when any arg is symbolic."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if any_symbolic(args, kwargs):
            return symbolic_call(fn, args, kwargs, name=fn.__name__)
        return fn(*args, **kwargs)

    wrapper.__wrapped_op__ = fn  # type: ignore[attr-defined]
    return wrapper
