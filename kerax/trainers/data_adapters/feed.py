"""Where jitted steps read array rows from.

Every array step takes `(data, order, start)` and gathers rows
`order[start:start+size]` of `data` on device. A `Feed` produces those
arguments for "the rows `order[start:start+rows]` of this epoch":

- `ResidentFeed`: `data` is the whole dataset on device (sent once per
  call of `fit`/`evaluate`/`predict`), `order` the epoch's row order; each
  call sends only a start index. Best when the dataset is small next to
  memory, and for small per-step work (no host work per call).
- `WindowFeed`: the rows are gathered on the host per call into a window of
  a fixed number of rows (padded with a repeated real row), so the
  dataset is never copied whole and every call compiles to one shape;
  its `order` is None (steps slice the window in place of a gather).
  Used for large datasets, where a second full copy would double memory
  while per-row work dwarfs a host gather.
"""

from __future__ import annotations

from typing import Any

import jax
import numpy as np
from jax import tree_util

from kerax.support.hints import PyTree
from kerax.trainers import distributed


def bucket_rows(n: int) -> int:
    """`n` rounded up to a power of two (the row count steps compile for)."""
    return 1 if n <= 1 else 1 << (n - 1).bit_length()


# XLA's CPU client uses a host buffer in place, without copying it, when
# it is this aligned.
_ALIGN = 64


def aligned_empty(shape: tuple[int, ...], dtype: Any) -> np.ndarray:
    """An uninitialized host array whose data is `_ALIGN`-byte aligned: a
    CPU device reads it in place (`jax.device_put` then copies nothing), so
    a buffer that the host fills itself crosses to the device for free.

    >>> aligned_empty((3, 5), "float32").ctypes.data % _ALIGN
    0
    """
    dtype = np.dtype(dtype)
    size = int(np.prod(shape)) * dtype.itemsize
    raw = np.empty(size + _ALIGN, np.uint8)
    offset = -raw.ctypes.data % _ALIGN
    return raw[offset:offset + size].view(dtype).reshape(shape)


def one_ahead(previous: Any, current: Any) -> Any:
    """Waits for `previous`, returns `current`: keeps at most two host
    windows in flight (asynchronous dispatch would otherwise let the host
    gather, and hold, every window of the epoch ahead of the compute)."""
    jax.block_until_ready(previous)
    return current


class ResidentFeed:
    """The whole dataset on device; calls send only a start row."""

    def __init__(self, device_data: PyTree, order: np.ndarray,
                 window: int) -> None:
        self.data = device_data
        # Power-of-two length, so similar epochs share one compile, with
        # room for a padded final batch (row 0 repeated, masked out).
        rows = bucket_rows(len(order) + window - 1)
        padded = np.zeros(rows, "int32")
        padded[:len(order)] = order
        self.order = jax.device_put(padded)

    def args(self, start: int,
             rows: int) -> tuple[PyTree, jax.Array | None, int]:
        """`(data, order, start)` for rows `order[start:start+rows]` (the
        padded order always has room after `start`)."""
        del rows
        return self.data, self.order, start


class WindowFeed:
    """Rows gathered on the host into a fixed `window`, per call."""

    def __init__(self, host_data: PyTree, order: np.ndarray,
                 window: int) -> None:
        self.host = host_data
        self.order_host = np.asarray(order)
        self.window = window
        self.order = None  # a window is already in order: sliced, no gather
        # Rows in their stored order (evaluate, predict, unshuffled fit):
        # a window is then a slice, copied once (by the transfer).
        n = len(tree_util.tree_leaves(host_data)[0])
        head = self.order_host[:n]
        self._sequential = bool(np.array_equal(head, np.arange(len(head))))
        self._rows = n

    def _window(self, start: int, rows: int, window: int) -> PyTree:
        if self._sequential and start + window <= self._rows:
            return tree_util.tree_map(
                lambda a: a[start:start + window], self.host)
        rows_idx = self.order_host[start:start + rows]
        if len(rows_idx) < window:
            fill = rows_idx[0] if len(rows_idx) else 0
            rows_idx = np.concatenate(
                [rows_idx, np.full(window - len(rows_idx), fill)])
        return tree_util.tree_map(lambda a: _take_rows(a, rows_idx),
                                  self.host)

    def args(self, start: int,
             rows: int) -> tuple[PyTree, jax.Array | None, int]:
        chunk = self._window(start, rows, self.window)
        return distributed.place_data(chunk), self.order, 0


def _take_rows(array: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """`array[rows]`, gathered into aligned memory (see `aligned_empty`)."""
    out = aligned_empty((len(rows),) + array.shape[1:], array.dtype)
    # The rows are valid by construction (an epoch's order): "clip" skips
    # the bounds pass that makes NumPy gather into a temporary first
    # (~15x slower into `out` for image rows).
    np.take(array, rows, axis=0, out=out, mode="clip")
    return out
