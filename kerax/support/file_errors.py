"""Exception types raised by `kerax.saving`.

Every problem with a file (corrupt, truncated, of the wrong kind, unsafe)
is raised as a `SavingError` or one of its subclasses. `SavingError` is a
`ValueError`, so `except ValueError` keeps working; `FileFormatError` is
also an `OSError`, like the errors raised for unreadable files.

>>> issubclass(FileFormatError, ValueError), issubclass(UnsafeFileError,
...                                                      SavingError)
(True, True)
"""

from __future__ import annotations

from typing import Any


class SavingError(ValueError):
    """Base class of kerax's saving and loading errors."""


class FileFormatError(OSError, SavingError):
    """A file is corrupt, truncated, or not the kind of file expected."""

    def __init__(self, filepath: Any, problem: str) -> None:
        self.filepath = str(filepath)
        self.problem = problem
        super().__init__(f"Cannot load '{self.filepath}': {problem}")

    def __str__(self) -> str:
        return f"Cannot load '{self.filepath}': {self.problem}"

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        return (type(self), (self.filepath, self.problem))


class UnsafeFileError(SavingError):
    """Loading would run code or import modules that `safe_mode` forbids."""


class DeserializationError(SavingError):
    """A config names an object kerax cannot (or may not) resolve."""


# Users meet these as `kerax.saving`'s errors: tracebacks and pickles name
# their public module, which re-exports them.
for _error in (SavingError, FileFormatError, UnsafeFileError,
               DeserializationError):
    _error.__module__ = "kerax.saving.errors"
