"""Global batches from per-process rows.

In a multi-process run each process holds only some devices. A global
batch of `rows` rows is split over the distribution's batch axis; the rows
that land on this process's devices form one contiguous range (`local_rows`),
and only those rows are read by this process. `global_batch` assembles the
per-process pieces into one global `jax.Array` with
`jax.make_array_from_process_local_data`.

A batch whose row count the batch axis does not divide (a final partial
batch) is replicated instead: every process reads all of its rows.

>>> from kerax.distribution.distribution import DataParallel
>>> import numpy as np
>>> dist = DataParallel()
>>> local_rows(data_sharding(dist, 2, 8), (8, 3))
(0, 8)
>>> batch = global_batch(dist, {"x": np.ones((8, 3))}, 8)
>>> batch["x"].shape
(8, 3)
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import jax
import numpy as np
from jax import tree_util
from jax.sharding import NamedSharding, PartitionSpec

from kerax.support.hints import PyTree


def data_sharding(dist: Any, ndim: int, rows: int) -> NamedSharding:
    """The sharding of a batch array: rows over the batch axis when it
    divides `rows`, else replicated."""
    mesh = dist.device_mesh.jax_mesh
    if rows % dist.batch_shards:
        return NamedSharding(mesh, PartitionSpec())
    spec = PartitionSpec(dist.batch_dim_name, *([None] * (ndim - 1)))
    return NamedSharding(mesh, spec)


def local_rows(sharding: Any, shape: tuple[int, ...]) -> tuple[int, int]:
    """`(lo, hi)`: the rows of a global array of `shape` that this
    process's devices hold under `sharding` (one contiguous range)."""
    found: set[tuple[int, int]] = set()
    for index in sharding.addressable_devices_indices_map(shape).values():
        first = index[0] if index else slice(None)
        lo, hi, _ = first.indices(shape[0])
        found.add((lo, hi))
    ranges = sorted(found)
    for (_, hi), (lo, _) in itertools.pairwise(ranges):
        if lo != hi:
            raise ValueError(
                "The devices of process "
                f"{jax.process_index()} hold the rows {ranges} of a batch "
                f"of {shape[0]}, which is not one contiguous range: order "
                "the mesh's devices so that each process's devices are "
                "neighbours on the batch axis."
            )
    return ranges[0][0], ranges[-1][1]


def batch_rows_for(dist: Any, rows: int) -> tuple[int, int]:
    """`(lo, hi)` of a global batch of `rows` rows that this process reads."""
    return local_rows(data_sharding(dist, 1, rows), (rows,))


def global_rows_for_local(dist: Any, local: int) -> int:
    """The global batch size when every process brings `local` rows (data
    already split per process, `auto_shard_dataset=False`)."""
    sharding = data_sharding(dist, 1, dist.batch_shards)
    lo, hi = local_rows(sharding, (dist.batch_shards,))
    share = hi - lo
    if dist.batch_shards % share or local % share:
        raise ValueError(
            f"A per-process batch of {local} rows cannot be split over this "
            f"process's {share} devices of the '{dist.batch_dim_name}' axis."
        )
    return local * dist.batch_shards // share


def global_batch(dist: Any, local_batch: PyTree, rows: int) -> PyTree:
    """The global batch of `rows` rows from this process's part of it
    (rows `batch_rows_for(dist, rows)`), as `jax.Array`s."""

    def assemble(a: Any) -> jax.Array | None:
        if a is None:
            return None
        a = np.asarray(a)
        shape = (rows,) + a.shape[1:]
        sharding = data_sharding(dist, a.ndim, rows)
        return jax.make_array_from_process_local_data(sharding, a, shape)

    return tree_util.tree_map(assemble, local_batch,
                              is_leaf=lambda a: a is None)


def check_placement(batch: PyTree,
                    rows_of: Callable[..., PyTree]) -> None:
    """Debug check: each shard on this process's devices holds the global
    batch's rows its index names. `rows_of(row_slice)` returns those rows
    (a tree like `batch`, NumPy) from the source data."""
    leaves = tree_util.tree_leaves(batch)
    for i, array in enumerate(leaves):
        for shard in array.addressable_shards:
            want = np.asarray(tree_util.tree_leaves(rows_of(shard.index[0]))[i])
            want = want[(slice(None),) + tuple(shard.index[1:])]
            if not np.array_equal(np.asarray(shard.data), want):
                raise AssertionError(
                    f"Device {shard.device} does not hold the rows "
                    f"{shard.index[0]} of the global batch it should."
                )
