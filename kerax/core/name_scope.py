"""Name scopes: the `"outer/inner/"` prefix of the paths of variables
created inside them (public as `kerax.name_scope`).

>>> with name_scope("outer"):
...     with name_scope("inner"):
...         name_scope_path("w")
'outer/inner/w'
"""

from __future__ import annotations

import threading
from typing import Any

_LOCAL = threading.local()


def _scopes() -> list[str]:
    scopes = getattr(_LOCAL, "names", None)
    if scopes is None:
        scopes = _LOCAL.names = []
    return scopes


def current_name_scope() -> str | None:
    """The innermost open name scope, or None."""
    scopes = _scopes()
    return scopes[-1] if scopes else None


def name_scope_path(name: str) -> str:
    """`"outer/inner/name"` for the currently open name scopes."""
    return "/".join(_scopes() + [name])


def _callers() -> list[Any]:
    callers = getattr(_LOCAL, "callers", None)
    if callers is None:
        callers = _LOCAL.callers = []
    return callers


class name_scope:
    """Opens a name scope: variables built inside get `<scope>/` paths.

    Args:
        name: the scope's name.
        caller: the object opening it (optional); with `deduplicate`, a
            scope of the same name opened again by the same caller directly
            inside its own is not repeated in the path.
        deduplicate: see `caller` (default True).
        override_parent: a `"a/b"` path replacing the enclosing scopes
            while this one is open.

    >>> import kerax
    >>> with kerax.name_scope("block"):
    ...     v = kerax.Variable(1.0, name="w")
    >>> v.path
    'block/w'
    """

    def __init__(self, name: str, caller: Any = None,
                 deduplicate: bool = True,
                 override_parent: str | None = None) -> None:
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                "name_scope: `name` must be a string without '/'; "
                f"received name={name!r}."
            )
        self.name = name
        self.caller = caller
        self.deduplicate = deduplicate
        self.override_parent = override_parent
        self._pushed = False
        self._saved: tuple[list[str], list[Any]] | None = None

    def __enter__(self) -> name_scope:  # noqa: PYI034 (Self: 3.11)
        scopes, callers = _scopes(), _callers()
        if self.override_parent is not None:
            self._saved = (list(scopes), list(callers))
            parts = [p for p in self.override_parent.split("/") if p]
            scopes[:] = parts
            callers[:] = [None] * len(parts)
        if (self.deduplicate and self.caller is not None and scopes
                and scopes[-1] == self.name and callers
                and callers[-1] is self.caller):
            return self
        scopes.append(self.name)
        callers.append(self.caller)
        self._pushed = True
        return self

    def __exit__(self, *exc: object) -> None:
        scopes, callers = _scopes(), _callers()
        if self._pushed:
            scopes.pop()
            if callers:
                callers.pop()
            self._pushed = False
        if self._saved is not None:
            scopes[:], callers[:] = self._saved
            self._saved = None
