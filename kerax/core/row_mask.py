"""Final partial batches of `evaluate` through the full-size compiled step.

`evaluate` pads its last batch with repeated rows and runs the same
compiled test step as every other batch, inside `active_rows(valid, size)`.
The default loss, the loss trackers and the built-in metrics then give the
padded rows zero weight, so the results equal those of the short batch and
no second program is compiled. Whatever the mask cannot cover exactly (an
overridden `test_step` or `compute_loss`, losses added by layers, custom
losses or metrics, state written by the forward pass) calls `require(...)`
while tracing, which raises `Unmaskable`; `evaluate` then compiles the
partial batch on its own, as Keras does.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from typing import Any, NamedTuple

import jax.numpy as jnp

_local = threading.local()


class Unmaskable(Exception):
    """Raised while tracing a masked step that padding would change."""


class Rows(NamedTuple):
    mask: jnp.ndarray  # bool, (size,): True for real rows
    valid: jnp.ndarray  # int32 scalar: how many rows are real


@contextlib.contextmanager
def active_rows(valid: Any, size: int) -> Iterator[None]:
    """Marks the first `valid` of `size` rows as real while tracing."""
    previous = current()
    _local.rows = Rows(jnp.arange(size) < valid, jnp.asarray(valid))
    try:
        yield
    finally:
        _local.rows = previous


def current() -> Rows | None:
    """The active `Rows`, or None outside a masked step."""
    return getattr(_local, "rows", None)


def require(condition: Any, reason: str) -> None:
    """Inside a masked step, raises `Unmaskable(reason)` unless
    `condition` holds."""
    if not condition and current() is not None:
        raise Unmaskable(reason)


def row_weights(rank: int, dtype: Any = "float32") -> jnp.ndarray:
    """The row mask as 0/1 weights of shape `(size, 1, ..., 1)`."""
    rows = current()
    assert rows is not None  # called inside a masked step only
    mask = rows.mask.astype(dtype)
    return mask.reshape(mask.shape + (1,) * (max(rank, 1) - 1))


def masked_weight(sample_weight: Any, dtype: Any = "float32") -> jnp.ndarray:
    """`sample_weight` times the row mask (the mask alone, as `dtype`,
    when None)."""
    if sample_weight is None:
        return row_weights(1, dtype)
    sample_weight = jnp.asarray(sample_weight)
    weights = row_weights(max(sample_weight.ndim, 1), sample_weight.dtype)
    return sample_weight * weights
