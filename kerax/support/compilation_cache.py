"""Persistent XLA compilation cache: compile once per machine.

`import kerax` points JAX's persistent compilation cache at
`$KERAX_HOME/jax_cache` (`~/.kerax/jax_cache`), so a second run of the same
script loads its compiled train/predict steps from disk instead of
compiling them again. The folder is kept under a size bound (least recently
used entries go first) and only computations that took at least
`DEFAULT_MIN_COMPILE_TIME_SECS` to compile are written.

Rules:

- Off with the environment variable `KERAX_COMPILATION_CACHE=0` (also
  `false`, `no`, `off`) or `kerax.config.disable_compilation_cache()`.
- A cache folder the user already gave JAX (`JAX_COMPILATION_CACHE_DIR`,
  `jax.config.update("jax_compilation_cache_dir", ...)`) or JAX's cache
  turned off (`jax_enable_compilation_cache=False`) is left alone.
- An unwritable folder never makes `import kerax` fail: the cache stays off
  (a debug message on the `"kerax"` logger says why).

>>> import tempfile, kerax
>>> folder = tempfile.mkdtemp()
>>> enable_compilation_cache(folder) == folder
True
>>> compilation_cache_dir() == folder
True
>>> disable_compilation_cache()
>>> compilation_cache_dir() is None
True
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import os
import tempfile
from typing import Any

ENV_SWITCH = "KERAX_COMPILATION_CACHE"
SUBDIR = "jax_cache"
DEFAULT_MAX_SIZE_BYTES = 1 << 30  # 1 GiB
# XLA compiles of small eager ops take ~10-50 ms on a CPU: reading them back
# costs about as much as compiling them, so only larger programs (train,
# test and predict steps) are written.
DEFAULT_MIN_COMPILE_TIME_SECS = 0.2

_OFF_VALUES = frozenset({"0", "false", "no", "off", "disable", "disabled"})
_CACHE_SUFFIX = "-cache"  # JAX's file layout: `<key>-cache`, `<key>-atime`
_ATIME_SUFFIX = "-atime"

_logger = logging.getLogger("kerax")


def default_cache_dir() -> str:
    """`$KERAX_HOME/jax_cache` (`KERAX_HOME` defaults to `~/.kerax`)."""
    home = os.environ.get("KERAX_HOME") or "~/.kerax"
    return os.path.join(os.path.expanduser(home), SUBDIR)


def switched_off_by_env() -> bool:
    """Whether `KERAX_COMPILATION_CACHE` turns the default cache off."""
    value = os.environ.get(ENV_SWITCH, "").strip().lower()
    return value in _OFF_VALUES


def _check_writable(path: str) -> None:
    """Raises OSError when `path` cannot be created or written to."""
    os.makedirs(path, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path, prefix=".kerax-probe-"):
        pass


def trim_cache_dir(path: str, max_size_bytes: int) -> int:
    """Deletes the least recently used entries of a JAX cache folder until
    it holds at most `max_size_bytes`; returns the bytes removed.

    Used when JAX cannot bound the folder itself (`filelock` missing). The
    age of an entry is its `-atime` file's mtime, else its own.

    >>> import os, pathlib, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> for i, key in enumerate(["old", "new"]):
    ...     path = pathlib.Path(folder, key + "-cache")
    ...     _ = path.write_bytes(b"x" * 10)
    ...     os.utime(path, (i, i))
    >>> trim_cache_dir(folder, 15)
    10
    >>> sorted(os.listdir(folder))
    ['new-cache']
    """
    entries = []
    total = 0
    try:
        names = os.listdir(path)
    except OSError:
        return 0
    for name in names:
        if not name.endswith(_CACHE_SUFFIX):
            continue
        key = name[: -len(_CACHE_SUFFIX)]
        try:
            size = os.stat(os.path.join(path, name)).st_size
            stamp_file = os.path.join(path, key + _ATIME_SUFFIX)
            if not os.path.exists(stamp_file):
                stamp_file = os.path.join(path, name)
            used = os.stat(stamp_file).st_mtime
        except OSError:
            continue  # removed meanwhile by another process
        entries.append((used, key, size))
        total += size
    removed = 0
    for _, key, size in sorted(entries):
        if total - removed <= max_size_bytes:
            break
        for suffix in (_CACHE_SUFFIX, _ATIME_SUFFIX):
            with contextlib.suppress(OSError):
                os.remove(os.path.join(path, key + suffix))
        removed += size
    return removed


def _jax_env_set(name: str) -> bool:
    return bool(os.environ.get(name))


def _jax_option(name: str) -> Any:
    """The value of JAX config option `name` (JAX registers its options
    at runtime, so type checkers do not know them as attributes)."""
    import jax

    return getattr(jax.config, name)


def _reset_jax_cache() -> None:
    """Drops the cache object JAX built on its first compile, so that a
    change of folder takes effect for the next compile."""
    from jax.experimental.compilation_cache import compilation_cache

    compilation_cache.reset_cache()


def enable_compilation_cache(
    path: str | os.PathLike | None = None,
    max_size_bytes: int | None = None,
    min_compile_time_secs: float | None = None,
) -> str | None:
    """Turns on JAX's persistent compilation cache in `path`.

    Args:
        path: The cache folder (default `$KERAX_HOME/jax_cache`).
        max_size_bytes: Size bound of the folder; least recently used
            entries are deleted past it (-1: unbounded). Default 1 GiB, or
            `JAX_COMPILATION_CACHE_MAX_SIZE` when set.
        min_compile_time_secs: Programs that compiled faster are not
            written. Default 0.2 s, or
            `JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS` when set.

    Returns the folder in use; raises `ValueError` when it is not writable.
    (At `import kerax` the same failure only logs and returns None.)

    >>> import tempfile, kerax
    >>> folder = tempfile.mkdtemp()
    >>> kerax.config.enable_compilation_cache(folder) == folder
    True
    >>> kerax.config.disable_compilation_cache()
    """
    return _enable(path, max_size_bytes, min_compile_time_secs, False)


def _enable(
    path: str | os.PathLike | None,
    max_size_bytes: int | None,
    min_compile_time_secs: float | None,
    at_import: bool,
) -> str | None:
    import jax

    if max_size_bytes is not None and (
        isinstance(max_size_bytes, bool)
        or not isinstance(max_size_bytes, int)
        or (max_size_bytes < 1 and max_size_bytes != -1)
    ):
        raise ValueError(
            "enable_compilation_cache: `max_size_bytes` must be a positive "
            f"int or -1 (unbounded); received {max_size_bytes!r}."
        )
    if min_compile_time_secs is not None and (
        isinstance(min_compile_time_secs, bool)
        or not isinstance(min_compile_time_secs, (int, float))
        or min_compile_time_secs < 0
    ):
        raise ValueError(
            "enable_compilation_cache: `min_compile_time_secs` must be a "
            f"number >= 0; received {min_compile_time_secs!r}."
        )
    if path is None:
        path = default_cache_dir()
    elif not isinstance(path, (str, os.PathLike)):
        raise ValueError(
            "enable_compilation_cache: `path` must be a folder path or "
            f"None; received {path!r} of type {type(path).__name__}."
        )
    path = os.path.abspath(os.path.expanduser(os.fspath(path)))
    try:
        _check_writable(path)
    except OSError as error:
        if at_import:
            _logger.debug(
                "Persistent compilation cache off: cannot write to %s (%s).",
                path, error,
            )
            return None
        raise ValueError(
            "enable_compilation_cache: cannot write to the cache folder "
            f"{path!r}: {error}"
        ) from error

    if max_size_bytes is None:
        if _jax_env_set("JAX_COMPILATION_CACHE_MAX_SIZE"):
            max_size_bytes = _jax_option("jax_compilation_cache_max_size")
        else:
            max_size_bytes = DEFAULT_MAX_SIZE_BYTES
    if min_compile_time_secs is None:
        if _jax_env_set("JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS"):
            min_compile_time_secs = (
                _jax_option("jax_persistent_cache_min_compile_time_secs")
            )
        else:
            min_compile_time_secs = DEFAULT_MIN_COMPILE_TIME_SECS

    # JAX bounds the folder itself (under a file lock shared by processes)
    # when `filelock` is installed; otherwise trim it here, once.
    jax_bound = max_size_bytes
    if max_size_bytes != -1 and importlib.util.find_spec("filelock") is None:
        trim_cache_dir(path, max_size_bytes)
        jax_bound = -1

    if not at_import:
        _reset_jax_cache()
    jax.config.update("jax_enable_compilation_cache", True)
    jax.config.update("jax_compilation_cache_max_size", jax_bound)
    jax.config.update(
        "jax_persistent_cache_min_compile_time_secs",
        float(min_compile_time_secs),
    )
    jax.config.update("jax_compilation_cache_dir", path)
    return path


def disable_compilation_cache() -> None:
    """Turns JAX's persistent compilation cache off for this process
    (whoever turned it on); nothing more is read from or written to disk.

    >>> import kerax
    >>> kerax.config.disable_compilation_cache()
    >>> kerax.config.compilation_cache_dir() is None
    True
    """
    import jax

    _reset_jax_cache()
    jax.config.update("jax_compilation_cache_dir", None)


def compilation_cache_dir() -> str | None:
    """The folder JAX's persistent compilation cache uses, or None when the
    cache is off.

    >>> import kerax
    >>> isinstance(kerax.config.compilation_cache_dir(), (str, type(None)))
    True
    """
    if not _jax_option("jax_enable_compilation_cache"):
        return None
    return _jax_option("jax_compilation_cache_dir") or None


def install_default() -> str | None:
    """Called by `import kerax`: turns the cache on in
    `$KERAX_HOME/jax_cache` unless switched off or already configured for
    JAX by the user; never raises."""
    try:
        if switched_off_by_env():
            _logger.debug(
                "Persistent compilation cache off (%s).", ENV_SWITCH
            )
            return None
        if _jax_option("jax_compilation_cache_dir"):
            return None  # the user's own JAX cache folder wins
        if not _jax_option("jax_enable_compilation_cache"):
            return None  # JAX's cache turned off by the user
        return _enable(None, None, None, True)
    except Exception as error:  # noqa: BLE001 - import must never fail
        _logger.debug("Persistent compilation cache off: %r", error)
        return None
