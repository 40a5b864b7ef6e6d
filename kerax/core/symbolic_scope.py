"""`SymbolicScope`: marks code that runs on symbolic inputs only."""

from __future__ import annotations

import threading
from typing import Literal

_LOCAL = threading.local()


class SymbolicScope:
    """While open, `in_symbolic_scope()` is True: layers and functions can
    tell that they are traced for shapes (output specs), not computed.

    >>> with SymbolicScope():
    ...     in_symbolic_scope()
    True
    >>> in_symbolic_scope()
    False
    """

    def __enter__(self) -> SymbolicScope:  # noqa: PYI034 (Self: 3.11)
        self._previous = getattr(_LOCAL, "scope", None)
        _LOCAL.scope = self
        return self

    def __exit__(self, *exc_info: object) -> Literal[False]:
        _LOCAL.scope = self._previous
        return False


def in_symbolic_scope() -> bool:
    """Whether a `SymbolicScope` is open."""
    return getattr(_LOCAL, "scope", None) is not None


def get_symbolic_scope() -> SymbolicScope | None:
    """The innermost open `SymbolicScope`, or None."""
    return getattr(_LOCAL, "scope", None)
