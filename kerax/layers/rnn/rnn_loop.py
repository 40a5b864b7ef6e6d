"""The recurrent loop behind `RNN` (private): `jax.lax.scan` over time, or
a Python loop when `unroll=True`.

`run_loop(step, inputs, initial_states, ...)` calls
`step(input_t, states) -> (output_t, new_states)` for each timestep and
returns `(last_output, outputs, final_states)`:

- masked timesteps (mask False) keep the previous states, and output the
  previous output (`states[0]`, the last cell's first state for stacked
  cells) or zeros with `zero_output_for_mask`, as Keras's JAX backend;
- `go_backwards` walks time from the end; `outputs` are then in
  processing order (Keras's convention);
- `outputs` is None unless `return_all_outputs` (the last output is then
  carried through the loop instead of stacking every step).

>>> import jax.numpy as jnp
>>> def step(x, states):
...     total = states[0] + x
...     return total, [total]
>>> last, outs, states = run_loop(step, jnp.ones((1, 3, 2)),
...                               [jnp.zeros((1, 2))])
>>> last.tolist(), outs.shape
([[3.0, 3.0]], (1, 3, 2))
"""

from __future__ import annotations

import jax
import jax.numpy as jnp
from jax import tree_util

# Timesteps per iteration of the compiled loop (fewer loop overheads).
_UNROLL = 1


def _swap(x):
    return jnp.swapaxes(x, 0, 1)


def _keep(mask_t, like):
    """`mask_t` (batch,) broadcast against `like` (batch, ...)."""
    return jnp.reshape(mask_t, mask_t.shape + (1,) * (like.ndim - 1))


def _previous_output(states):
    first = states[0]
    if isinstance(first, (list, tuple)):
        return states[-1][0]
    return first


def run_loop(
    step,
    inputs,
    initial_states,
    mask=None,
    go_backwards=False,
    unroll=False,
    zero_output_for_mask=False,
    return_all_outputs=True,
    time_major=False,
    output_is_first_state=False,
):
    """Runs `step` over the time axis (1, or 0 with `time_major`).

    `output_is_first_state` (built-in cells, whose output is their first
    state) lets the last output be read from the final states instead of
    being carried through the loop.
    """
    xs = inputs if time_major else tree_util.tree_map(_swap, inputs)
    treedef = tree_util.tree_structure(initial_states)
    flat_init = tree_util.tree_leaves(initial_states)
    dtypes = [x.dtype for x in flat_init]

    def cell_step(x_t, flat_states):
        states = tree_util.tree_unflatten(treedef, flat_states)
        output, new_states = step(x_t, states)
        new_flat = tree_util.tree_leaves(new_states)
        if len(new_flat) != len(flat_states):
            raise ValueError(
                "An RNN cell must return as many states as it receives. "
                f"Received {len(new_flat)} new states for "
                f"{len(flat_states)} states."
            )
        new_flat = [s.astype(d) for s, d in zip(new_flat, dtypes)]
        return output, new_flat

    keep = None
    if mask is not None:
        keep = jnp.asarray(mask).astype(bool)
        keep = jnp.reshape(keep, keep.shape[:2] + (-1,)).any(axis=-1)
        keep = _swap(keep)  # (time, batch)

    def masked_step(flat_states, x_t, keep_t):
        output, new_flat = cell_step(x_t, flat_states)
        if keep_t is None:
            return output, new_flat
        if zero_output_for_mask:
            previous = jnp.zeros_like(output)
        else:
            previous = _previous_output(
                tree_util.tree_unflatten(treedef, flat_states)
            )
        output = jnp.where(_keep(keep_t, output), output, previous)
        new_flat = [
            jnp.where(_keep(keep_t, new), new, old)
            for new, old in zip(new_flat, flat_states)
        ]
        return output, new_flat

    n_steps = tree_util.tree_leaves(xs)[0].shape[0]
    if unroll:
        return _unrolled(masked_step, xs, keep, flat_init, treedef, n_steps,
                         go_backwards, return_all_outputs)

    if not return_all_outputs and output_is_first_state and not (
            keep is not None and zero_output_for_mask
        ):
        def body(flat_states, scanned):
            x_t, keep_t = scanned
            _, new_flat = masked_step(flat_states, x_t, keep_t)
            return new_flat, None

        final_flat, _ = jax.lax.scan(
            body, flat_init, (xs, keep), reverse=go_backwards,
            unroll=_UNROLL,
        )
        final = tree_util.tree_unflatten(treedef, final_flat)
        return _previous_output(final), None, final
    if return_all_outputs:
        def body(flat_states, scanned):
            x_t, keep_t = scanned
            output, new_flat = masked_step(flat_states, x_t, keep_t)
            return new_flat, output

        final_flat, outputs = jax.lax.scan(
            body, flat_init, (xs, keep), reverse=go_backwards,
            unroll=_UNROLL,
        )
        if go_backwards:
            outputs = jnp.flip(outputs, axis=0)
        last_output = outputs[-1]
        outputs = _swap(outputs)
    else:
        x0 = tree_util.tree_map(lambda x: x[0], xs)
        spec = jax.eval_shape(lambda x, s: cell_step(x, s)[0], x0, flat_init)

        def body(carry, scanned):
            flat_states, _ = carry
            x_t, keep_t = scanned
            output, new_flat = masked_step(flat_states, x_t, keep_t)
            return (new_flat, output), None

        init = (flat_init, jnp.zeros(spec.shape, spec.dtype))
        (final_flat, last_output), _ = jax.lax.scan(
            body, init, (xs, keep), reverse=go_backwards, unroll=_UNROLL
        )
        outputs = None
    return last_output, outputs, tree_util.tree_unflatten(treedef, final_flat)


def _unrolled(masked_step, xs, keep, flat_states, treedef, n_steps,
              go_backwards, return_all_outputs):
    order = range(n_steps - 1, -1, -1) if go_backwards else range(n_steps)
    outputs = []
    for t in order:
        x_t = tree_util.tree_map(lambda x, t=t: x[t], xs)
        keep_t = None if keep is None else keep[t]
        output, flat_states = masked_step(flat_states, x_t, keep_t)
        outputs.append(output)
    last_output = outputs[-1]
    stacked = jnp.stack(outputs, axis=1) if return_all_outputs else None
    return last_output, stacked, tree_util.tree_unflatten(treedef, flat_states)
