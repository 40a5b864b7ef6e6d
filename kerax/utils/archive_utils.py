"""Safe archive extraction: an old path, re-exporting
`kerax.support.archive_utils` (the low-level support package).
"""

from kerax.support.archive_utils import (
    UnsafeArchiveError,
    extract_archive,
    extract_replacing,
)

__all__ = [
    "UnsafeArchiveError",
    "extract_archive",
    "extract_replacing",
]
