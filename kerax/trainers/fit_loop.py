"""The host loops behind `fit` and `evaluate`.

Array data lives on device for the whole call; each step gets only a start
row. When no callback listens to batches and the platform allows the step
in a loop (`trainers/platform.py`), `fit` fuses consecutive steps into one
`fori_loop` call (sized from the measured step time), which removes
per-step dispatch overhead for small models. Iterator data is put on
device one batch ahead.

Everything kept between steps and calls (jitted steps, plans, the fused
step count, the in-flight state) is the model's `TrainingLoop`'s, passed
in as `loop`; the model itself is used through its public API.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any

import jax
import numpy as np
from jax import tree_util

from kerax import config
from kerax.support.hints import PyTree
from kerax.trainers import distributed, row_mask, run_start
from kerax.trainers.data_adapters import DataAdapter, RowSource
from kerax.trainers.data_adapters.data_utils import unpack_x_y_sample_weight
from kerax.trainers.data_adapters.feed import one_ahead
from kerax.trainers.loop import TrainingLoop, to_floats
from kerax.trainers.plan import Mode, StepKind
from kerax.trainers.state import (
    EvalState,
    assign_values,
    values_of,
)
from kerax.trainers.step_methods import StepMethods

# A fused call should last about this long (seconds): long enough to hide
# dispatch overhead, short enough for a live progress bar.
_FUSED_CALL_SECONDS = 0.05


def make_callbacks(model: Any, callbacks: Any, verbose: int | str,
                   epochs: int, steps: int | None,
                   add_history: bool = True) -> Any:
    from kerax.callbacks import CallbackList

    if verbose == "auto":
        verbose = 1
    if isinstance(callbacks, CallbackList):
        callbacks.set_model(model)
        return callbacks
    return CallbackList(
        callbacks, add_history=add_history, add_progbar=verbose != 0,
        model=model, verbose=verbose, epochs=epochs, steps=steps,
    )


def _check_labels(loop: TrainingLoop, rows: RowSource) -> None:
    _, y, _ = unpack_x_y_sample_weight(rows.data)
    loop.check_labels(y)


def _require_rows(rows: RowSource, method: str) -> None:
    if rows.num_samples == 0:
        shapes = [tuple(a.shape) for a in tree_util.tree_leaves(rows.data)]
        raise ValueError(
            f"`{method}` needs at least one sample; the arrays given have "
            f"none. Received arrays of shapes {shapes}"
        )


def _metric_initial_values(model: Any) -> tuple[jax.Array, ...]:
    return tuple(v for m in model.metrics for v in m.stateless_reset_state())


def run_fit(model: Any, loop: TrainingLoop, adapter: DataAdapter,
            val_adapter: DataAdapter | None, epochs: int,
            verbose: int | str, callbacks: Any, initial_epoch: int,
            validation_freq: int | Iterable[int]) -> Any:
    epochs = config.cap("max_epochs", epochs)
    adapter = run_start.prepare(model, adapter)  # several processes
    if val_adapter is not None:
        val_adapter = run_start.prepare(model, val_adapter)
    callback_list = make_callbacks(
        model, callbacks, verbose, epochs, adapter.num_batches
    )
    model.stop_training = False
    rows = adapter.rows()
    if rows is not None:
        _require_rows(rows, "fit")
        distributed.check_batch_size(rows.batch_size)
    batches = None
    if rows is not None:
        loop.build(rows.first_batch())
        _check_labels(loop, rows)
    else:
        # The first epoch's iterator (a shuffled PyDataset draws its order
        # when it starts) is made here, to build the model from a batch.
        loop.epoch_rng_state = np.random.get_state()
        batches = adapter.batches()
        first = next(batches, None)
        if first is None:
            raise ValueError("The training data yielded no batch.")
        loop.build(first)
        batches = _chain(first, batches)
    variables = loop.variable_lists()
    listens = callback_list.needs_batch_hooks("train")
    logs: dict[str, Any] = {}
    epoch_logs: dict[str, Any] = {}
    loop.pending = None
    loop.keep_finite = any(getattr(cb, "_keeps_finite", False)
                           for cb in callback_list.callbacks)
    callback_list.on_train_begin()
    resume = _resume_point(callback_list)
    if resume is not None:
        initial_epoch = max(initial_epoch, resume[0])
        if adapter.restarts_each_epoch():
            # A fresh iterator draws its order from the restored state.
            batches = None
    state = None
    try:
        for epoch in range(initial_epoch, epochs):
            if state is None:  # A copy of the Variables' values (donated).
                state = loop.reload(variables, None)
            skip, order = 0, None
            if resume is not None and epoch == resume[0]:
                _, skip, order = resume
            resume = None
            if not skip:
                state = state._replace(metrics=_metric_initial_values(model))
            loop.set_pending(variables, state)
            callback_list.on_epoch_begin(epoch)
            state = loop.reload(variables, state)
            if rows is not None:
                logs, state = _array_epoch(
                    model, loop, rows, state, callback_list, listens,
                    variables, skip, order,
                )
            else:
                logs, state = _iterator_epoch(
                    model, loop, adapter, state, callback_list, listens,
                    variables, batches, skip,
                )
                batches = None
            if skip and not logs:
                # A resumed epoch whose steps were all done before.
                logs = model.get_metrics_result()
            loop.set_pending(variables, state)
            model.sync_state()
            val_logs = None
            if val_adapter is not None and _should_validate(
                epoch, validation_freq
            ):
                # Queued behind the epoch's steps: the host sets it up
                # while they run, and waits once, for both.
                val_logs = run_evaluate(model, loop, val_adapter,
                                        callback_list)
            epoch_logs = dict(sorted(to_floats(logs).items()))
            if val_logs is not None:
                epoch_logs.update(
                    {f"val_{k}": v for k, v in to_floats(val_logs).items()}
                )
            callback_list.on_epoch_end(epoch, epoch_logs)
            # The next epoch reads the Variables again (a callback may have
            # changed them); after the last one, nothing is copied.
            state = None
            if model.stop_training:
                break
    finally:
        model.sync_state()
        loop.keep_finite = False
        # As Keras: with `use_ema`, the weights become the averages.
        finalize = getattr(model.optimizer, "finalize_variable_values", None)
        if finalize is not None and epochs > 0:
            finalize(model.trainable_weights)
    callback_list.on_train_end(epoch_logs)
    return model.history


def _resume_point(callback_list: Any) -> tuple[int, int, Any] | None:
    """`(epoch, steps_done, order)` restored by a callback during
    `on_train_begin` (see `BackupAndRestore`), or None."""
    for callback in callback_list.callbacks:
        epoch = getattr(callback, "_resume_epoch", None)
        if epoch is not None:
            step = getattr(callback, "_resume_step", None) or 0
            return epoch, step, getattr(callback, "_resume_order", None)
    return None


def _should_validate(epoch: int, freq: int | Iterable[int]) -> bool:
    if isinstance(freq, int):
        return (epoch + 1) % freq == 0
    return (epoch + 1) in freq


def _array_epoch(model: Any, loop: TrainingLoop, adapter: RowSource,
                 state: PyTree, callbacks: Any, listens: bool,
                 variables: tuple[list[Any], ...], skip: int = 0,
                 resume_order: Any = None) -> tuple[dict[str, Any], PyTree]:
    """One epoch over on-device arrays.

    Full batches go through the multi-step loop function (one compile for
    any step count) unless the step has a convolution; `steps_per_execution`
    sets the steps per call, or, when it is 1 and no callback listens to
    batches, the count is sized from the measured step time. A final
    partial batch runs padded and masked through the same program, or, when
    masking would be inexact for this model, has its own compile.

    A resumed epoch (`skip` steps done, `resume_order` its row order)
    draws its order as usual, so the host random state moves on as in an
    uninterrupted run, runs on the saved order, and starts at step `skip`.
    """
    loop.epoch_rng_state = np.random.get_state()
    order = adapter.epoch_order()
    if resume_order is not None:
        order = np.asarray(resume_order)
    loop.epoch_order = order
    plan = adapter.batch_plan()
    size = adapter.batch_size
    full = sum(1 for _, s in plan if s == size)
    streaming = adapter.streams()
    # The batches per call if the step may run in the loop; with
    # host-gathered windows that count is the window's size, so the probe
    # traces the program the calls will run (one trace, not two).
    chunk, timing = _loop_chunk(
        model, loop, listens, streaming, size, full, skip, len(plan),
        adapter.row_bytes() if streaming else 0)
    window = chunk * size if streaming and chunk > 1 and full > 0 else size
    feed = adapter.feed(order, window)
    # The probe's window is gathered only when the plan is not known yet.
    use_loop, masked = loop.train_plan(
        state, lambda: feed.args(0, window)[:2], size,
        short=len(plan) > full)
    use_loop = use_loop and full > 0
    if not use_loop:
        chunk, timing = 1, False
        if window != size:
            feed = adapter.feed(order, size)
    logs = {}
    i = skip
    timed_start = None
    in_flight = None
    while i < len(plan):
        start, rows = plan[i]
        if listens:
            callbacks.on_train_batch_begin(i)
        n = 1
        last_rows = rows
        if rows == size and use_loop:
            n = min(3 if timing and i == 1 else chunk, full - i)
            if listens and n > 1:
                # A callback due at an exact step (a backup) gets it.
                n = min(n, callbacks.steps_until_due() or n)
            if (masked and not listens and chunk > 1 and i + n == full
                    and len(plan) == full + 1
                    and (not streaming or n < chunk)):
                # The short final batch joins the epoch's last call.
                last_rows = plan[full][1]
                n += 1
        args = feed.args(start, (n - 1) * size + last_rows)
        if use_loop and masked:
            fn = loop.step_fn(Mode.TRAIN, StepKind.GATHER_LOOP_MASKED, size)
            logs, state = fn(state, *args, n, last_rows)
        elif use_loop and rows == size:
            fn = loop.step_fn(Mode.TRAIN, StepKind.GATHER_LOOP, size)
            logs, state = fn(state, *args, n)
        elif masked:
            fn = loop.step_fn(Mode.TRAIN, StepKind.MASKED, size)
            logs, state = fn(state, *args, rows)
        else:
            fn = loop.step_fn(Mode.TRAIN, StepKind.GATHER, rows)
            logs, state = fn(state, *args)
        loop.set_pending(variables, state)
        if streaming:
            in_flight = one_ahead(in_flight, logs)
        i += n
        if timing and i == 1:
            jax.block_until_ready(logs)
            timed_start = time.perf_counter()
        elif timing and timed_start is not None:
            jax.block_until_ready(logs)
            per_step = (time.perf_counter() - timed_start) / (i - 1)
            chunk = loop.choose_fused_steps(per_step, full,
                                            _FUSED_CALL_SECONDS)
            timing = False
        callbacks.on_train_batch_end(i - 1, logs)
        state = loop.reload(variables, state)
        if model.stop_training:
            break
    return logs, state


# Rows per call when steps read host-gathered windows (large datasets),
# and the bytes a window may hold (fewer rows for large rows: 224x224x3
# float32 images are 602 KB a row, 617 MB for 1,024 of them).
_STREAM_WINDOW_ROWS = 1024
_STREAM_WINDOW_BYTES = 64 << 20


def _loop_chunk(model: Any, loop: TrainingLoop, listens: bool,
                streaming: bool, size: int, full: int,
                skip: int, batches: int,
                row_bytes: int) -> tuple[int, bool]:
    """`(batches per fused call, whether the first calls time the step)`
    for an epoch of `batches` batches (`full` of them full) whose full
    batches run in the multi-step loop: `steps_per_execution` when set;
    one batch per call when a callback listens to batches; a fixed window
    of batches when they are gathered on the host (rows of `row_bytes`:
    at most `_STREAM_WINDOW_ROWS` rows and `_STREAM_WINDOW_BYTES`, and at
    most the epoch's batches); else sized from the measured step time
    (timed on this epoch's first steps when not known yet; one call for
    short epochs)."""
    if model.steps_per_execution > 1:
        return model.steps_per_execution, False
    if listens:
        return 1, False
    if streaming:
        # A window never holds more batches than the epoch has (a small
        # dataset of large rows gathers its rows, not 1,024 repeated ones)
        # nor much more than `_STREAM_WINDOW_BYTES` (two are in flight).
        by_bytes = _STREAM_WINDOW_BYTES // max(1, size * row_bytes)
        return max(1, min(_STREAM_WINDOW_ROWS // size, batches,
                          by_bytes)), False
    if loop.fused_steps is not None:
        return loop.fused_steps, False
    if full >= 8 and not skip:
        return 1, True
    return max(1, full), False


def _iterator_epoch(model: Any, loop: TrainingLoop, adapter: DataAdapter,
                    state: PyTree, callbacks: Any, listens: bool,
                    variables: tuple[list[Any], ...],
                    batches: Iterator[PyTree] | None = None,
                    skip: int = 0) -> tuple[dict[str, Any], PyTree]:
    """One epoch over an iterator; a resumed epoch passes over the `skip`
    batches done before."""
    fn = loop.step_fn(Mode.TRAIN, StepKind.SINGLE)
    logs: dict[str, Any] = {}
    loop.epoch_order = None
    if batches is None:
        loop.epoch_rng_state = np.random.get_state()
        batches = adapter.batches()
    for i, batch in enumerate(batches):
        if i < skip:
            continue
        if listens:
            callbacks.on_train_batch_begin(i)
        logs, state = fn(state, batch)
        loop.set_pending(variables, state)
        callbacks.on_train_batch_end(i, logs)
        state = loop.reload(variables, state)
        if model.stop_training:
            break
    return logs, state


def run_evaluate(model: Any, loop: TrainingLoop, adapter: DataAdapter,
                 callbacks: Any) -> dict[str, Any]:
    """Runs the test step over `adapter`; returns the final logs."""
    adapter = run_start.prepare(model, adapter)  # several processes
    rows = adapter.rows()
    batches = None
    if rows is not None:
        _require_rows(rows, "evaluate")
        loop.build(rows.first_batch(), training=False)
        _check_labels(loop, rows)
    else:
        batches = adapter.batches()
        first = next(batches, None)
        if first is None:
            raise ValueError("The evaluation data yielded no batch.")
        loop.build(first, training=False)
        batches = _chain(first, batches)
    if callbacks is not None:  # First: it may change the weights.
        callbacks.on_test_begin()
    trainable, non_trainable, _, metric_vars = loop.variable_lists()
    state = EvalState(
        values_of(trainable), values_of(non_trainable),
        _metric_initial_values(model),
    )
    listens = callbacks is not None and callbacks.needs_batch_hooks("test")
    logs: dict[str, Any] = {}
    streaming = rows is not None and rows.streams()
    in_flight = None
    if rows is not None:
        calls = _array_test_calls(model, loop, rows)
    else:
        assert batches is not None  # set above when there are no rows
        fn = loop.step_fn(Mode.TEST, StepKind.SINGLE)
        calls = ((fn, (batch,)) for batch in batches)
    for i, (fn, args) in enumerate(calls):
        if listens:
            callbacks.on_test_batch_begin(i)
        if streaming:
            in_flight = one_ahead(in_flight, logs)
        try:
            logs, state = fn(state, *args)
        except row_mask.Unmaskable:
            # Padding would change the results: the short batch compiles
            # on its own from now on (see `row_mask`).
            assert rows is not None  # only masked array steps raise it
            loop.forbid_eval_masking(rows.batch_size)
            calls = _array_test_calls(model, loop, rows, skip=i)
            fn, args = next(calls)
            logs, state = fn(state, *args)
        if callbacks is not None:
            callbacks.on_test_batch_end(i, logs)
    assign_values(metric_vars, state.metrics)
    assign_values(non_trainable, state.non_trainable)
    if callbacks is not None:
        callbacks.on_test_end(to_floats(logs) if logs else logs)
    return logs


def _array_test_calls(
        model: Any, loop: TrainingLoop, adapter: RowSource,
        skip: int = 0) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    """`(fn, args)` per test batch of array data.

    When the last batch is short it is padded and every batch runs the
    masked step (one compile), unless tracing showed masking to be inexact
    for this model; then batches of each size compile separately.
    """
    plan = adapter.batch_plan()
    size = adapter.batch_size
    masked = (any(rows != size for _, rows in plan)
              and loop.may_mask_eval(size)
              and type(model).test_step is StepMethods.test_step)
    feed = adapter.feed(adapter.epoch_order(), size)
    for start, rows in plan[skip:]:
        args = feed.args(start, rows)
        if masked:
            fn = loop.step_fn(Mode.TEST, StepKind.MASKED, size)
            yield fn, (*args, rows)
        else:
            yield loop.step_fn(Mode.TEST, StepKind.GATHER, rows), args


def _chain(first: PyTree, rest: Iterator[PyTree]) -> Iterator[PyTree]:
    yield first
    yield from rest

