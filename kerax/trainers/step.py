"""Builds the jitted step functions: the one place `jax.jit` is called.

Three shapes of call exist:
- `single`: one batch given as arrays: `fn(state, batch)`;
- `gather`: the whole dataset already on device plus the epoch's row order:
  `fn(state, data, order, start)` takes rows `order[start:start+size]`
  (`order=None`: rows `start:start+size` of a window already in order);
- `gather_loop`: like `gather`, but runs `n` consecutive batches in one
  `jax.lax.fori_loop` (`n` is a runtime argument): one dispatch, one
  compile, for any number of steps;
- `gather_masked`: like `gather`, with only the first `valid` rows real
  (a padded final batch of `evaluate`);
- `collect_loop`: like `gather_loop` for predict steps, but keeps every
  step's output, written into one buffer of `k` batches;
- `collect_batched`: `k` predict batches as one `jax.vmap` over the batch
  index, so each layer runs once on `k * size` rows (larger matmuls)
  while every batch still sees only its own rows.
The state argument is donated: its buffers are reused for the new state.
`build(kind, ...)` picks the builder of a `plan.StepKind`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np
from jax import tree_util
from jax.extend import core as jax_core

from kerax.support.hints import PyTree
from kerax.trainers.plan import StepKind, check_kind

StepFn = Callable[[PyTree, PyTree], tuple[PyTree, PyTree]]
"""A step method: `(state, batch) -> (outputs or logs, new state)`."""
Place = Callable[[PyTree], PyTree]
"""Places a batch (e.g. adds a sharding constraint); identity by default."""


def _take(data: PyTree, order: jax.Array | None, start: Any, size: int,
          place: Place) -> PyTree:
    """Rows `order[start:start+size]` of `data`; with `order=None` (a
    window already in order) the rows `start:start+size`, sliced without
    a gather."""
    if order is None:
        batch = tree_util.tree_map(
            lambda a: jax.lax.dynamic_slice_in_dim(a, start, size), data)
        return place(batch)
    rows = jax.lax.dynamic_slice_in_dim(order, start, size)
    batch = tree_util.tree_map(lambda a: jnp.take(a, rows, axis=0), data)
    return place(batch)


def _identity(batch: PyTree) -> PyTree:
    return batch


def trace_once(fn: Callable[..., Any],
               *args: Any) -> tuple[Callable[..., Any], PyTree]:
    """`(call, out_spec)`: `fn` traced once on `args`' shapes, and a
    function that replays that trace on arguments of the same shapes.

    A loop body needs the step's output shapes before the loop is traced
    (its carry); replaying one trace spares tracing the step twice. Any
    Python-side effect of `fn` happens once.

    >>> call, spec = trace_once(lambda a, b: {"sum": a + b}, 1.0, 2.0)
    >>> spec["sum"].shape, float(call(3.0, 4.0)["sum"])
    ((), 7.0)
    """
    closed, out_spec = jax.make_jaxpr(fn, return_shape=True)(*args)
    replay = jax_core.jaxpr_as_fun(closed)
    out_tree = tree_util.tree_structure(out_spec)

    def call(*call_args: Any) -> Any:
        flat = replay(*tree_util.tree_leaves(call_args))
        return tree_util.tree_unflatten(out_tree, flat)

    return call, out_spec


def keep_finite(step_fn: StepFn) -> StepFn:
    """A train step that drops its update when the step's loss or any new
    trainable value is NaN or infinite: it returns its input state (the
    last good weights, optimizer and metric state) with the step's logs,
    which show the bad loss (what `TerminateOnNaN` looks for)."""

    def fn(state: PyTree, data: PyTree) -> tuple[PyTree, PyTree]:
        logs, new = step_fn(state, data)
        new_def: Any = tree_util.tree_structure(new)
        if new_def != tree_util.tree_structure(state):
            return logs, new  # a custom step with its own state layout
        checks = [jnp.all(jnp.isfinite(v))
                  for v in tree_util.tree_leaves(getattr(new, "trainable", ()))
                  if jnp.issubdtype(v.dtype, jnp.inexact)]
        loss = logs.get("loss") if isinstance(logs, dict) else None
        if loss is not None:
            checks.append(jnp.all(jnp.isfinite(loss)))
        if not checks:
            return logs, new
        ok = jnp.all(jnp.stack(checks))
        kept = tree_util.tree_map(lambda n, o: jnp.where(ok, n, o), new, state)
        return logs, kept

    return fn


def single(step_fn: StepFn, jit: bool = True, donate: bool = True,
           place: Place = _identity) -> Callable[..., Any]:
    """`fn(state, batch) -> (out, state)`."""

    def fn(state: PyTree, batch: PyTree) -> tuple[PyTree, PyTree]:
        return step_fn(state, place(batch))

    if not jit:
        return fn
    return jax.jit(fn, donate_argnums=(0,) if donate else ())


def gather(step_fn: StepFn, size: int, jit: bool = True, donate: bool = True,
           place: Place = _identity) -> Callable[..., Any]:
    """`fn(state, data, order, start)` on rows `order[start:start+size]`.

    `place(batch)` may add a sharding constraint (data parallelism)."""

    def fn(state: PyTree, data: PyTree, order: jax.Array | None,
           start: Any) -> tuple[PyTree, PyTree]:
        return step_fn(state, _take(data, order, start, size, place))

    if not jit:
        return fn
    return jax.jit(fn, donate_argnums=(0,) if donate else ())


def gather_loop(step_fn: StepFn, size: int, jit: bool = True,
                donate: bool = True, place: Place = _identity,
                masked: bool = False) -> Callable[..., Any]:
    """`fn(state, data, order, start, n)` running `n` consecutive batches in
    one call; `n` is a runtime value, so one compile serves every count.
    Returns the last step's output.

    With `masked=True` it is `fn(state, data, order, start, n, valid_last)`:
    only the first `valid_last` rows of the call's last batch are real (see
    `row_mask`), so a short final batch runs through the same program.
    """
    from kerax.trainers import row_mask

    def masked_step(state: PyTree, batch: PyTree,
                    valid: Any) -> tuple[PyTree, PyTree]:
        with row_mask.active_rows(valid, size):
            return step_fn(state, batch)

    def run(state: PyTree, data: PyTree, order: jax.Array | None,
            start: Any, n: Any, valid_last: Any) -> tuple[PyTree, PyTree]:
        probe = _take(data, order, start, size, place)
        if masked:
            first_valid = jnp.where(n == 1, valid_last, size)
            step, (out_spec, _) = trace_once(masked_step, state, probe,
                                             first_valid)
        else:
            step, (out_spec, _) = trace_once(step_fn, state, probe)
        out0 = tree_util.tree_map(
            lambda s: jnp.zeros(s.shape, s.dtype), out_spec)

        def body(i: jax.Array,
                 carry: tuple[PyTree, PyTree]) -> tuple[PyTree, PyTree]:
            state, _ = carry
            batch = _take(data, order, start + i * size, size, place)
            if not masked:
                out, state = step(state, batch)
            else:
                out, state = step(state, batch,
                                  jnp.where(i == n - 1, valid_last, size))
            return state, out

        state, out = jax.lax.fori_loop(0, n, body, (state, out0))
        return out, state

    fn: Callable[..., tuple[PyTree, PyTree]]
    if masked:
        fn = run
    else:
        def fn(state: PyTree, data: PyTree, order: jax.Array | None,
               start: Any, n: Any) -> tuple[PyTree, PyTree]:
            return run(state, data, order, start, n, None)

    if not jit:
        return fn
    return jax.jit(fn, donate_argnums=(0,) if donate else ())


def gather_masked(step_fn: StepFn, size: int, jit: bool = True,
                  donate: bool = True,
                  place: Place = _identity) -> Callable[..., Any]:
    """`fn(state, data, order, start, valid)`: a step on rows
    `order[start:start+size]` of which only the first `valid` count (see
    `row_mask`); one compile serves full and short batches."""
    from kerax.trainers import row_mask

    def fn(state: PyTree, data: PyTree, order: jax.Array | None,
           start: Any, valid: Any) -> tuple[PyTree, PyTree]:
        batch = _take(data, order, start, size, place)
        with row_mask.active_rows(valid, size):
            return step_fn(state, batch)

    if not jit:
        return fn
    return jax.jit(fn, donate_argnums=(0,) if donate else ())


def collect_loop(step_fn: StepFn, size: int, k: int, jit: bool = True,
                 place: Place = _identity) -> Callable[..., Any]:
    """`fn(state, data, order, start, n) -> (outputs, non_trainable)`.

    Runs `n <= k` consecutive predict batches in one call; `outputs` holds
    `k * size` rows of which the first `n * size` are filled. `k` is fixed
    per batch size, so one compile serves every dataset length.
    """

    def fn(state: PyTree, data: PyTree, order: jax.Array | None, start: Any,
           n: Any) -> tuple[PyTree, PyTree]:
        probe = _take(data, order, start, size, place)
        step, (out_spec, _) = trace_once(step_fn, state, probe)
        buffers = tree_util.tree_map(
            lambda s: jnp.zeros((k * size,) + s.shape[1:], s.dtype), out_spec)

        def body(i: jax.Array,
                 carry: tuple[PyTree, PyTree]) -> tuple[PyTree, PyTree]:
            state, buffers = carry
            batch = _take(data, order, start + i * size, size, place)
            out, non_trainable = step(state, batch)
            buffers = tree_util.tree_map(
                lambda buf, o: jax.lax.dynamic_update_slice_in_dim(
                    buf, o.astype(buf.dtype), i * size, 0),
                buffers, out)
            return type(state)(state[0], non_trainable), buffers

        state, buffers = jax.lax.fori_loop(0, n, body, (state, buffers))
        return buffers, state[1]

    return jax.jit(fn) if jit else fn


def collect_batched(step_fn: StepFn, size: int, k: int,
                    jit: bool = True) -> Callable[..., Any]:
    """`fn(state, data, order, start) -> (outputs, non_trainable)` for
    the `k` batches of rows `order[start:start + k * size]`.

    The step is vmapped over the batch index with the state shared, so
    results equal `k` separate calls, provided the step returns its
    non-trainable state unchanged (`predict_loop` checks that before
    choosing this builder; `collect_loop` runs state-writing steps).
    """

    def fn(state: PyTree, data: PyTree, order: jax.Array | None,
           start: Any) -> tuple[PyTree, PyTree]:
        batches = tree_util.tree_map(
            lambda a: a.reshape((k, size) + a.shape[1:]),
            _take(data, order, start, k * size, _identity),
        )
        outputs, non_trainable = jax.vmap(
            lambda batch: step_fn(state, batch), out_axes=(0, None)
        )(batches)
        outputs = tree_util.tree_map(
            lambda o: o.reshape((k * size,) + o.shape[2:]), outputs)
        return outputs, non_trainable

    return jax.jit(fn) if jit else fn


def build(kind: StepKind, step_fn: StepFn, size: int | None,
          k: int | None, jit: bool, donate: bool,
          place: Place) -> Callable[..., Any]:
    """The jitted (or plain, when `jit` is false) function of `kind`
    around `step_fn` for batches of `size` rows (`k` batches per call for
    the predict kinds)."""
    kind = check_kind(kind)
    if kind is StepKind.SINGLE:
        return single(step_fn, jit, donate, place)
    # Every other kind reads rows by index: the loop passes a batch size.
    assert size is not None, kind
    if kind is StepKind.GATHER:
        return gather(step_fn, size, jit, donate, place)
    if kind is StepKind.MASKED:
        return gather_masked(step_fn, size, jit, donate, place)
    if kind is StepKind.GATHER_LOOP:
        return gather_loop(step_fn, size, jit, donate, place)
    if kind is StepKind.GATHER_LOOP_MASKED:
        return gather_loop(step_fn, size, jit, donate, place, masked=True)
    if kind is StepKind.BATCHED:
        assert k is not None, kind
        return collect_batched(step_fn, size, k, jit)
    # StepKind.COLLECT, the last member (`check_kind` allows no other).
    assert k is not None, kind
    return collect_loop(step_fn, size, k, jit, place)


def has_convolution(jaxpr: Any) -> bool:
    """Whether a traced computation (a `ClosedJaxpr`) has a convolution.

    On XLA CPU a convolution inside a loop runs far slower than the same
    step dispatched alone (measured ~15x on the MNIST CNN), so such steps
    are never run in the multi-step loop automatically.
    """
    return _jaxpr_has(jaxpr.jaxpr, "conv_general_dilated")


def result_bytes(jaxpr: Any) -> int:
    """Bytes of every result a traced computation (a `ClosedJaxpr`)
    computes at its top level: a bound on the memory of its temporaries."""
    total = 0
    for eqn in jaxpr.jaxpr.eqns:
        for var in eqn.outvars:
            aval: Any = getattr(var, "aval", None)
            if hasattr(aval, "shape") and hasattr(aval, "dtype"):
                total += aval.dtype.itemsize * int(np.prod(aval.shape))
    return total


def _jaxpr_has(jaxpr: Any, primitive_name: str) -> bool:
    for eqn in jaxpr.eqns:
        if eqn.primitive.name == primitive_name:
            return True
        for param in eqn.params.values():
            for sub in _sub_jaxprs(param):
                if _jaxpr_has(sub, primitive_name):
                    return True
    return False


def _sub_jaxprs(param: Any) -> Iterator[Any]:
    items = param if isinstance(param, (list, tuple)) else [param]
    for item in items:
        if hasattr(item, "jaxpr") and hasattr(item.jaxpr, "eqns"):
            yield item.jaxpr
        elif hasattr(item, "eqns"):
            yield item
