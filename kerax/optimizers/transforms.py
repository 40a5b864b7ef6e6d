"""Building blocks shared by the optimizers: optax transforms whose state
is a dict of per-variable slot tuples, and Keras's gradient clipping.

Each Keras-exact optimizer is an `optax.GradientTransformationExtraArgs`:
`init(params)` returns `{slot_name: (array per param, ...)}` (plus global
scalar entries), and `update(grads, state, params, learning_rate=...,
step=...)` returns `(updates, new_state)`, `updates` being what to add to
`params`. `step` is the number of optimizer updates done so far (Keras's
`optimizer.iterations`), so the Adam-style bias correction uses `step + 1`.

>>> import jax.numpy as jnp
>>> def sgd_step(g, p, slots, lr, t):
...     return -lr * g, slots
>>> tx = per_variable_transform({}, sgd_step)
>>> updates, _ = tx.update([jnp.ones(2)], tx.init([jnp.zeros(2)]),
...                        [jnp.zeros(2)], learning_rate=0.5, step=0)
>>> updates[0].tolist()
[-0.5, -0.5]
"""

import jax.numpy as jnp
import optax

from kerax.core.dtypes import host_full


def zeros_slot(param):
    return host_full(param.shape, 0, param.dtype)


def constant_slot(value):
    def init(param):
        return host_full(param.shape, value, param.dtype)

    return init


def per_variable_transform(slot_inits, var_step, extra_state=None):
    """An optax transform applying `var_step` to each parameter.

    Args:
        slot_inits: `{slot_name: init(param) -> array}`.
        var_step: `var_step(grad, param, slots, lr, local_step)` ->
            `(update, new_slots)`, where `slots` maps slot names to this
            parameter's arrays, `grad`/`lr`/`local_step` are already cast
            to the parameter's dtype and `local_step = step + 1`.
        extra_state: optional `(init(params) -> dict, update(state, step)
            -> dict)` for slots shared by all parameters; the updated
            entries are passed to `var_step` inside `slots`.
    """

    def init(params):
        state = {
            name: tuple(make(p) for p in params)
            for name, make in slot_inits.items()
        }
        if extra_state is not None:
            state.update(extra_state[0](params))
        return state

    def update(grads, state, params=None, *, learning_rate, step, **unused):
        shared = {}
        if extra_state is not None:
            shared = extra_state[1](state, step)
        new_state = {name: list(state[name]) for name in slot_inits}
        updates = []
        for i, (g, p) in enumerate(zip(grads, params)):
            dtype = p.dtype
            slots = {name: state[name][i] for name in slot_inits}
            slots.update(shared)
            lr = jnp.asarray(learning_rate).astype(dtype)
            local_step = jnp.asarray(step + 1).astype(dtype)
            u, slots = var_step(g.astype(dtype), p, slots, lr, local_step)
            updates.append(u.astype(dtype))
            for name in slot_inits:
                new_state[name][i] = slots[name]
        new_state = {name: tuple(v) for name, v in new_state.items()}
        new_state.update(shared)
        return updates, new_state

    return optax.GradientTransformationExtraArgs(init, update)


def clip_by_norm(grad, clipnorm):
    """Scales `grad` so its L2 norm is at most `clipnorm` (NaN-safe)."""
    l2sum = jnp.sum(jnp.square(grad), keepdims=True)
    positive = l2sum > 0
    safe = jnp.where(positive, l2sum, jnp.ones_like(l2sum))
    l2norm = jnp.where(positive, jnp.sqrt(safe), l2sum)
    return grad * clipnorm / jnp.maximum(l2norm, clipnorm)


def clip_by_global_norm(grads, clipnorm):
    """Scales all `grads` together so their joint norm is <= `clipnorm`.

    A non-finite norm turns every gradient into NaN, as in Keras.
    """
    squares = [jnp.sum(jnp.square(g)) for g in grads]
    norm = jnp.sqrt(jnp.sum(jnp.stack(squares)))
    scale = clipnorm * jnp.minimum(1.0 / norm, 1.0 / clipnorm)
    scale = scale + (norm - norm)
    return [g * scale.astype(g.dtype) for g in grads]


def clip_gradients(grads, clipnorm=None, global_clipnorm=None, clipvalue=None):
    """Keras's clipping: per-tensor norm, else global norm, else value."""
    if clipnorm and clipnorm > 0:
        return [clip_by_norm(g, clipnorm) for g in grads]
    if global_clipnorm and global_clipnorm > 0:
        return clip_by_global_norm(grads, global_clipnorm)
    if clipvalue and clipvalue > 0:
        return [jnp.clip(g, -clipvalue, clipvalue) for g in grads]
    return list(grads)
