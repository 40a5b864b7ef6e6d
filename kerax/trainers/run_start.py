"""Where fit/evaluate/predict start: string inputs refused, and under a
distribution with several processes, the model placed and the data read
per process.

Kept apart from `distributed` (the placement functions the data adapters
call) so that the adapters never import the process adapter built on
them.
"""

from __future__ import annotations

from typing import Any

import jax

from kerax.trainers import distributed
from kerax.trainers.process_adapter import ProcessShardedAdapter
from kerax.trainers.string_inputs import check_string_inputs


def prepare(model: Any, adapter: Any) -> Any:
    """Called as `fit`/`evaluate`/`predict` start: in a multi-process run
    under a distribution, places the model's variables by their layouts
    and returns `for_processes(adapter)`; otherwise `adapter` unchanged.
    Models with string inputs are refused first (`string_inputs`)."""
    check_string_inputs(model)
    if distributed.active() is None or jax.process_count() == 1:
        return adapter
    from kerax.distribution.process import place_model

    place_model(model)
    return for_processes(adapter)


def for_processes(adapter: Any) -> Any:
    """`adapter`, or in a multi-process run under a distribution, an
    adapter yielding global batches of which this process read only its
    own rows (`kerax.trainers.process_adapter`)."""
    dist = distributed.active()
    if dist is None or jax.process_count() == 1:
        return adapter
    if isinstance(adapter, ProcessShardedAdapter):
        return adapter
    wrapped = ProcessShardedAdapter(adapter, dist)
    if wrapped.row_source() is not None:
        distributed.check_batch_size(wrapped.batch_size)
    return wrapped
