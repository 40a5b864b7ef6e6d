"""Unique default names (`dense`, `dense_1`, ...) and snake_case helpers."""

import re
import threading

_LOCAL = threading.local()


def _counts() -> dict:
    counts = getattr(_LOCAL, "counts", None)
    if counts is None:
        counts = {}
        _LOCAL.counts = counts
    return counts


def to_snake_case(name: str) -> str:
    """`"Conv2DTranspose"` -> `"conv2d_transpose"`."""
    name = re.sub(r"(.)([A-Z][a-z]+)", r"\1_\2", name)
    name = re.sub(r"([a-z])([A-Z])", r"\1_\2", name).lower()
    return name


def uniquify(base: str) -> str:
    """Returns `base` the first time, then `base_1`, `base_2`, ..."""
    counts = _counts()
    count = counts.get(base, 0)
    counts[base] = count + 1
    return base if count == 0 else f"{base}_{count}"


def next_uid(prefix: str) -> int:
    """Counts one more use of `prefix` and returns the count (1, 2, ...);
    the counts are those behind default names.

    >>> first = next_uid("naming_docs")
    >>> next_uid("naming_docs") == first + 1
    True
    """
    counts = _counts()
    counts[prefix] = counts.get(prefix, 0) + 1
    return counts[prefix]


def snapshot_uids() -> dict:
    """The names handed out so far, for `restore_uids`."""
    return dict(_counts())


def restore_uids(snapshot: dict) -> None:
    """Forgets the names handed out since `snapshot_uids()`."""
    counts = _counts()
    counts.clear()
    counts.update(snapshot)


def reset_uids() -> None:
    """Forgets every name handed out so far (Keras's `clear_session`)."""
    _counts().clear()
