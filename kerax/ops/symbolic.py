"""Symbolic dispatch for ops: `@symbolic_op` lets an op take KerasTensors.

Called on concrete arrays an op runs its JAX code. Called on KerasTensors
it is wrapped in a small layer (`OpLayer`) that records a node in the
functional graph, with its output spec from `jax.eval_shape`.

>>> import jax.numpy as jnp
>>> @symbolic_op
... def double(x):
...     return jnp.asarray(x) * 2
>>> double(jnp.ones(2)).tolist()
[2.0, 2.0]
"""

from __future__ import annotations

import functools

from kerax.core.keras_tensor import any_symbolic


def symbolic_op(fn):
    """Decorator: dispatch to `symbolic_call` when any arg is symbolic."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        if any_symbolic(args, kwargs):
            return symbolic_call(fn, args, kwargs, name=fn.__name__)
        return fn(*args, **kwargs)

    wrapper.__wrapped_op__ = fn
    return wrapper


def symbolic_call(fn, args, kwargs, name=None):
    """Records `fn(*args, **kwargs)` in the graph; returns KerasTensors."""
    from kerax.layers.core.op_layer import OpLayer

    return OpLayer(fn, args, kwargs, name=name)._call_symbolic_op()
