"""Keras 2 optimizer state in a full-model `.h5`: the `optimizer_weights`
group, read into a kerax optimizer and written back.

Keras 2.3 (`keras/engine/saving.py`) stores `model.optimizer.weights` as
datasets named by the variables (`Adam/iterations:0`,
`training/Adam/m_0:0`, ...; a `/` makes nested groups), listed in that
order by the group's `weight_names` attribute. The order is
`optimizer.get_weights()`'s: `iterations`, the optimizer's own scalars
(Nadam: `m_schedule`), then one block per slot kind, each holding one
array per trainable weight in the model's order:

    SGD      [iterations] + moments            (written even without momentum)
    RMSprop  [iterations] + accumulators       (later Keras 2: + ms + mgs)
    Adagrad  [iterations] + accumulators
    Adadelta [iterations] + accumulators + delta_accumulators
    Adam     [iterations] + ms + vs + vhats    (vhats have shape (1,)
                                                without amsgrad)
    Adamax   [iterations] + ms + us
    Nadam    [iterations, m_schedule] + ms + vs

tf.keras's OptimizerV2 (`tf.keras.optimizers.legacy`: `Adam/iter:0`,
`Adam/dense/kernel/m:0`) stores the same order. Keras 2.11+'s optimizers
(tf_keras, measured on 2.21) store `iteration:0` then the slots in Keras
3's order (`Adam/m/dense/kernel:0`, `Adam/v/dense/kernel:0`, ...; Nadam
without its `u_product`), which is kerax's slot order. Keras 3's own
`.h5` files hold `optimizer.variables` (`adam/iteration`,
`adam/learning_rate`, slots). Keras 2.2 files lack `iterations` for RMSprop, Adagrad and
Adadelta, and `m_schedule` for Nadam: both are accepted (counted from 0,
or 1 for the schedule). kerax keeps these slots per model variable
(`Optimizer._slot_entries`), so the blocks map by slot kind.

>>> import jax.numpy as jnp
>>> from kerax.core.variable import Variable
>>> from kerax.optimizers import Adam
>>> weights = [Variable(jnp.ones((2, 1))), Variable(jnp.ones(1))]
>>> optimizer = Adam()
>>> optimizer.build(weights)
>>> state = keras2_state(optimizer, [w.shape for w in weights])
>>> [name for name, _ in state][:3], len(state)
(['Adam/iterations:0', 'training/Adam/m_0:0', 'training/Adam/m_1:0'], 7)
>>> state[-1][0], state[-1][1].shape  # Keras 2.3's vhat without amsgrad
('training/Adam/vhat_1:0', (1,))
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

# kerax class -> (own scalars after `iterations` as (kerax global slot,
# Keras 2 name, value when absent), slot blocks as (kerax slot, Keras 2
# name stem, filler when kerax has no such slot: "param" zeros shaped like
# the weight, "one" zeros of shape (1,), None: not written)).
_LAYOUTS = {
    "SGD": ((), (("momentum", "moment", "param"),)),
    "RMSprop": ((), (("velocity", "accumulator", None),
                     ("momentum", "momentum", None),
                     ("average_gradient", "mg", None))),
    "Adagrad": ((), (("accumulator", "accumulator", None),)),
    "Adadelta": ((), (("accumulated_grad", "accumulator", None),
                      ("accumulated_delta_var", "delta_accumulator", None))),
    "Adam": ((), (("momentum", "m", None), ("velocity", "v", None),
                  ("velocity_hat", "vhat", "one"))),
    "Adamax": ((), (("momentum", "m", None), ("norm", "u", None))),
    "Nadam": ((("u_product", "m_schedule", 1.0),),
              (("momentum", "m", None), ("velocity", "v", None))),
}
# Optimizers whose Keras 2.2 files have no `iterations` entry.
_NO_ITERATIONS_BEFORE_2_3 = ("RMSprop", "Adagrad", "Adadelta")


def layout(optimizer: Any) -> Any:
    """The Keras 2 layout of `optimizer`'s class, or None."""
    return _LAYOUTS.get(type(optimizer).__name__)


def _slots(optimizer: Any) -> dict[Any, Any]:
    """`{(slot, index or None): Variable}` of a built optimizer."""
    entries = getattr(optimizer, "_slot_entries", None) or []
    variables = getattr(optimizer, "_slot_variables", None) or []
    return dict(zip(entries, variables))


# -------------------------------------------------------------- writing
def keras2_state(optimizer: Any, shapes: Sequence[tuple[int, ...]],
                 ) -> list[tuple[str, np.ndarray]] | None:
    """`[(name, array)]` of a built optimizer in Keras 2.3's order, or None
    when its class has no Keras 2 layout. `shapes`: the trainable weights'
    shapes."""
    spec = layout(optimizer)
    if spec is None:
        return None
    own, blocks = spec
    cls = type(optimizer).__name__
    slots = _slots(optimizer)
    state = [(f"{cls}/iterations:0",
              np.asarray(optimizer._iterations.numpy(), "int64"))]
    for slot, name, _ in own:
        variable = slots.get((slot, None))
        value = np.asarray(variable.numpy()) if variable is not None else (
            np.asarray(1.0, "float32"))
        state.append((f"{cls}/{name}:0", value))
    for slot, stem, filler in blocks:
        present = any((slot, i) in slots for i in range(len(shapes)))
        if not present and filler is None:
            continue
        for i, shape in enumerate(shapes):
            variable = slots.get((slot, i))
            if variable is not None:
                value = np.asarray(variable.numpy())
            elif filler == "one":
                value = np.zeros((1,), "float32")
            else:
                value = np.zeros(shape, "float32")
            state.append((f"training/{cls}/{stem}_{i}:0", value))
    return state


# -------------------------------------------------------------- reading
def _heads(cls: str, own: bool) -> Iterator[tuple[bool, bool]]:
    """Candidate head layouts: `(has_iterations, own scalars present)`."""
    yield True, True
    if own:
        yield True, False
    if cls in _NO_ITERATIONS_BEFORE_2_3:
        yield False, True


def _plan(optimizer: Any, values: Sequence[Any],
          n: int) -> list[tuple[Any, Any]] | None:
    """`[(Variable, array)]` to assign from Keras 2 `values`, or None when
    they do not fit the optimizer's Keras 2 layout."""
    spec = layout(optimizer)
    if spec is None:
        return None
    own, blocks = spec
    cls = type(optimizer).__name__
    slots = _slots(optimizer)
    wanted = {slot for slot, index in slots if index is not None}
    for has_iterations, has_own in _heads(cls, own):
        head = int(has_iterations) + (len(own) if has_own else 0)
        rest = len(values) - head
        if rest < 0 or (n == 0 and rest) or (n and rest % n):
            continue
        count = rest // n if n else 0
        if count > len(blocks) or any(
            np.asarray(v).size != 1 for v in values[:head]
        ):
            continue
        kinds = [slot for slot, _, _ in blocks[:count]]
        if not wanted <= set(kinds):
            continue
        plan = []
        position = 0
        if has_iterations:
            plan.append((optimizer._iterations, values[0]))
            position = 1
        if has_own:
            for slot, _, _ in own:
                variable = slots.get((slot, None))
                if variable is not None:
                    plan.append((variable, values[position]))
                position += 1
        fits = True
        for block, slot in enumerate(kinds):
            for i in range(n):
                value = values[head + block * n + i]
                variable = slots.get((slot, i))
                if variable is None:
                    continue  # a Keras 2 slot kerax does not keep
                if tuple(variable.shape) != tuple(np.shape(value)):
                    fits = False
                plan.append((variable, value))
        if fits:
            return plan
    return None


def _keras3_plan(optimizer: Any, names: Sequence[str],
                 values: Sequence[Any]) -> list[tuple[Any, Any]] | None:
    """Keras 3's `.h5` files (and kerax's earlier ones) hold
    `optimizer.variables` in Keras 3's order (`adam/iteration`,
    `adam/learning_rate`, slots): `[(Variable, array)]` when they match
    exactly."""
    variables = list(optimizer.variables)
    if len(values) != len(variables) or len(names) < 2 or not names[
        1
    ].split(":")[0].endswith("learning_rate"):
        return None
    if any(tuple(v.shape) != tuple(np.shape(x))
           for v, x in zip(variables, values)):
        return None
    return list(zip(variables, values))


def _keras211_plan(optimizer: Any, names: Sequence[str],
                   values: Sequence[Any]) -> list[tuple[Any, Any]] | None:
    """Keras 2.11+ files: `iteration` then the per-variable slots in
    kerax's slot order: `[(Variable, array)]` when they match."""
    if not names or names[0].split(":")[0].split("/")[-1] != "iteration":
        return None
    entries = getattr(optimizer, "_slot_entries", None) or []
    variables = getattr(optimizer, "_slot_variables", None) or []
    slots = [v for (_, index), v in zip(entries, variables)
             if index is not None]
    if len(values) != 1 + len(slots) or np.asarray(values[0]).size != 1:
        return None
    if any(tuple(v.shape) != tuple(np.shape(x))
           for v, x in zip(slots, values[1:])):
        return None
    return [(optimizer._iterations, values[0])] + list(zip(slots, values[1:]))


def restore(optimizer: Any, trainable_variables: Sequence[Any],
            names: Sequence[str], values: Sequence[Any]) -> bool:
    """Loads `optimizer_weights` (`names`, `values` in file order) into
    `optimizer`, building it first. Returns False (nothing assigned) when
    the state does not fit."""
    if not optimizer.built:
        optimizer.build(trainable_variables)
    plan = _keras3_plan(optimizer, names, values)
    if plan is None:
        plan = _keras211_plan(optimizer, names, values)
    if plan is None:
        plan = _plan(optimizer, values, len(list(trainable_variables)))
    if plan is None:
        return False
    for variable, value in plan:
        variable.assign(np.asarray(value).reshape(variable.shape).astype(
            variable.dtype))
    return True
