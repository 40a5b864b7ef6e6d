"""Batches from Python iterables: generators, `PyDataset`, torch
`DataLoader`, `tf.data.Dataset` and any re-iterable of `(x, y)` tuples.

Each batch is converted to arrays and put on device one step ahead of its
use (prefetch), so the copy overlaps the previous step.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import jax
import numpy as np
from jax import tree_util

from kerax import config
from kerax.support.hints import PyTree
from kerax.trainers.data_adapters import data_utils
from kerax.trainers.data_adapters.protocol import DataAdapter
from kerax.trainers.data_adapters.py_dataset import parallel_items


def _to_array(value: Any) -> Any:
    if value is None or isinstance(value, jax.Array):
        return value
    array = np.asarray(data_utils.foreign_to_numpy(value))
    if array.dtype == np.float64:
        array = array.astype(config.floatx())
    return array


def _standardize_batch(batch: Any,
                       class_weight: dict[int, float] | None = None,
                       ) -> PyTree:
    if isinstance(batch, dict) and not {"x", "y"} & set(batch):
        batch = (batch,)
    x, y, sample_weight = data_utils.unpack_x_y_sample_weight(batch)
    if isinstance(x, tuple):
        x = list(x)
    to = lambda s: tree_util.tree_map(  # noqa: E731
        _to_array, s, is_leaf=lambda a: a is None)
    x, y, sample_weight = to(x), to(y), to(sample_weight)
    if class_weight is not None and y is not None:
        weights = data_utils.class_weight_to_sample_weights(
            tree_util.tree_leaves(y)[0], class_weight
        )
        sample_weight = weights if sample_weight is None else (
            sample_weight * weights)
    return data_utils.pack_x_y_sample_weight(x, y, sample_weight)


class IteratorDataAdapter(DataAdapter):
    """Wraps an iterable of batches; `steps` caps the batches per epoch.

    A `PyDataset` (anything with `__getitem__`, `__len__` and
    `on_epoch_end`) is read by index, in a shuffled order if asked, by its
    own worker pool when it has `workers > 1`."""

    def __init__(self, source: Any, steps: int | None = None,
                 class_weight: dict[int, float] | None = None,
                 shuffle: bool | str = False) -> None:
        self.source = source
        self.steps_limit = steps
        self.class_weight = class_weight
        self._is_py_dataset = hasattr(source, "__getitem__") and hasattr(
            source, "__len__") and hasattr(source, "on_epoch_end")
        self._one_shot = hasattr(source, "__next__") and not hasattr(
            source, "__len__")
        self._iterator: Iterator[Any] | None = None
        self.shuffle = shuffle
        length = None
        if steps is not None:
            length = steps
        elif hasattr(source, "__len__"):
            try:
                length = len(source)
            except TypeError:
                length = None
        self.num_batches = length

    def _new_iterator(self) -> Iterator[Any]:
        if self._is_py_dataset:
            return self._py_dataset_iterator()
        if self._one_shot:
            if self._iterator is None:
                self._iterator = iter(self.source)
            return self._iterator
        return iter(self.source)

    def _py_dataset_iterator(self) -> Iterator[Any]:
        source = self.source
        order = np.arange(len(source))
        if self.shuffle:
            np.random.shuffle(order)
        workers = getattr(source, "workers", 1) or 1
        if workers > 1:
            yield from parallel_items(source, order)
        else:
            for index in order:
                yield source[int(index)]
        source.on_epoch_end()

    def restarts_each_epoch(self) -> bool:
        """False for a one-shot iterator (a generator): each epoch goes on
        where the previous one stopped."""
        return not self._one_shot

    def description(self) -> str:
        return f"the data ({type(self.source).__name__})"

    def batches(self) -> Iterator[PyTree]:
        """Yields device batches for one epoch, prefetching one ahead."""
        iterator = self._new_iterator()
        if self.steps_limit is not None:
            iterator = itertools.islice(iterator, self.steps_limit)
        pending = None
        for raw in iterator:
            batch = jax.device_put(_standardize_batch(raw, self.class_weight))
            if pending is not None:
                yield pending
            pending = batch
        if pending is not None:
            yield pending
