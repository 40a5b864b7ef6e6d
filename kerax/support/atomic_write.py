"""Atomic file writes: a save either completes or leaves the old file.

Data goes to a temporary file in the target's directory, is flushed and
fsync-ed, then `os.replace`-d over the target (atomic on POSIX and
Windows), and the directory is fsync-ed so the rename itself survives a
power loss. A crash or an exception at any point leaves the previous
file untouched (and no temporary file behind, except after a hard kill).

>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "a.txt")
>>> write_bytes(path, b"hello")
>>> with open(path, "rb") as f:
...     f.read()
b'hello'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from typing import Any

TEMP_PREFIX = ".kerax-tmp-"


def fsync_directory(directory: str) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(directory or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _target_mode(filepath: str) -> int:
    """The existing file's mode, else the default mode under the umask."""
    try:
        return os.stat(filepath).st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


@contextlib.contextmanager
def atomic_path(filepath: Any) -> Iterator[str]:
    """Yields a temporary path next to `filepath`; on success it replaces
    `filepath`, on error it is removed.

    >>> import os, tempfile
    >>> target = os.path.join(tempfile.mkdtemp(), "b.bin")
    >>> with atomic_path(target) as tmp:
    ...     with open(tmp, "wb") as f:
    ...         _ = f.write(b"x")
    >>> os.path.getsize(target)
    1
    """
    filepath = os.fspath(filepath)
    directory = os.path.dirname(os.path.abspath(filepath))
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(
        prefix=TEMP_PREFIX + os.path.basename(filepath) + ".",
        dir=directory,
    )
    os.close(fd)
    try:
        os.chmod(tmp, _target_mode(filepath))
        yield tmp
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, filepath)
        fsync_directory(directory)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(tmp)
        raise


def write_bytes(filepath: Any, data: bytes) -> None:
    """Atomically writes `data` (bytes) to `filepath`."""
    with atomic_path(filepath) as tmp, open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
