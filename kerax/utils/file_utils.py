"""`get_file` and the file cache helpers: an old path, re-exporting
`kerax.support.file_utils` (the low-level support package).
"""

from kerax.support.file_utils import (
    DownloadError,
    cached_path,
    extract_archive,
    get_file,
    hash_file,
    keras_home,
    kerax_home,
    resolve_hasher,
    validate_file,
)

__all__ = [
    "DownloadError",
    "cached_path",
    "extract_archive",
    "get_file",
    "hash_file",
    "keras_home",
    "kerax_home",
    "resolve_hasher",
    "validate_file",
]
