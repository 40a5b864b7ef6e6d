"""HTTP downloads with retries: an old path, re-exporting
`kerax.support.download_utils` (the low-level support package).
"""

from kerax.support.download_utils import (
    BACKOFF,
    CHUNK_SIZE,
    RETRIES,
    TIMEOUT,
    USER_AGENT,
    DownloadError,
    download,
)

__all__ = [
    "BACKOFF",
    "CHUNK_SIZE",
    "RETRIES",
    "TIMEOUT",
    "USER_AGENT",
    "DownloadError",
    "download",
]
