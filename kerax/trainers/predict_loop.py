"""The host loop behind `predict`.

Array data runs several batches per jitted call, by one of three plans
(`plan.PredictPlan`) chosen once per model and batch size from a trace of
the step (`TrainingLoop.predict_plan`, cached by the model's loop):

- `BATCHED`: `k` batches as one `jax.vmap` over the batch index
  (`step.collect_batched`): each layer runs once on `k * batch_size` rows,
  which keeps matmuls and convolutions large, while every batch still sees
  only its own rows. Used when the step returns its non-trainable state
  unchanged and the results of `k` batches fit `_BATCHED_BYTES`.
- `COLLECT`: `k` batches in a `fori_loop` (`step.collect_loop`) when
  batching is not possible (a step writing state, whose batches must run
  in order, or a distribution), unless the platform keeps the step out of
  loops (a convolution on XLA CPU, `trainers/platform.py`);
- `GATHER`: one batch per call.

Array data is padded to whole batches (padded rows dropped), so a final
partial batch costs no extra compile; NumPy data is sent one call's
window at a time, so datasets of any length share one compile. Iterator
data runs one batch per call.
"""

from __future__ import annotations

from typing import Any

import jax
import numpy as np
from jax import tree_util

from kerax.support.hints import PyTree
from kerax.trainers import distributed, run_start
from kerax.trainers.data_adapters import DataAdapter, RowSource
from kerax.trainers.data_adapters.feed import one_ahead
from kerax.trainers.loop import TrainingLoop, predict_chunk_batches
from kerax.trainers.plan import Mode, StepKind
from kerax.trainers.state import PredictState, values_of

# Most bytes of intermediates a batched predict call may create (the sum
# over the traced step's results, for all its batches).
_BATCHED_BYTES = 256 * 2**20
# Most batches a batched call may compute per batch asked for, once small
# calls repeat: the first `_SMALL_CALLS_BEFORE_RESIZE` calls with fewer
# batches run the full group (padded), so a one-off small call (a warm-up,
# a sanity check) costs no compile of its own; later ones compile a group
# sized for them, and stop paying for the padding.
_MAX_WASTE = 4
_SMALL_CALLS_BEFORE_RESIZE = 8


def run_predict(model: Any, loop: TrainingLoop, adapter: DataAdapter,
                callbacks: Any) -> PyTree:
    """Runs the predict step over `adapter`; returns NumPy outputs."""
    adapter = run_start.prepare(model, adapter)  # several processes
    listens = callbacks.needs_batch_hooks("predict")
    callbacks.on_predict_begin()
    rows = adapter.rows()
    if rows is not None and rows.num_samples == 0:
        callbacks.on_predict_end()
        return _empty_outputs(model, loop, rows)
    if rows is not None:
        outputs, n = _array_predict(model, loop, rows, callbacks, listens)
    else:
        outputs = _iterator_predict(model, loop, adapter, callbacks, listens)
        n = None
    callbacks.on_predict_end()
    if not outputs:
        raise ValueError(
            f"`predict` got no batch to run: {adapter.description()} yielded "
            "nothing"
            + (" (`steps=0`)" if adapter.steps_limit == 0 else "")
            + ". Pass data with at least one batch."
        )
    host = [
        tree_util.tree_map(
            lambda a, rows=rows: distributed.to_host(a)[:rows], out)
        for out, rows in outputs
    ]
    joined = tree_util.tree_map(
        lambda *parts: np.concatenate(parts, axis=0), *host
    )
    if n is not None:
        joined = tree_util.tree_map(lambda a: a[:n], joined)
    return joined


def _empty_outputs(model: Any, loop: TrainingLoop,
                   adapter: RowSource) -> PyTree:
    """Outputs for zero rows: arrays with 0 rows and the model's output
    shapes (found by tracing, nothing runs)."""
    if not model.built:
        loop.build(adapter.data, training=False)
    state = PredictState(values_of(model.trainable_variables),
                         values_of(model.non_trainable_variables))
    spec, _ = jax.eval_shape(model.predict_step, state, adapter.data)
    return tree_util.tree_map(lambda s: np.zeros(s.shape, s.dtype), spec)


def _array_predict(model: Any, loop: TrainingLoop, adapter: RowSource,
                   callbacks: Any,
                   listens: bool) -> tuple[list[tuple[PyTree, int | None]], int]:
    if not model.built:
        loop.build(adapter.first_batch(), training=False)
    state = PredictState(values_of(model.trainable_variables),
                         values_of(model.non_trainable_variables))
    n = adapter.num_samples
    size = min(adapter.batch_size, n)
    steps = -(-n // size)
    order = np.arange(steps * size) % n
    if adapter.steps_limit is not None:
        steps = min(steps, adapter.steps_limit)
        n = min(n, steps * size)
    kmax = predict_chunk_batches(size)
    # Every row is read once, so NumPy data goes to the device one call's
    # window at a time: the compiled step then depends on the call's shape
    # only, not on the dataset's length (a warm-up on a few rows compiles
    # the program that the full call reuses).
    windows = adapter.can_stream()
    feed = adapter.feed(order, kmax * size, windows)
    plan, k = loop.predict_plan(
        state, feed, size, steps, listens, max_bytes=_BATCHED_BYTES,
        max_waste=_MAX_WASTE, small_calls=_SMALL_CALLS_BEFORE_RESIZE)
    if windows and k != kmax:
        feed = adapter.feed(order, k * size, windows)  # the rows used
    if plan == StepKind.BATCHED:
        fn = loop.step_fn(Mode.PREDICT, plan, size, k)
    else:
        fn = loop.step_fn(Mode.PREDICT, plan, size)
    in_flight = None
    outputs: list[tuple[PyTree, int | None]] = []
    i = 0
    while i < steps:
        count = min(k, steps - i)
        if listens:
            callbacks.on_predict_batch_begin(i)
        args = feed.args(i * size, count * size)
        if plan == StepKind.COLLECT:
            out, ntv = fn(state, *args, count)
        else:
            out, ntv = fn(state, *args)
        state = PredictState(state.trainable, ntv)
        if windows:
            in_flight = one_ahead(in_flight, out)
        outputs.append((out, count * size))
        i += count
        callbacks.on_predict_batch_end(i - 1, {"outputs": out})
    return outputs, n


def _iterator_predict(model: Any, loop: TrainingLoop, adapter: DataAdapter,
                      callbacks: Any,
                      listens: bool) -> list[tuple[PyTree, int | None]]:
    state = None
    fn = loop.step_fn(Mode.PREDICT, StepKind.SINGLE)
    outputs: list[tuple[PyTree, int | None]] = []
    for i, batch in enumerate(adapter.batches()):
        if state is None:
            if not model.built:
                loop.build(batch, training=False)
            state = PredictState(values_of(model.trainable_variables),
                                 values_of(model.non_trainable_variables))
        if listens:
            callbacks.on_predict_batch_begin(i)
        out, ntv = fn(state, batch)
        state = PredictState(state.trainable, ntv)
        outputs.append((out, None))
        callbacks.on_predict_batch_end(i, {"outputs": out})
    return outputs
