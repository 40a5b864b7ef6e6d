"""Symbolic dispatch: how ops and operators reach the graph.

Core tier of `kerax.graph` (imports nothing above `kerax.core`). Called on
arrays an op runs its JAX code; called on KerasTensors it must be recorded
as a node of the functional graph by an op *layer*, and a layer sits
higher than the ops and the tensors. The two registration points below
invert that dependency: `kerax.graph.op_layer` fills them when it is
imported (`kerax/__init__` imports it, so `import kerax` fills them).

- `set_op_recorder(record)`: `record(fn, args, kwargs, name)` records
  `fn(*args, **kwargs)` on KerasTensors and returns KerasTensors.
- `set_operator_table(lookup)`: `lookup(name)` returns the `kerax.ops`
  function a KerasTensor operator uses (`"add"` for `x + y`).

>>> import kerax, jax.numpy as jnp
>>> x = kerax.KerasTensor((None, 3))
>>> symbolic_call(jnp.tanh, (x,), {}, name="tanh").shape
(None, 3)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Recorder = Callable[[Callable, tuple, dict, "str | None"], Any]

_HOOKS: dict[str, Callable] = {}


def set_op_recorder(record: Recorder) -> None:
    """Registers the function that records an op call on KerasTensors."""
    _HOOKS["record"] = record


def set_operator_table(lookup: Callable[[str], Callable]) -> None:
    """Registers the name -> op function lookup of KerasTensor operators."""
    _HOOKS["operator"] = lookup


def _hook(name: str) -> Callable:
    hook = _HOOKS.get(name)
    if hook is None:
        raise RuntimeError(
            "kerax.graph.dispatch: no symbolic op handler is registered "
            f"('{name}'); it is filled by `kerax.graph.op_layer`, which "
            "`import kerax` imports."
        )
    return hook


def symbolic_call(fn: Callable, args: tuple, kwargs: dict,
                  name: str | None = None) -> Any:
    """Records `fn(*args, **kwargs)` in the graph; returns KerasTensors."""
    return _hook("record")(fn, args, kwargs, name)


def tensor_operator(name: str) -> Callable:
    """The `kerax.ops` function named `name` (KerasTensor operators)."""
    return _hook("operator")(name)
