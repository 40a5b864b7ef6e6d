"""Scopes that redirect Variable reads and writes.

A `StatelessScope` maps Variables to values. While it is open, reading a
Variable returns the mapped value and `assign` records the new value in the
scope instead of mutating the Variable. This is what makes the mutable
Keras object API usable inside `jax.grad` and `jax.jit`.

>>> import jax.numpy as jnp
>>> from kerax.core.scope import StatelessScope
>>> from kerax.core.variable import Variable
>>> v = Variable(jnp.zeros(2))
>>> with StatelessScope([(v, jnp.ones(2))]) as scope:
...     _ = v.assign(v.value * 3)
>>> scope.get_current_value(v).tolist(), v.numpy().tolist()
([3.0, 3.0], [0.0, 0.0])
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

_LOCAL = threading.local()


def _stack() -> list:
    stack = getattr(_LOCAL, "stack", None)
    if stack is None:
        stack = []
        _LOCAL.stack = stack
    return stack


class StatelessScope:
    """Maps Variables to values; captures assignments and added losses."""

    def __init__(
        self,
        state_mapping: Iterable[tuple[Any, Any]] | None = None,
        collect_losses: bool = False,
        initialize_variables: bool = True,
    ) -> None:
        # `initialize_variables` is Keras's: its Variables may be created
        # uninitialized inside a scope; kerax's always hold a value.
        self.initialize_variables = initialize_variables
        self._values: dict[int, Any] = {}
        self._variables: dict[int, Any] = {}
        for variable, value in state_mapping or ():
            self._values[id(variable)] = value
            self._variables[id(variable)] = variable
        self.collect_losses = collect_losses
        self.losses: list = []

    def get_current_value(self, variable: Any) -> Any:
        """Returns the scope's value of `variable`, or None if unmapped."""
        return self._values.get(id(variable))

    def add_update(self, variable: Any, value: Any) -> None:
        self._values[id(variable)] = value
        self._variables[id(variable)] = variable

    def add_loss(self, loss: Any) -> None:
        self.losses.append(loss)

    # typing.Self needs Python 3.11; kerax supports 3.10.
    def __enter__(self) -> StatelessScope:  # noqa: PYI034
        _stack().append(self)
        return self

    def __exit__(self, *exc: object) -> None:
        _stack().pop()


def get_stateless_scope() -> StatelessScope | None:
    """Returns the innermost open StatelessScope, or None."""
    stack = _stack()
    for scope in reversed(stack):
        if isinstance(scope, StatelessScope):
            return scope
    return None


def in_stateless_scope() -> bool:
    return get_stateless_scope() is not None


class outside_stateless_scopes:
    """Hides the open scopes: Variables read and write their own values.

    Building runs inside it, so weights created (and initial values set)
    during a traced or stateless call are stored in the Variables.
    """

    def __enter__(self) -> outside_stateless_scopes:  # noqa: PYI034
        self._saved = _stack()
        _LOCAL.stack = []
        return self

    def __exit__(self, *exc: object) -> None:
        _LOCAL.stack = self._saved
