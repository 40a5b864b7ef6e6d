"""Builds the jitted step functions: the one place `jax.jit` is called.

Three shapes of call exist for each mode:
- `single`: one batch given as arrays: `fn(state, batch)`;
- `gather`: the whole dataset already on device plus the epoch's row order:
  `fn(state, data, order, start)` takes rows `order[start:start+size]`;
- `gather_scan`: like `gather`, but runs `n` consecutive batches in one
  `jax.lax.scan`: one dispatch for `n` steps.
The state argument is donated: its buffers are reused for the new state.
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
import jax.tree_util as tree_util


def _take(data, order, start, size, place):
    rows = jax.lax.dynamic_slice_in_dim(order, start, size)
    batch = tree_util.tree_map(lambda a: jnp.take(a, rows, axis=0), data)
    return place(batch)


def _identity(batch):
    return batch


def single(step_fn, jit=True, donate=True, place=_identity):
    """`fn(state, batch) -> (out, state)`."""

    def fn(state, batch):
        return step_fn(state, place(batch))

    if not jit:
        return fn
    return jax.jit(fn, donate_argnums=(0,) if donate else ())


def gather(step_fn, size, jit=True, donate=True, place=_identity):
    """`fn(state, data, order, start)` on rows `order[start:start+size]`.

    `place(batch)` may add a sharding constraint (data parallelism)."""

    def fn(state, data, order, start):
        return step_fn(state, _take(data, order, start, size, place))

    if not jit:
        return fn
    return jax.jit(fn, donate_argnums=(0,) if donate else ())


def gather_scan(step_fn, size, steps, jit=True, donate=True,
                place=_identity):
    """`fn(state, data, order, start)` running `steps` batches in a scan;
    returns the last step's output."""

    def fn(state, data, order, start):
        def body(carry, i):
            batch = _take(data, order, start + i * size, size, place)
            out, carry = step_fn(carry, batch)
            return carry, out

        state, outs = jax.lax.scan(body, state, jnp.arange(steps))
        return tree_util.tree_map(lambda o: o[-1], outs), state

    if not jit:
        return fn
    return jax.jit(fn, donate_argnums=(0,) if donate else ())


def stacked_scan(step_fn, jit=True, donate=True, place=_identity):
    """`fn(state, batches)` over batches stacked on a leading axis."""

    def fn(state, batches):
        def body(carry, batch):
            out, carry = step_fn(carry, place(batch))
            return carry, out

        state, outs = jax.lax.scan(body, state, batches)
        return tree_util.tree_map(lambda o: o[-1], outs), state

    if not jit:
        return fn
    return jax.jit(fn, donate_argnums=(0,) if donate else ())


def has_convolution(jitted_fn, *args) -> bool:
    """Whether the lowered computation contains a convolution.

    On XLA CPU a convolution inside `lax.scan` runs far slower than the same
    step dispatched alone, so such steps are never fused automatically.
    """
    try:
        text = jitted_fn.lower(*args).as_text()
    except Exception:  # noqa: BLE001 - be conservative
        return True
    return "convolution" in text
