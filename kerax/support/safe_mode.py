"""Safe mode: whether loading may run code stored in files (Python
lambdas). Saving (`SafeModeScope`, `safe_mode=` arguments), the Lambda
layer and `kerax.config.enable_unsafe_deserialization` share this flag.

>>> with SafeModeScope(False):
...     in_safe_mode()
False
>>> in_safe_mode()
True
"""

from __future__ import annotations

import threading
from typing import Literal

_STATE = threading.local()
_DEFAULT_SAFE_MODE = True


class SafeModeScope:
    """Sets whether loading may run code from files, inside a `with`.

    >>> with SafeModeScope(False):
    ...     in_safe_mode()
    False
    >>> in_safe_mode()
    True
    """

    def __init__(self, safe_mode: bool | None = True) -> None:
        self.safe_mode = safe_mode

    def __enter__(self) -> SafeModeScope:  # noqa: PYI034 (Self: 3.11)
        self._previous = getattr(_STATE, "safe_mode", None)
        _STATE.safe_mode = self.safe_mode
        return self

    def __exit__(self, *exc_info: object) -> Literal[False]:
        _STATE.safe_mode = self._previous
        return False


def set_default_safe_mode(value: bool) -> None:
    """The `safe_mode` outside any scope (what
    `kerax.config.enable_unsafe_deserialization` turns off)."""
    global _DEFAULT_SAFE_MODE
    _DEFAULT_SAFE_MODE = bool(value)


def in_safe_mode() -> bool:
    """The active `safe_mode` (the default unless a scope set it)."""
    value = getattr(_STATE, "safe_mode", None)
    return _DEFAULT_SAFE_MODE if value is None else bool(value)
