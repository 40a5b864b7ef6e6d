"""Arrays in memory (NumPy, JAX, lists, dicts of them) fed to the steps.

The arrays go to the device once per `fit`/`evaluate`/`predict` call; each
epoch only a permutation of row indices is sent, and the jitted step
gathers its batch on device. No per-step host-to-device copy of data.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import jax
import numpy as np
from jax import tree_util

from kerax import config
from kerax.support.hints import PyTree
from kerax.trainers.data_adapters import data_utils
from kerax.trainers.data_adapters.feed import (
    ResidentFeed,
    WindowFeed,
    aligned_empty,
    bucket_rows,
)
from kerax.trainers.data_adapters.protocol import DataAdapter


def _is_leaf(a: Any) -> bool:
    return a is None


def _to_numpy(value: Any, name: str) -> Any:
    if value is None:
        return None
    if isinstance(value, jax.Array):
        return value
    array = np.asarray(data_utils.foreign_to_numpy(value))
    if array.dtype == object:
        raise ValueError(
            f"Failed to convert `{name}` to a numeric array: found an "
            "object array (ragged lists or mixed types?). Received: "
            f"{name} of type {type(value)} and shape {array.shape}"
        )
    if array.dtype == np.float64:
        array = array.astype(config.floatx())
    return array


def _is_number(value: Any) -> bool:
    return isinstance(value, (bool, int, float, np.number, np.bool_))


def _is_nested_numbers(value: Any) -> bool:
    """Whether `value` is a (nested) list or tuple of Python numbers only:
    one array written as lists, as Keras 2 accepted it."""
    if not isinstance(value, (list, tuple)) or not value:
        return False
    return all(_is_number(v) or _is_nested_numbers(v) for v in value)


def _lists_to_array(value: Any, name: str) -> Any:
    if not _is_nested_numbers(value):
        return value
    try:
        return np.asarray(value)
    except ValueError:
        raise ValueError(
            f"`{name}` was given as nested lists of numbers, which must be "
            "rectangular like a NumPy array (every inner list of one "
            f"length). Received ragged lists: {name}={_preview(value)}"
        ) from None


def _preview(value: Any, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "...]"


def standardize_arrays(x: Any, y: Any = None, sample_weight: Any = None,
                       ) -> tuple[PyTree, PyTree, PyTree]:
    """Converts every leaf to an array; float64 becomes `floatx()`.

    Lists (or tuples) holding only numbers, nested or not, are one array
    (`[[1, 2], [3, 4]]` is two rows), as in Keras 2; a list holding arrays
    is a list of inputs."""
    x = _lists_to_array(x, "x")
    y = _lists_to_array(y, "y")
    sample_weight = _lists_to_array(sample_weight, "sample_weight")
    if isinstance(x, tuple):
        x = list(x)
    data = (
        tree_util.tree_map(lambda a: _to_numpy(a, "x"), x, is_leaf=_is_leaf),
        tree_util.tree_map(lambda a: _to_numpy(a, "y"), y, is_leaf=_is_leaf),
        tree_util.tree_map(
            lambda a: _to_numpy(a, "sample_weight"), sample_weight,
            is_leaf=_is_leaf,
        ),
    )
    return data


# Datasets up to this size are padded to a power-of-two row count; above
# it, on CPU, steps read host-gathered windows (`feed.WindowFeed`).
_PAD_LIMIT_BYTES = 16 * 2**20
# Above this size, accelerators stream windows too.
_DEVICE_LIMIT_BYTES = 2**30


def _pad_rows(array: np.ndarray, rows: int) -> np.ndarray:
    """`array` with zero rows appended up to `rows` (one copy, into memory
    aligned so that a CPU device can use it without copying it again)."""
    n = array.shape[0]
    if n == rows:
        return array
    padded = aligned_empty((rows,) + array.shape[1:], array.dtype)
    padded[:n] = array
    padded[n:] = 0
    return padded


def is_array_data(x: Any) -> bool:
    if not isinstance(x, (np.ndarray, jax.Array, list, tuple, dict)) and (
        not hasattr(x, "__array__")
    ):
        return False
    leaves = tree_util.tree_leaves(x)
    return bool(leaves) and all(
        isinstance(a, (np.ndarray, jax.Array, list, float, int))
        or hasattr(a, "__array__")
        for a in leaves
    ) and not hasattr(x, "__next__")


class ArrayDataAdapter(DataAdapter):
    """Batches rows of in-memory arrays; shuffles per epoch on the host.

    Its `rows()` is itself: the loops read the arrays through `feed()`,
    `epoch_order()` and `batch_plan()` (the on-device fast path)."""

    num_batches: int  # never None for arrays

    def __init__(
        self,
        x: Any,
        y: Any = None,
        sample_weight: Any = None,
        batch_size: int | None = None,
        steps: int | None = None,
        shuffle: bool | str = False,
        class_weight: dict[int, float] | None = None,
    ) -> None:
        x, y, sample_weight = standardize_arrays(x, y, sample_weight)
        if class_weight is not None:
            if y is None:
                raise ValueError(
                    "`class_weight` requires targets `y`. Received: y=None"
                )
            if len(tree_util.tree_leaves(y)) > 1:
                raise ValueError(
                    "`class_weight` is only supported for models with a "
                    "single output."
                )
            weights = data_utils.class_weight_to_sample_weights(
                tree_util.tree_leaves(y)[0], class_weight
            )
            sample_weight = (
                weights if sample_weight is None
                else np.asarray(sample_weight) * weights
            )
        self.data = data_utils.pack_x_y_sample_weight(x, y, sample_weight)
        self.num_samples = data_utils.num_samples(self.data)
        self.batch_size = 32 if batch_size is None else int(batch_size)
        if self.batch_size <= 0:
            raise ValueError(
                "`batch_size` must be a positive integer. "
                f"Received: batch_size={batch_size}"
            )
        self.shuffle = shuffle
        full_steps = self.num_samples // self.batch_size
        self.partial_size = self.num_samples - full_steps * self.batch_size
        natural = full_steps + (1 if self.partial_size else 0)
        self.steps_limit = steps
        self.num_batches = natural if steps is None else min(steps, natural)
        if steps is not None and steps > natural:
            # Keras loops over the data again when steps exceed one pass.
            self.num_batches = steps
        self._device_data: PyTree = None

    @property
    def full_batches(self) -> int:
        return self.num_samples // self.batch_size

    def rows(self) -> ArrayDataAdapter:
        return self

    def description(self) -> str:
        return "the arrays"

    def first_batch(self) -> PyTree:
        """Up to `batch_size` leading rows (host arrays)."""
        size = min(self.batch_size, self.num_samples)
        return tree_util.tree_map(lambda a: a[:size], self.data)

    def batches(self) -> Iterator[PyTree]:
        """Yields one epoch of batches (in `epoch_order()`), each put on
        device; the loops use `feed()` instead, this serves callers that
        want batches."""
        order = self.epoch_order()
        for start, size in self.batch_plan():
            rows = order[start:start + size]
            if size and rows[-1] - rows[0] == size - 1 and (
                    np.all(np.diff(rows) == 1)):
                index = slice(int(rows[0]), int(rows[0]) + size)
            else:
                index = rows  # type: ignore[assignment]  # an index array
            yield jax.device_put(tree_util.tree_map(
                lambda a, index=index: a[index], self.data))

    def _nbytes(self) -> int:
        return sum(a.nbytes for a in tree_util.tree_leaves(self.data))

    def row_bytes(self) -> int:
        """Bytes of one row over every array (x, y and sample weights)."""
        return self._nbytes() // max(self.num_samples, 1)

    def can_stream(self) -> bool:
        """Whether host-gathered windows are possible: NumPy data, no
        distribution."""
        from kerax.trainers import distributed

        if distributed.active() is not None:
            return False
        return all(isinstance(a, np.ndarray)
                   for a in tree_util.tree_leaves(self.data))

    def streams(self) -> bool:
        """Whether steps read host-gathered windows instead of the whole
        dataset on device: large NumPy data, which a device copy would
        double in memory (on CPU the device *is* host memory)."""
        if not self.can_stream():
            return False
        limit = (_PAD_LIMIT_BYTES if jax.default_backend() == "cpu"
                 else _DEVICE_LIMIT_BYTES)
        return self._nbytes() > limit

    def device_data(self) -> PyTree:
        """The arrays on device (transferred once and cached).

        Small datasets are padded to a power-of-two row count: the jitted
        steps take the whole dataset as an argument, and bucketing its
        length lets datasets of similar size (a warm-up subset, validation
        data, the next `fit` call) reuse one compiled step.
        """
        from kerax.trainers import distributed

        if self._device_data is None:
            arrays = self.data
            if self._nbytes() <= _PAD_LIMIT_BYTES:
                rows = bucket_rows(self.num_samples)
                arrays = tree_util.tree_map(
                    lambda a: _pad_rows(np.asarray(a), rows), arrays)
            self._device_data = distributed.place_data(arrays)
        return self._device_data

    def feed(self, order: np.ndarray, window: int,
             windows: bool | None = None) -> ResidentFeed | WindowFeed:
        """A `Feed` over row `order` (host ints): the whole dataset on
        device, or windows of `window` rows: when `windows` is true (and
        `can_stream()`), or, by default, when `streams()`."""
        if windows is None:
            windows = self.streams()
        if windows and self.can_stream():
            return WindowFeed(self.data, order, window)
        return ResidentFeed(self.device_data(), order, window)

    def epoch_order(self) -> np.ndarray:
        """Row order for one epoch (host int array; shuffled per epoch)."""
        n = self.num_samples
        if self.shuffle == "batch":
            starts = np.arange(0, n, self.batch_size)
            np.random.shuffle(starts[: self.full_batches])
            order = np.concatenate(
                [np.arange(int(s), min(int(s) + self.batch_size, n))
                 for s in starts]
            )
        elif self.shuffle:
            order = np.random.permutation(n)
        else:
            order = np.arange(n)
        if self.num_batches * self.batch_size > n:
            reps = math.ceil(self.num_batches * self.batch_size / n)
            order = np.concatenate([order] * reps)
        return order

    def batch_plan(self) -> list[tuple[int, int]]:
        """[(start_row, size)] for each batch of an epoch."""
        plan = []
        total = self.num_samples
        if self.steps_limit is not None:
            total = self.num_batches * self.batch_size
        start = 0
        for _ in range(self.num_batches):
            size = min(self.batch_size, total - start)
            if size <= 0:
                break
            plan.append((start, size))
            start += size
        return plan

    def host_batches(self) -> Iterator[PyTree]:
        """Yields NumPy batches (used by `*_on_batch` and debugging)."""
        for start, size in self.batch_plan():
            yield tree_util.tree_map(
                lambda a, start=start, size=size: a[start:start + size],
                self.data,
            )
