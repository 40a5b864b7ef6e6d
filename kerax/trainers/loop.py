"""`TrainingLoop`: the host side of `fit`, `evaluate` and `predict`.

A model holds one. It owns everything the host loops keep between steps
and calls: the jitted step functions (one per mode, `StepKind`, batch
size and distribution), the execution plans decided from one trace of a
step (`TrainPlan`, `PredictPlan`; the probes are its methods), the
fused-step count sized from measured step time, and the in-flight state
of a running `fit` (written into the Variables by `sync`). `fit_loop.py` and `predict_loop.py` run epochs
through it and the model's public API.

>>> import numpy as np
>>> import kerax
>>> model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
>>> model.compile("sgd", "mse")
>>> _ = model.fit(np.ones((4, 2)), np.ones((4, 1)), batch_size=2, verbose=0)
>>> loop = model._loop  # the model's one TrainingLoop
>>> [(key[0].value, key[1].value, key[2]) for key in loop.jit_cache]
[('train', 'gather_loop', 2)]
>>> loop.plans[(Mode.TRAIN, 2, False)]
TrainPlan(use_loop=True, masked=False)
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Callable
from typing import Any

import jax
import numpy as np
from jax import tree_util

from kerax.support.hints import PyTree
from kerax.trainers import distributed, platform, row_mask
from kerax.trainers import step as step_builders
from kerax.trainers.data_adapters.feed import bucket_rows
from kerax.trainers.plan import (
    Mode,
    PredictPlan,
    StepKind,
    TrainPlan,
    check_kind,
    check_mode,
)
from kerax.trainers.state import TrainState, assign_values
from kerax.trainers.step_methods import StepMethods

# `predict` on array data runs this many rows (whole batches) per call.
_PREDICT_CHUNK_ROWS = 1024
_MAX_FUSED_STEPS = 2048
# Batch layouts remembered by `TrainingLoop.build` before it starts over.
_MAX_BUILD_KEYS = 64


def predict_chunk_batches(size: int) -> int:
    """Batches per `predict` call for batch size `size`."""
    return max(1, _PREDICT_CHUNK_ROWS // size)


class TrainingLoop:
    """The jit cache, plans, fused-step count and pending state of one
    model's host loops (see the module docstring)."""

    def __init__(self, model: Any) -> None:
        self.model = model
        # (Mode, StepKind, size, k, id(distribution), keep_finite) -> fn
        self.jit_cache: dict[tuple, Any] = {}
        # (Mode.TRAIN, size, short) -> TrainPlan;
        # (StepKind.MASKED, size) -> bool (evaluate may mask);
        # (Mode.PREDICT, size) -> PredictPlan.
        self.plans: dict[tuple, Any] = {}
        self.small_predict_calls: dict[int, int] = {}
        self.fused_steps: int | None = None
        # A `_build_key` -> (the traced forward pass's output spec,
        # weak references to the Variables it was traced with).
        self.built_for: dict[tuple, Any] = {}
        # `predict_step` under one inlined `jax.jit` (see `_predict_step`).
        self.shared_predict_step: Any = None
        # `(variable lists, state)` of a running fit, not yet written back.
        self.pending: tuple | None = None
        # Set by `fit` while a callback asks that non-finite updates be
        # dropped (`TerminateOnNaN`; see `step.keep_finite`).
        self.keep_finite = False
        # The running epoch's row order and NumPy's random state before it
        # was drawn (read by `BackupAndRestore`).
        self.epoch_order: np.ndarray | None = None
        self.epoch_rng_state: Any = None  # np.random.get_state()

    def reset(self) -> None:
        """Forgets compiled steps and plans (after `compile`)."""
        self.jit_cache = {}
        self.plans = {}
        self.small_predict_calls = {}
        self.fused_steps = None
        self.built_for = {}
        self.shared_predict_step = None

    # ---------------------------------------------------------- the model
    def variable_lists(self) -> tuple:
        """The model's Variables in `TrainState` order."""
        model = self.model
        optimizer = model.optimizer
        return (
            model.trainable_variables,
            model.non_trainable_variables,
            optimizer.variables if optimizer is not None else [],
            model.metrics_variables,
        )

    def build(self, batch: PyTree, training: bool = True) -> None:
        """Builds the model, its optimizer and compiled loss and metrics
        from one batch (shapes only).

        The model's forward pass is traced once per batch layout: a later
        call with the same shapes on the same built model (same Variables,
        loss and metrics; a built optimizer when training) only restores
        the output spec that trace found (the label checks read it)."""
        model = self.model
        optimizer = model.optimizer if training else None
        key = None
        if optimizer is None or getattr(optimizer, "built", False):
            key = _build_key(model, batch)
        hit = self.built_for.get(key[0]) if key is not None else None
        if hit is not None and key is not None and all(
                ref() is v for ref, v in zip(hit[1], key[1])):
            model._batch_output_spec = hit[0]
            return
        model._build_for_batch(batch, training=training)
        key = _build_key(model, batch)
        if key is not None:
            if len(self.built_for) >= _MAX_BUILD_KEYS:
                self.built_for.clear()
            self.built_for[key[0]] = (model._batch_output_spec,
                                      tuple(weakref.ref(v) for v in key[1]))

    def check_labels(self, labels: PyTree) -> None:
        """Host checks of the whole target arrays (after `build`)."""
        self.model._check_labels(labels)

    def jitted(self) -> bool:
        """Whether steps are compiled (not `run_eagerly`)."""
        return bool(self.model.jit_compile) and not self.model.run_eagerly

    # ------------------------------------------------------- jitted steps
    def step_fn(self, mode: Mode | str, kind: StepKind | str,
                size: int | None = None, k: int | None = None) -> Any:
        """The function of `kind` around the model's `mode` step, built
        once per batch size, distribution and `keep_finite` setting (a
        `jax.jit` function, with `.trace`, unless `run_eagerly`)."""
        active = distributed.active()
        guard = self.keep_finite and mode == Mode.TRAIN
        key = (mode, kind, size, k, id(active), guard)
        fn = self.jit_cache.get(key)  # members hash as their values
        if fn is not None:
            return fn
        mode, kind = check_mode(mode), check_kind(kind)
        key = (mode, kind, size, k, id(active), guard)
        model = self.model
        step_fn: Callable[..., Any] = {
            Mode.TRAIN: _named_state(model.train_step),
            Mode.TEST: _named_state(model.test_step),
            Mode.PREDICT: self._predict_step(),
        }[mode]
        if mode is not Mode.PREDICT:  # state kept as the layouts say
            step_fn = distributed.constrain_state(step_fn,
                                                  self.variable_lists())
        if guard:
            step_fn = step_builders.keep_finite(step_fn)
        if kind == StepKind.COLLECT:
            assert size is not None, kind  # the predict loop passes it
            k = predict_chunk_batches(size)
        fn = step_builders.build(kind, step_fn, size, k, self.jitted(),
                                 mode is Mode.TRAIN,
                                 distributed.batch_placer(active, size))
        self.jit_cache[key] = fn
        return fn

    def _predict_step(self) -> Callable[..., Any]:
        """`predict_step`, traced once per argument shapes for every kind
        of predict call (when jitted): an inlined `jax.jit` whose trace
        cache the probe's one-batch program and the batched (vmapped) or
        looped ones share, so a first multi-batch `predict` traces the
        model once, not once per program. Train and test steps are not
        shared this way: their traces depend on the row-mask context of
        the call (`row_mask`)."""
        if not self.jitted():
            return self.model.predict_step
        step = self.shared_predict_step
        if step is None:
            step = jax.jit(self.model.predict_step, inline=True)
            self.shared_predict_step = step
        return step

    # -------------------------------------------------------------- plans
    def train_plan(self, state: TrainState,
                   probe_args: Callable[[], tuple[PyTree, jax.Array | None]],
                   size: int, short: bool) -> TrainPlan:
        """`TrainPlan` for an epoch in batches of `size` (`short`: the
        last batch is partial), from one trace of the step, cached;
        `probe_args()` gives the `(data, order)` the first call will read,
        and is called only when the plan is not cached yet."""
        if not self.jitted():
            return TrainPlan(False, False)
        key = (Mode.TRAIN, size, short)
        plan = self.plans.get(key)
        if plan is None:
            data, order = probe_args()
            plan = self._probe_train(state, data, order, size, short)
            self.plans[key] = plan
        use_loop, masked = plan
        return TrainPlan(use_loop or self.model.steps_per_execution > 1,
                         masked)

    def may_mask_eval(self, size: int) -> bool:
        """Whether `evaluate` may pad a short batch of `size` (not yet
        shown to be inexact for this model)."""
        return self.plans.get((StepKind.MASKED, size), True)

    def forbid_eval_masking(self, size: int) -> None:
        """Short `evaluate` batches of `size` compile on their own."""
        self.plans[(StepKind.MASKED, size)] = False

    def predict_plan(self, state: PyTree, feed: Any, size: int, steps: int,
                     listens: bool, max_bytes: int, max_waste: int,
                     small_calls: int) -> PredictPlan:
        """`PredictPlan` for `steps` batches of `size` rows: probed once per
        size, then a smaller group for repeated calls much shorter than
        the group (after `small_calls` of them)."""
        kmax = predict_chunk_batches(size)
        if kmax == 1 or steps == 1 or listens or not self.jitted():
            return PredictPlan(StepKind.GATHER, 1)
        key = (Mode.PREDICT, size)
        plan = self.plans.get(key)
        if plan is None:
            data, order, _ = feed.args(0, kmax * size)
            plan = self._probe_predict(state, data, order, size, kmax,
                                       max_bytes)
            self.plans[key] = plan
        kind, k = plan
        if kind == StepKind.BATCHED and steps * max_waste < k:
            seen = self.small_predict_calls.get(size, 0) + 1
            self.small_predict_calls[size] = seen
            if seen > small_calls:
                return PredictPlan(kind, bucket_rows(steps))
        return PredictPlan(kind, k)

    def _probe_train(self, state: TrainState, data: PyTree,
                     order: jax.Array | None, size: int,
                     short: bool) -> TrainPlan:
        """`TrainPlan` from a trace of the multi-step train loop: `masked`
        when a short final batch exists, the step is the default one and it
        traces under a row mask; `use_loop` when the platform allows the
        traced step inside a loop."""
        jaxpr = None
        default_step = type(self.model).train_step is StepMethods.train_step
        masked = short and default_step
        if masked:
            fn = self.step_fn(Mode.TRAIN, StepKind.GATHER_LOOP_MASKED, size)
            try:
                jaxpr = fn.trace(state, data, order, 0, 1, size).jaxpr
            except (row_mask.Unmaskable, ValueError, TypeError):
                # Other errors come again, with the user's batch size, from
                # the unpadded step.
                masked = False
        if jaxpr is None:
            fn = self.step_fn(Mode.TRAIN, StepKind.GATHER_LOOP, size)
            try:
                jaxpr = fn.trace(state, data, order, 0, 1).jaxpr
            except Exception:  # noqa: BLE001 - the real call reports it
                return TrainPlan(False, masked)
        return TrainPlan(platform.may_loop(jaxpr), masked)

    def _probe_predict(self, state: PyTree, data: PyTree,
                       order: jax.Array | None, size: int, kmax: int,
                       max_bytes: int) -> PredictPlan:
        """`PredictPlan` from traces of the predict step on `data`:
        `BATCHED` (a vmap of `k` batches) when the step writes no state, no
        distribution is active and the results of `k >= 2` batches fit
        `max_bytes`; else `COLLECT` (a loop of `kmax` batches) where the
        platform allows the step in a loop; else `GATHER` (one batch per
        call)."""
        single = self.step_fn(Mode.PREDICT, StepKind.GATHER, size)
        try:
            jaxpr = single.trace(state, data, order, 0).jaxpr
        except Exception:  # noqa: BLE001 - the real call reports it
            return PredictPlan(StepKind.GATHER, 1)
        per_batch = max(step_builders.result_bytes(jaxpr), 1)
        k = min(kmax, max_bytes // per_batch)
        k = 1 << (k.bit_length() - 1) if k >= 1 else 0
        if (k >= 2 and distributed.active() is None
                and not _writes_state(jaxpr, state)):
            batched = self.step_fn(Mode.PREDICT, StepKind.BATCHED, size, k)
            with contextlib.suppress(Exception):  # e.g. a step writing state
                batched.trace(state, data, order, 0)
                return PredictPlan(StepKind.BATCHED, k)
        if not platform.may_loop(jaxpr):
            return PredictPlan(StepKind.GATHER, 1)
        return PredictPlan(StepKind.COLLECT, kmax)

    def choose_fused_steps(self, per_step: float, full: int,
                           call_seconds: float) -> int:
        """Steps per fused call from the measured step time: calls of
        about `call_seconds`, at most `full` steps."""
        steps = int(call_seconds / max(per_step, 1e-7))
        steps = max(1, min(steps, full, _MAX_FUSED_STEPS))
        self.fused_steps = steps
        return steps

    # --------------------------------------------------------- the state
    def set_pending(self, variables: tuple[list[Any], ...],
                    state: TrainState) -> None:
        """Records the in-flight state (written back by `sync`)."""
        self.pending = (variables, state)

    def sync(self) -> None:
        """Writes the in-flight state into the Variables (see
        `Trainer.sync_state`)."""
        pending = self.pending
        if pending is None:
            return
        variables, state = pending
        for group, values in zip(variables, state):
            assign_values(group, values)
        self.pending = None

    def reload(self, variables: tuple[list[Any], ...],
               state: TrainState | None) -> TrainState:
        """`state`, or fresh copies from the Variables after a `sync`
        (placed by their layouts under a distribution); `state=None`
        (nothing in flight) always reads the Variables."""
        if self.pending is not None and state is not None:
            return state
        return TrainState(
            *distributed.place_variable_groups(variables, copy=True))


def _build_key(model: Any, batch: PyTree) -> tuple[tuple, list[Any]] | None:
    """What `TrainingLoop.build` depends on: the batch's layout and the
    identity of what it builds (the Variables are returned apart, to be
    held weakly: an id alone may be reused once a Variable is freed);
    None while the model, its loss or its metrics are unbuilt."""
    loss, metrics = model._compile_loss, model._compile_metrics
    if (not model.built or (loss is not None and not loss.built)
            or (metrics is not None and not metrics.built)):
        return None
    leaves, treedef = tree_util.tree_flatten(batch)
    variables = model.variables
    return (
        treedef, tuple((np.shape(a), str(a.dtype)) for a in leaves),
        tuple(id(v) for v in variables), id(loss), id(metrics),
        bool(model.jit_compile), bool(model.run_eagerly),
    ), variables


def _writes_state(jaxpr: Any, state: PyTree) -> bool:
    """Whether the traced step returns non-trainable values other than the
    ones it received (a counter, a stateful RNN): its batches must run in
    order. Results come last, inputs after the trainable values."""
    n_trainable = len(tree_util.tree_leaves(state.trainable))
    n_state = len(tree_util.tree_leaves(state.non_trainable))
    if n_state == 0:
        return False
    received = jaxpr.jaxpr.invars[n_trainable:n_trainable + n_state]
    returned = jaxpr.jaxpr.outvars[-n_state:]
    return any(out is not var for out, var in zip(returned, received))


def _named_state(step_fn: step_builders.StepFn) -> step_builders.StepFn:
    """An overridden step may return its state as plain tuples and lists
    (Keras's JAX guide does): it goes on as the named state it received."""

    def step(state: PyTree, data: PyTree) -> tuple[PyTree, PyTree]:
        out, new_state = step_fn(state, data)
        if type(new_state) is not type(state):
            new_state = type(state)(*(tuple(group) for group in new_state))
        return out, new_state

    return step


def to_floats(logs: dict[str, Any]) -> dict[str, Any]:
    """Log values as Python floats (one device transfer for all)."""
    host = jax.device_get(logs)
    return {
        k: float(v) if np.ndim(v) == 0 else np.asarray(v)
        for k, v in host.items()
    }
