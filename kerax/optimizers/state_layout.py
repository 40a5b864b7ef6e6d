"""`SlotLayout`: the one object that knows where each optimizer array sits.

An optimizer's state travels as a flat list of arrays in the order of
`optimizer.variables` (Keras's saving order): `iteration`, `learning_rate`
(unless the rate is a schedule or a callable), the EMA averages and the
gradient accumulators when enabled, then the algorithm's slots. A
`SlotLayout` is built once, when the optimizer is built, and converts that
list to and from an `OptimizerState` (`unpack` / `pack`). How the slots
themselves are laid out is one of three codecs:

- `DictSlots`: the built-in algorithms' state `{slot: (array per model
  variable,)}` plus shared `{slot: array}` entries, created group by group
  and, inside a group, interleaved per model variable (Adam:
  `kernel_momentum, kernel_velocity, bias_momentum, ...`);
- `TreeSlots`: any optax state pytree (its leaves, in flattening order);
- `AllValues`: optimizers written as Keras 3 writes them (`update_step`),
  whose "slots" are the whole list, as the `StatelessScope` maps every
  optimizer Variable.

>>> import jax.numpy as jnp
>>> layout = SlotLayout(
...     size=4, iteration_at=0, learning_rate_at=1, extras={},
...     slots=DictSlots(entries=(("momentum", 0), ("momentum", 1)), n_vars=2))
>>> state = layout.unpack([jnp.array(3), 0.1, jnp.ones(1), jnp.zeros(2)])
>>> int(state.iteration), [m.shape for m in state.slots["momentum"]]
(3, [(1,), (2,)])
>>> [getattr(v, "shape", ()) for v in layout.pack(state)]
[(), (), (1,), (2,)]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, Protocol

import jax

Array = Any
Slots = Any
Kept = tuple[list[Array], Slots]  # (model values, slots)


class OptimizerState(NamedTuple):
    """An optimizer's flat values, by meaning (a pytree).

    `extras` maps `"average"` (EMA) and `"gradient_accumulator"` to one
    array per model variable; `slots` is the algorithm's own state, in the
    form its codec gives (see the module docstring).
    """

    iteration: Array
    learning_rate: Array | None
    extras: dict[str, list[Array]]
    slots: Slots


class SlotCodec(Protocol):
    """How the algorithm's slots sit in the flat list."""

    def decode(self, values: Sequence[Array], start: int) -> Slots: ...

    def encode(self, slots: Slots, start: int) -> list[Array | None]: ...

    def keep_missing(self, missing: Sequence[bool], old: Kept,
                     new: Kept) -> Kept: ...


class DictSlots(NamedTuple):
    """Built-in algorithms: `entries[k] = (slot, model index or None)` is
    the meaning of the k-th array after the head (`None`: a shared slot)."""

    entries: tuple[tuple[str, int | None], ...]
    n_vars: int

    def decode(self, values: Sequence[Array], start: int) -> Slots:
        state: dict[str, Any] = {}
        for (slot, index), value in zip(self.entries, values[start:]):
            if index is None:
                state[slot] = value
            else:
                state.setdefault(slot, [None] * self.n_vars)[index] = value
        return {k: tuple(v) if isinstance(v, list) else v
                for k, v in state.items()}

    def encode(self, slots: Slots, start: int) -> list[Array | None]:
        flat = [slots[slot] if index is None else slots[slot][index]
                for slot, index in self.entries]
        return [None] * start + flat

    def keep_missing(self, missing: Sequence[bool], old: Kept,
                     new: Kept) -> Kept:
        params = _keep(missing, old[0], new[0])
        kept = {}
        for key, value in new[1].items():
            if isinstance(value, tuple) and len(value) == len(missing):
                value = tuple(_keep(missing, old[1][key], value))
            kept[key] = value
        return params, kept


class TreeSlots(NamedTuple):
    """A raw optax state pytree, stored leaf by leaf."""

    treedef: Any

    def decode(self, values: Sequence[Array], start: int) -> Slots:
        count = self.treedef.num_leaves
        return jax.tree_util.tree_unflatten(
            self.treedef, list(values[start:start + count]))

    def encode(self, slots: Slots, start: int) -> list[Array | None]:
        return [None] * start + jax.tree_util.tree_leaves(slots)

    def keep_missing(self, missing: Sequence[bool], old: Kept,
                     new: Kept) -> Kept:
        # optax owns its state; only the weights are kept.
        return _keep(missing, old[0], new[0]), new[1]


class AllValues(NamedTuple):
    """`update_step` optimizers: the slots are the whole flat list.
    `table` lists a built-in algorithm's slots, if any, as `(slot, model
    index or None, flat position)`; `per_variable` says whether they can
    be updated one model variable at a time (for `super().update_step`)."""

    table: tuple[tuple[str, int | None, int], ...] = ()
    per_variable: bool = False

    def decode(self, values: Sequence[Array], start: int) -> Slots:
        return tuple(values)

    def encode(self, slots: Slots, start: int) -> list[Array | None]:
        return list(slots)

    def keep_missing(self, missing: Sequence[bool], old: Kept,
                     new: Kept) -> Kept:
        # `update_step` is not run for them; the weight decay stays.
        return new


class SlotLayout:
    """Flat list of optimizer arrays <-> `OptimizerState`.

    Args:
        size: the flat list's length when built (`AllValues` layouts may
            grow: a Keras 3 `build` adds slots after `super().build`).
        iteration_at: position of `iteration`.
        learning_rate_at: position of `learning_rate`, or None.
        extras: `{"average" | "gradient_accumulator": positions}`.
        slots: the codec of the algorithm's slots.
    """

    def __init__(self, *, size: int, iteration_at: int,
                 learning_rate_at: int | None,
                 extras: dict[str, tuple[int, ...]],
                 slots: SlotCodec) -> None:
        head = [iteration_at] + [i for p in extras.values() for i in p]
        if learning_rate_at is not None:
            head.append(learning_rate_at)
        self._size = size
        self._iteration_at = iteration_at
        self._learning_rate_at = learning_rate_at
        self._extras = {k: tuple(v) for k, v in extras.items()}
        self._slots = slots
        self._start = max(head) + 1

    @classmethod
    def of_variables(cls, variables: Sequence[Any], iteration: Any,
                     learning_rate: Any, extras: dict[str, Sequence[Any]],
                     slots: SlotCodec) -> SlotLayout:
        """The layout of `variables` (positions found by identity)."""
        where = {id(v): i for i, v in enumerate(variables)}
        return cls(
            size=len(variables),
            iteration_at=where[id(iteration)],
            learning_rate_at=where.get(id(learning_rate)),
            extras={k: tuple(where[id(v)] for v in vs)
                    for k, vs in extras.items()},
            slots=slots,
        )

    @property
    def tracks_learning_rate(self) -> bool:
        """Whether `learning_rate` is one of the flat arrays."""
        return self._learning_rate_at is not None

    @property
    def per_variable(self) -> bool:
        """Whether an `update_step` optimizer's built-in slots are all
        per model variable (no shared slot, no foreign pytree)."""
        return bool(getattr(self._slots, "per_variable", False))

    @property
    def extra_keys(self) -> tuple[str, ...]:
        return tuple(self._extras)

    def slot_entries(self) -> list[tuple[str, int | None, int]]:
        """`(slot, model index or None, flat position)` of built-in
        algorithms' slots (empty for other codecs)."""
        if isinstance(self._slots, AllValues):
            return list(self._slots.table)
        if not isinstance(self._slots, DictSlots):
            return []
        return [(slot, index, self._start + k)
                for k, (slot, index) in enumerate(self._slots.entries)]

    def unpack(self, values: Sequence[Array]) -> OptimizerState:
        """The flat list, by meaning."""
        lr_at = self._learning_rate_at
        return OptimizerState(
            iteration=values[self._iteration_at],
            learning_rate=None if lr_at is None else values[lr_at],
            extras={k: [values[i] for i in positions]
                    for k, positions in self._extras.items()},
            slots=self._slots.decode(values, self._start),
        )

    def pack(self, state: OptimizerState) -> list[Array]:
        """The inverse of `unpack`."""
        out = self._slots.encode(state.slots, self._start)
        out[self._iteration_at] = state.iteration
        if self._learning_rate_at is not None:
            out[self._learning_rate_at] = state.learning_rate
        for key, positions in self._extras.items():
            for i, value in zip(positions, state.extras[key]):
                out[i] = value
        return out

    def keep_missing(self, missing: Sequence[bool], old: Kept,
                     new: Kept) -> Kept:
        """`new` `(params, slots)`, those of the variables without a
        gradient kept as in `old` (as far as the codec can tell them)."""
        if not any(missing):
            return new
        return self._slots.keep_missing(missing, old, new)

    def __repr__(self) -> str:
        return (f"SlotLayout(size={self._size}, extras={self.extra_keys}, "
                f"slots={type(self._slots).__name__})")


def _keep(missing: Sequence[bool], old: Sequence[Array],
          new: Sequence[Array]) -> list[Array]:
    return [o if m else n for o, n, m in zip(old, new, missing)]
