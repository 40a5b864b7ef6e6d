"""Rematerialization: `remat(f)` and `RematScope`, on `jax.checkpoint`.

A rematerialized function keeps none of its intermediate values for the
backward pass; they are recomputed from its inputs when gradients are
taken, which lowers peak memory at the cost of compute. Layers created
inside a `RematScope` rematerialize their `call` as the scope's mode says;
the mode is fixed when the layer is created (as in Keras).
"""

from __future__ import annotations

import functools
import math
import threading
from collections.abc import Callable
from typing import Any, Literal, NamedTuple

import jax
import numpy as np

from kerax.core.scope import StatelessScope, get_stateless_scope
from kerax.core.symbolic_scope import SymbolicScope, in_symbolic_scope


class RematMode(NamedTuple):
    """The settings of the innermost `RematScope`."""

    mode: str | None
    output_size_threshold: int
    layer_names: list
_MODES = ("full", "activations", "larger_than", "list_of_layers", None)
_STATE = threading.local()


def _stack() -> list:
    if not hasattr(_STATE, "scopes"):
        _STATE.scopes = []
    return _STATE.scopes


class RematScope:
    """Rematerializes the layers created inside it.

    Args:
        mode: `"full"` (every layer's call), `"activations"` (the
            `activation` of layers that have one), `"larger_than"` (layers
            whose outputs hold more than `output_size_threshold` values),
            `"list_of_layers"` (layers named in `layer_names`) or None
            (no rematerialization; use it to switch an outer scope off).
        output_size_threshold: the `"larger_than"` threshold (default 1024).
        layer_names: the `"list_of_layers"` names (default none).

    >>> import kerax, numpy as np
    >>> with kerax.RematScope("full"):
    ...     layer = kerax.layers.Dense(3)
    >>> layer(np.ones((2, 4))).shape
    (2, 3)
    """

    # Unannotated: `inspect.signature(RematScope)` reads as Keras's.
    def __init__(self, mode="full",  # type: ignore[no-untyped-def]
                 output_size_threshold=1024, layer_names=None):
        if mode not in _MODES:
            raise ValueError(
                f"RematScope: `mode` must be one of {list(_MODES)}; "
                f"received mode={mode!r}."
            )
        self.mode = mode
        self.output_size_threshold = output_size_threshold
        self.layer_names = list(layer_names or [])
        self._entered = False

    def __enter__(self) -> RematScope:  # noqa: PYI034 (Self: 3.11)
        _stack().append(self)
        self._entered = True
        return self

    def __exit__(self, *exc_info: object) -> Literal[False]:
        if self._entered:
            _stack().pop()
            self._entered = False
        return False


def get_current_remat_mode() -> RematMode | None:
    """The innermost `RematScope`'s settings as a `RematMode`, or None."""
    scopes = _stack()
    if not scopes:
        return None
    top = scopes[-1]
    return RematMode(top.mode, top.output_size_threshold, top.layer_names)


def _is_array(x: Any) -> bool:
    return isinstance(x, (jax.Array, np.ndarray, np.generic))


def _on_arrays(f: Callable[..., Any], args: tuple[Any, ...],
               kwargs: dict[str, Any],
               ) -> tuple[Callable[..., Any], list[Any]]:
    """`(g, arrays)`: `g(*arrays)` calls `f(*args, **kwargs)` with the array
    leaves of the arguments replaced by `g`'s (the rest stays static)."""
    leaves, treedef = jax.tree_util.tree_flatten((args, kwargs))
    traced = [i for i, leaf in enumerate(leaves) if _is_array(leaf)]

    def g(*arrays: Any) -> Any:
        full = list(leaves)
        for i, value in zip(traced, arrays):
            full[i] = value
        call_args, call_kwargs = jax.tree_util.tree_unflatten(treedef, full)
        return f(*call_args, **call_kwargs)

    return g, [leaves[i] for i in traced]


def remat(f: Callable[..., Any]) -> Callable[..., Any]:
    """Returns `f` rematerialized: its intermediates are recomputed in the
    backward pass instead of stored. Arrays among the arguments are traced;
    every other argument (`training=True`, a layer, a string) is passed as
    it is.

    >>> import jax, jax.numpy as jnp, kerax
    >>> def f(x):
    ...     return jnp.sin(jnp.sin(x))
    >>> float(jax.grad(kerax.remat(f))(1.0)) == float(jax.grad(f)(1.0))
    True
    """

    @functools.wraps(f)
    def rematerialized(*args: Any, **kwargs: Any) -> Any:
        g, arrays = _on_arrays(f, args, kwargs)
        outer = get_stateless_scope()
        if outer is None and not any(
                isinstance(a, jax.core.Tracer) for a in arrays):
            # Concrete values outside any trace: nothing will be
            # differentiated, so there is nothing to recompute.
            return f(*args, **kwargs)
        written: list = []

        def pure(*inputs: Any) -> tuple[Any, list[Any], list[Any]]:
            # Variable writes (seed states, statistics) and added losses
            # leave as outputs and are replayed outside, so no inner tracer
            # escapes the checkpoint.
            inner = _inner_scope(outer)
            with inner:
                out = g(*inputs)
            written[:] = [v for v, value in inner.updates()]
            return out, [value for _, value in inner.updates()], inner.losses

        out, values, losses = jax.checkpoint(pure)(*arrays)
        for variable, value in zip(written, values):
            variable.assign(value)
        if outer is not None and outer.collect_losses:
            for loss in losses:
                outer.add_loss(loss)
        return out

    return rematerialized


class _inner_scope(StatelessScope):
    """A StatelessScope starting from `outer`'s mapping (or empty) that
    lists the writes made and collects the losses added while it was
    open."""

    def __init__(self, outer: StatelessScope | None) -> None:
        mapping = [] if outer is None else [
            (outer._variables[k], outer._values[k]) for k in outer._values
        ]
        super().__init__(mapping, collect_losses=True)
        self._initial = dict(self._values)

    def updates(self) -> list[tuple[Any, Any]]:
        return [(self._variables[k], value)
                for k, value in self._values.items()
                if self._initial.get(k) is not value]


def _output_size(layer_call: Callable[..., Any], args: tuple[Any, ...],
                 kwargs: dict[str, Any]) -> int:
    g, arrays = _on_arrays(layer_call, args, kwargs)
    with SymbolicScope(), StatelessScope():
        spec = jax.eval_shape(g, *arrays)
    return sum(math.prod(leaf.shape) for leaf in jax.tree_util.tree_leaves(spec)
               if hasattr(leaf, "shape"))


def rematerialized_call(layer: Any, layer_call: Callable[..., Any],
                        *args: Any, **kwargs: Any) -> Callable[..., Any]:
    """`layer_call` wrapped as `layer`'s remat mode says (the mode captured
    when the layer was created)."""
    mode = getattr(layer, "_remat_mode", None)
    if not mode or mode.mode is None or in_symbolic_scope():
        return layer_call
    if mode.mode == "full":
        return remat(layer_call)
    if mode.mode == "list_of_layers":
        return remat(layer_call) if layer.name in mode.layer_names \
            else layer_call
    if mode.mode == "larger_than":
        if _output_size(layer_call, args, kwargs) > mode.output_size_threshold:
            return remat(layer_call)
        return layer_call
    # "activations": only the layer's activation function is recomputed.
    activation = getattr(layer, "activation", None)
    if activation is None:
        return layer_call

    @functools.wraps(layer_call)
    def with_remat_activation(*call_args: Any, **call_kwargs: Any) -> Any:
        layer.activation = remat(activation)
        try:
            return layer_call(*call_args, **call_kwargs)
        finally:
            layer.activation = activation

    return with_remat_activation
