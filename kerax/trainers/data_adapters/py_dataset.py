"""`PyDataset` (Keras 2's `Sequence`): an indexable dataset of batches.

Subclasses implement `__len__` (number of batches) and `__getitem__(i)`
(batch `i`, as `x`, `(x, y)` or `(x, y, sample_weight)`), and optionally
`on_epoch_end`. With `workers > 1` batches are loaded in a thread pool
(or a process pool with `use_multiprocessing=True`), keeping up to
`max_queue_size` batches ahead.

>>> import numpy as np
>>> class Squares(PyDataset):
...     def __len__(self):
...         return 2
...     def __getitem__(self, i):
...         x = np.full((4, 1), float(i))
...         return x, x ** 2
>>> len(Squares())
2
"""

from __future__ import annotations

import collections
import concurrent.futures
from collections.abc import Iterable, Iterator
from typing import Any


class PyDataset:
    """Base class for datasets of batches fed to `fit`/`evaluate`/`predict`.

    Args:
        workers: number of threads (or processes) loading batches.
        use_multiprocessing: use processes instead of threads.
        max_queue_size: how many batches to prepare ahead.
    """

    def __init__(self, workers: int=1, use_multiprocessing: bool=False,
                 max_queue_size: int=10) -> None:
        if workers < 1:
            raise ValueError(
                "`workers` must be a positive integer. "
                f"Received: workers={workers}"
            )
        self._workers = workers
        self._use_multiprocessing = use_multiprocessing
        self._max_queue_size = max_queue_size

    @property
    def workers(self) -> int:
        return getattr(self, "_workers", 1)

    @property
    def use_multiprocessing(self) -> bool:
        return getattr(self, "_use_multiprocessing", False)

    @property
    def max_queue_size(self) -> int:
        return getattr(self, "_max_queue_size", 10)

    def __getitem__(self, index: int) -> Any:
        raise NotImplementedError(
            f"{type(self).__name__} must implement `__getitem__`."
        )

    def __len__(self) -> int:
        num = self.num_batches
        if num is None:
            raise TypeError(f"{type(self).__name__} has no length.")
        return num

    @property
    def num_batches(self) -> int | None:
        if type(self).__len__ is not PyDataset.__len__:
            return len(self)
        return None

    def on_epoch_begin(self) -> None:
        """Called at the start of each epoch."""

    def on_epoch_end(self) -> None:
        """Called at the end of each epoch (e.g. to reshuffle)."""

    def __iter__(self) -> Iterator[Any]:
        for index in range(len(self)):
            yield self[index]


Sequence = PyDataset


def parallel_items(dataset: Any, order: Iterable[Any]) -> Iterator[Any]:
    """Yields `dataset[i]` for `i` in `order`, loaded by a worker pool."""
    workers = dataset.workers
    ahead = max(dataset.max_queue_size, workers)
    pool_cls = (
        concurrent.futures.ProcessPoolExecutor
        if dataset.use_multiprocessing
        else concurrent.futures.ThreadPoolExecutor
    )
    with pool_cls(max_workers=workers) as pool:
        queue: collections.deque[concurrent.futures.Future[Any]] = (
            collections.deque())
        indices = iter(int(i) for i in order)
        for index in indices:
            queue.append(pool.submit(dataset.__getitem__, index))
            if len(queue) >= ahead:
                break
        while queue:
            result = queue.popleft().result()
            following = next(indices, None)
            if following is not None:
                queue.append(pool.submit(dataset.__getitem__, following))
            yield result
