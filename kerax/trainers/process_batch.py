"""`train_on_batch`, `test_on_batch`, `predict_on_batch` in a multi-process
run under a distribution.

As in Keras 3, each process passes its own rows: the global batch is every
process's rows in process order (`jax.make_array_from_process_local_data`),
the logs are those of the global batch, and `predict_on_batch` returns the
outputs of this process's rows. With one process, or no distribution, the
batch is simply put on the device.

>>> import numpy as np
>>> one_batch(np.ones((4, 2))).shape
(4, 2)
>>> outputs_to_host(np.ones((4, 1)), 4).shape
(4, 1)
"""

from __future__ import annotations

from typing import Any

import jax
import numpy as np
from jax import tree_util

from kerax.support.hints import PyTree


def _multi_process() -> Any:
    """The active distribution in a multi-process run, else None."""
    from kerax.distribution import distribution

    dist = distribution()
    return dist if dist is not None and jax.process_count() > 1 else None


def _row_count(batch: PyTree) -> int:
    leaves = [a for a in tree_util.tree_leaves(batch) if a is not None]
    return int(np.shape(leaves[0])[0]) if leaves else 0


def one_batch(host_batch: PyTree) -> PyTree:
    """The batch on device: with several processes, the global batch whose
    part from this process is `host_batch`."""
    dist = _multi_process()
    if dist is None:
        return jax.device_put(host_batch)
    from kerax.distribution import process_data

    rows = process_data.global_rows_for_local(dist, _row_count(host_batch))
    return process_data.global_batch(dist, host_batch, rows)


def place(model: Any) -> None:
    """With several processes, places the model's variables by their
    layouts (the step then runs on every process's devices)."""
    if _multi_process() is not None:
        from kerax.distribution.process import place_model

        place_model(model)


def copy_state(state: PyTree) -> PyTree:
    """A device copy of `state` (arrays spanning several processes keep
    their sharding)."""
    if _multi_process() is None:
        return jax.device_put(state, may_alias=False)
    return tree_util.tree_map(
        lambda a: jax.device_put(a, a.sharding, may_alias=False)
        if isinstance(a, jax.Array) else a, state)


def outputs_to_host(outputs: PyTree, local_rows: int) -> PyTree:
    """NumPy outputs of this process's rows (`local_rows` of them)."""
    dist = _multi_process()
    if dist is None:
        return tree_util.tree_map(np.asarray, outputs)
    from kerax.distribution import process_data
    from kerax.distribution.process import to_host

    total = process_data.global_rows_for_local(dist, local_rows)
    lo, hi = process_data.batch_rows_for(dist, total)
    return tree_util.tree_map(lambda a: to_host(a)[lo:hi], outputs)
