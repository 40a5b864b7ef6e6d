"""The exception types of `kerax.saving`: an old path, re-exporting
`kerax.support.file_errors` (the low-level support package).
"""

from kerax.support.file_errors import (
    DeserializationError,
    FileFormatError,
    SavingError,
    UnsafeFileError,
)

__all__ = [
    "DeserializationError",
    "FileFormatError",
    "SavingError",
    "UnsafeFileError",
]
