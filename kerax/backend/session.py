"""Keras 2's session: `get_session`, `set_session`, `eval`.

There is no TensorFlow session under JAX; `get_session()` returns a
`Session` whose `run(fetches, feed_dict=None)` evaluates symbolic tensors
through `K.function` (one compiled function per set of fetches and fed
tensors, reused on later calls).

>>> import numpy as np
>>> float(get_session().run(np.float32(2.0)))
2.0
"""

import numpy as np
from jax import tree_util

from kerax.backend.function import Function
from kerax.backend.updates import Update
from kerax.backend.variables import get_value, to_dense
from kerax.core.keras_tensor import KerasTensor, any_symbolic
from kerax.core.variable import Variable


def _leaf(v):
    return isinstance(v, (Variable, Update))


class Session:
    """Evaluates symbolic tensors: `run(fetches, feed_dict=None)`."""

    def __init__(self):
        self._functions = {}

    def run(self, fetches, feed_dict=None):
        """Values of `fetches` (a tensor, Variable, `Update`, or a
        list/tuple/dict of them) with `feed_dict` {tensor: value}."""
        feed_dict = dict(feed_dict or {})
        leaves, treedef = tree_util.tree_flatten(fetches, is_leaf=_leaf)
        updates = [x for x in leaves if isinstance(x, Update)]
        tensors = [x for x in leaves if not isinstance(x, Update)]
        inputs = list(feed_dict)
        for tensor in inputs:
            if not isinstance(tensor, KerasTensor):
                raise TypeError(
                    "The keys of `feed_dict` must be symbolic tensors. "
                    f"Received: {tensor!r}"
                )
        symbolic = [x for x in tensors if isinstance(x, KerasTensor)]
        values = {}
        if symbolic or updates:
            key = tuple(map(id, inputs + symbolic + updates))
            function = self._functions.get(key)
            if function is None:
                function = Function(inputs, symbolic, updates=updates)
                self._functions[key] = function
            results = function([feed_dict[t] for t in inputs])
            values = {id(t): r for t, r in zip(symbolic, results)}
        out = []
        for leaf in leaves:
            if isinstance(leaf, Update):
                out.append(None)
            elif id(leaf) in values:
                out.append(values[id(leaf)])
            else:
                out.append(get_value(to_dense(leaf)))
        return tree_util.tree_unflatten(treedef, out)


_SESSION = {"session": None}


def get_session():
    """The current `Session` (created on first use)."""
    if _SESSION["session"] is None:
        _SESSION["session"] = Session()
    return _SESSION["session"]


def set_session(session):
    """Makes `session` (a `Session` from `get_session`) current; a
    TensorFlow session cannot run kerax graphs."""
    if not isinstance(session, Session):
        raise TypeError(
            "set_session takes a kerax backend Session (from "
            "K.get_session()); TensorFlow sessions do not run under JAX. "
            f"Received: {type(session)}"
        )
    _SESSION["session"] = session


def eval(x):
    """The value of `x` as NumPy: a Variable's or array's value, or a
    symbolic tensor's when it needs no input (else use K.function)."""
    if any_symbolic(x):
        return get_session().run(x)
    return np.asarray(get_value(to_dense(x)))
