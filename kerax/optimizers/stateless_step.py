"""The pure update shared by every optimizer: `apply`.

`apply(layout, hyperparams, state, grads, values)` is a function of arrays
and two plain values: the optimizer's `SlotLayout` (where each state array
sits) and its `StepHyperparams` (everything else a step reads). Keras's
order within one step: divide by `loss_scale_factor`; with gradient
accumulation, accumulate and only commit every N-th step; clip; weight
decay; the algorithm's update; EMA (and its periodic overwrite); the
Variables' constraints; `iterations += 1`.

`Optimizer.stateless_apply` (the trainer's jitted step) and the eager
`apply` / `apply_gradients` (which jit `stateless_apply`) both end here.

>>> import jax, jax.numpy as jnp
>>> from kerax.core.variable import Variable
>>> from kerax.optimizers.sgd import SGD
>>> opt = SGD(learning_rate=0.5)
>>> opt.build([Variable(jnp.ones(2), name="w")])
>>> step = jax.jit(opt.stateless_apply)
>>> params, state = step(tuple(v.value for v in opt.variables),
...                      (jnp.ones(2),), (jnp.ones(2),))
>>> params[0].tolist(), int(state[0])
([0.5, 0.5], 1)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import jax
import jax.numpy as jnp

from kerax.optimizers.state_layout import SlotLayout
from kerax.optimizers.transforms import clip_gradients

Array = Any
# (grads, params, slots, learning_rate, step, missing) -> (params, slots)
UpdateFn = Callable[
    [list, list, Any, Array, Array, list], tuple[list, Any]]


class StepHyperparams(NamedTuple):
    """What one step reads besides arrays (built by the optimizer).

    Args:
        learning_rate: `(iteration, stored rate or None) -> rate`.
        update: the algorithm, `(grads, params, slots, lr, step, missing)
            -> (params, slots)`; `step` counts updates (not raw steps).
        weight_decay: per model variable, the decay rate or None.
        constraints: per model variable, a callable or None.
        overwrite_with_gradient: per model variable, a bool.
        clipnorm / global_clipnorm / clipvalue: Keras's clipping.
        loss_scale_factor: gradients are divided by it, if set.
        accumulation_steps: gradient accumulation steps, or None.
        ema_momentum: the EMA momentum, or None without EMA.
        ema_overwrite_frequency: int or None.
    """

    learning_rate: Callable[[Array, Array | None], Array]
    update: UpdateFn
    weight_decay: tuple[float | None, ...]
    constraints: tuple[Callable | None, ...]
    overwrite_with_gradient: tuple[bool, ...]
    clipnorm: float | None = None
    global_clipnorm: float | None = None
    clipvalue: float | None = None
    loss_scale_factor: float | None = None
    accumulation_steps: int | None = None
    ema_momentum: float | None = None
    ema_overwrite_frequency: int | None = None


def apply(layout: SlotLayout, hyperparams: StepHyperparams,
          state: Sequence[Array], grads: Sequence[Array | None],
          values: Sequence[Array]) -> tuple[Sequence[Array], Sequence[Array]]:
    """One pure, jittable optimizer step.

    Args:
        layout: the optimizer's `SlotLayout`.
        hyperparams: its `StepHyperparams`.
        state: the optimizer's arrays, in the order of its `variables`.
        grads: one gradient per model variable (`None`: leave it as is).
        values: the model variables' arrays.

    Returns:
        `(new_values, new_state)`, in the container types (list or tuple)
        and dtypes of `values` and `state`.
    """
    hp = hyperparams
    flat = [jnp.asarray(v) for v in state]
    params = [jnp.asarray(p) for p in values]
    opt = layout.unpack(flat)
    extras = dict(opt.extras)
    missing = [g is None for g in grads]
    if all(missing):
        raise ValueError("No gradients provided for any variable.")
    grads = [jnp.zeros_like(p) if g is None else jnp.asarray(g)
             for g, p in zip(grads, params)]
    if hp.loss_scale_factor is not None:
        grads = [g / hp.loss_scale_factor for g in grads]
    overwrite = [o and not m
                 for o, m in zip(hp.overwrite_with_gradient, missing)]
    raw_grads = grads
    if any(overwrite):  # Keras: such variables take their gradient.
        grads = [jnp.zeros_like(g) if o else g
                 for g, o in zip(grads, overwrite)]
        missing = [m or o for m, o in zip(missing, overwrite)]
    iteration = opt.iteration
    lr = hp.learning_rate(iteration, opt.learning_rate)
    steps = hp.accumulation_steps
    step = iteration // steps if steps else iteration
    is_update = None
    if steps:
        is_update = (iteration + 1) % steps == 0
        accs = extras["gradient_accumulator"]
        extras["gradient_accumulator"] = [
            jnp.where(is_update, jnp.zeros_like(a),
                      jnp.maximum(r, a) if o else a + g)
            for a, g, r, o in zip(accs, grads, raw_grads, overwrite)
        ]
        raw_grads = [jnp.where(is_update, jnp.maximum(r, a), r) if o else r
                     for r, a, o in zip(raw_grads, accs, overwrite)]
        grads = [jnp.where(is_update, (g + a) / steps, g)
                 for g, a in zip(grads, accs)]
    new_params, new_slots = _update(hp, grads, params, opt.slots, lr, step,
                                    missing)
    if steps:
        new_params, new_slots = jax.tree_util.tree_map(
            lambda new, old: jnp.where(is_update, new, old),
            (new_params, new_slots), (params, opt.slots))
    new_params, new_slots = layout.keep_missing(
        missing, (params, opt.slots), (new_params, new_slots))
    if any(overwrite):
        new_params = [_overwritten(p, r, is_update) if o else p
                      for p, r, o in zip(new_params, raw_grads, overwrite)]
    if hp.ema_momentum is not None:
        new_params, extras["average"] = _ema(
            hp, new_params, extras["average"], step)
    new_params = [p if c is None else c(p)
                  for c, p in zip(hp.constraints, new_params)]
    new_flat = layout.pack(opt._replace(
        iteration=iteration + 1, extras=extras, slots=new_slots))
    new_flat = [jnp.asarray(n).astype(o.dtype) for n, o in zip(new_flat, flat)]
    new_params = [jnp.asarray(n).astype(o.dtype)
                  for n, o in zip(new_params, params)]
    return like(values, new_params), like(state, new_flat)


def _update(hp: StepHyperparams, grads: list, params: list, slots: Any,
            lr: Array, step: Array, missing: list) -> tuple[list, Any]:
    """Clipping, decoupled weight decay, then the algorithm."""
    grads = clip_gradients(grads, hp.clipnorm, hp.global_clipnorm,
                           hp.clipvalue)
    params = [p if rate is None
              else p - p * jnp.asarray(rate, p.dtype) * lr.astype(p.dtype)
              for p, rate in zip(params, hp.weight_decay)]
    return hp.update(grads, params, slots, lr, step, missing)


def _ema(hp: StepHyperparams, params: list, averages: list,
         step: Array) -> tuple[list, list]:
    overwrite = None
    if hp.ema_overwrite_frequency:
        overwrite = (step + 1) % hp.ema_overwrite_frequency == 0
    new_params, new_averages = [], []
    for p, avg in zip(params, averages):
        momentum = (step != 0).astype(p.dtype) * hp.ema_momentum
        avg = momentum * avg + (1 - momentum) * p
        new_averages.append(avg)
        new_params.append(
            p if overwrite is None else jnp.where(overwrite, avg, p))
    return new_params, new_averages


def _overwritten(param: Array, grad: Array, is_update: Array | None) -> Array:
    """The new value of an `overwrite_with_gradient` variable: its
    gradient (with accumulation, only on update steps)."""
    if is_update is None:
        return grad.astype(param.dtype)
    return jnp.where(is_update, grad, param).astype(param.dtype)


def like(template: Sequence, values: Sequence) -> Sequence:
    """`values` as a tuple when `template` is one, else as a list."""
    return tuple(values) if isinstance(template, tuple) else list(values)
