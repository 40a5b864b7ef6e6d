"""Per-process data for a multi-process run (`kerax.distribution`).

`ProcessShardedAdapter` wraps the adapter `fit`/`evaluate`/`predict` chose
and yields global batches (`jax.Array`s spanning every process's devices),
for which this process read only its own rows:

- arrays: each epoch's row order is drawn as on one process (identical in
  every process from one seed; checked once per epoch), and of each global
  batch this process gathers only the rows its devices hold;
- iterables (generators, `PyDataset`, tf.data, torch) with
  `auto_shard_dataset=True` (the default): every process iterates the same
  global batches and keeps its own rows of each;
- iterables with `auto_shard_dataset=False`: each process's source already
  yields its own part; a global batch is the parts of all processes.

The loops see an iterator adapter. With `KERAX_DISTRIBUTION_DEBUG=1`,
every batch of arrays is checked shard by shard against the rows each
device should hold, and the rows read are recorded in `ROWS_READ`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from typing import Any

import numpy as np
from jax import tree_util

from kerax.distribution import process_data
from kerax.support.hints import PyTree
from kerax.trainers.data_adapters.iterator_adapter import IteratorDataAdapter

# Debug record of the global row indices this process read (arrays).
ROWS_READ: list[int] = []


def _debug() -> bool:
    return os.environ.get("KERAX_DISTRIBUTION_DEBUG", "") not in ("", "0")


class ProcessShardedAdapter(IteratorDataAdapter):
    """Global batches assembled from this process's rows."""

    def __init__(self, inner: Any, dist: Any) -> None:
        self.inner = inner
        self.dist = dist
        self.source = getattr(inner, "source", None)
        self.steps_limit = inner.steps_limit
        self.num_batches = inner.num_batches
        self.class_weight = getattr(inner, "class_weight", None)
        self.shuffle = getattr(inner, "shuffle", False)
        self._one_shot = getattr(inner, "_one_shot", False)
        self._is_py_dataset = False
        self._iterator = None
        self.batch_size = getattr(inner, "batch_size", None)

    def host_batches(self) -> Any:
        return self.inner.host_batches()

    def rows(self) -> None:
        """None: the loops run one global batch per step."""
        return None

    def restarts_each_epoch(self) -> bool:
        restarts = getattr(self.inner, "restarts_each_epoch", None)
        return restarts() if restarts is not None else not self._one_shot

    def description(self) -> str:
        describe = getattr(self.inner, "description", None)
        return describe() if describe is not None else "the data"

    def row_source(self) -> Any:
        """The wrapped adapter's in-memory rows, or None for a stream."""
        return self.inner.rows()

    def batches(self) -> Iterator[PyTree]:
        source = self.row_source()
        if source is not None:
            return self._array_batches(source)
        return self._iterable_batches()

    # ------------------------------------------------------------ arrays
    def _array_batches(self, inner: Any) -> Iterator[PyTree]:
        order = inner.epoch_order()
        _check_same_order(order)
        debug = _debug()
        for start, rows in inner.batch_plan():
            idx = order[start:start + rows]
            lo, hi = process_data.batch_rows_for(self.dist, rows)
            mine = idx[lo:hi]
            local = tree_util.tree_map(lambda a, m=mine: np.asarray(a[m]),
                                       inner.data)
            batch = process_data.global_batch(self.dist, local, rows)
            if debug:
                ROWS_READ.extend(int(i) for i in mine)
                process_data.check_placement(
                    batch, lambda s, idx=idx: tree_util.tree_map(
                        lambda a: np.asarray(a[idx[s]]), inner.data))
            yield batch

    # --------------------------------------------------------- iterables
    def _iterable_batches(self) -> Iterator[PyTree]:
        auto = getattr(self.dist, "auto_shard_dataset", True)
        for batch in self.inner.batches():
            leaves = [a for a in tree_util.tree_leaves(batch)
                      if a is not None]
            n = int(np.shape(leaves[0])[0])
            if auto:
                lo, hi = process_data.batch_rows_for(self.dist, n)
                local = tree_util.tree_map(
                    lambda a, lo=lo, hi=hi: np.asarray(a)[lo:hi], batch)
                yield process_data.global_batch(self.dist, local, n)
            else:
                rows = process_data.global_rows_for_local(self.dist, n)
                yield process_data.global_batch(self.dist, batch, rows)


def _check_same_order(order: np.ndarray) -> None:
    """Raises when the processes drew different row orders (unseeded
    shuffling would silently train on the wrong rows)."""
    from jax.experimental import multihost_utils

    digest = hashlib.sha256(np.ascontiguousarray(order).tobytes()).digest()
    mine = np.frombuffer(digest[:8], "int32")
    every = np.asarray(multihost_utils.process_allgather(mine))
    if not (every == every[0]).all():
        raise ValueError(
            "The processes drew different row orders for this epoch. Call "
            "`kerax.distribution.initialize()` before building the model, "
            "or `kerax.utils.set_random_seed(seed)` with one seed in every "
            "process."
        )
