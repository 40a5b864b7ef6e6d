"""Atomic file writes: an old path, re-exporting
`kerax.support.atomic_write` (the low-level support package).
"""

from kerax.support.atomic_write import (
    TEMP_PREFIX,
    atomic_path,
    fsync_directory,
    write_bytes,
)

__all__ = [
    "TEMP_PREFIX",
    "atomic_path",
    "fsync_directory",
    "write_bytes",
]
