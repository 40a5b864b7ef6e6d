"""`OpLayer`: an op applied to KerasTensors, recorded as a graph layer.

`kerax.ops` functions called on KerasTensors (and KerasTensor operators
such as `x + y`) become OpLayers in a functional model. Layers tier of
`kerax.graph`: importing this module fills the registration points of
`kerax.graph.dispatch` (`kerax/__init__` imports it).

>>> import kerax
>>> x = kerax.Input((2,))
>>> y = x + 1.0
>>> type(y._keras_history[0]).__name__, y.shape
('OpLayer', (None, 2))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kerax import ops
from kerax.graph import dispatch
from kerax.layers.layer import Layer


class OpLayer(Layer):
    """Wraps `fn(*args, **kwargs)`; tensors in the args are graph inputs."""

    _passthrough_kwargs = True

    def __init__(self, fn, args, kwargs, name=None, **base_kwargs):
        super().__init__(name=name, **base_kwargs)
        self.fn = fn
        self._call_args = args
        self._call_kwargs = kwargs
        self.built = True

    def call(self, *args, **kwargs):
        return self.fn(*args, **kwargs)

    def _call_symbolic_op(self):
        return self(*self._call_args, **self._call_kwargs)

    def get_config(self):
        config = super().get_config()
        config["function"] = getattr(self.fn, "__name__", "op")
        return config


def record_op(fn: Callable, args: tuple, kwargs: dict,
              name: str | None = None) -> Any:
    """Records `fn(*args, **kwargs)` on KerasTensors as an `OpLayer` node;
    returns its output KerasTensors."""
    return OpLayer(fn, args, kwargs, name=name)._call_symbolic_op()


def op_by_name(name: str) -> Callable:
    """The `kerax.ops` function `name` (KerasTensor operators)."""
    return getattr(ops, name)


dispatch.set_op_recorder(record_op)
dispatch.set_operator_table(op_by_name)
