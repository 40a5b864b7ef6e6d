"""How the trainer places state and batches under a distribution."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import jax
import numpy as np
from jax import tree_util
from jax.sharding import NamedSharding, PartitionSpec

from kerax.support.hints import PyTree

StepFn = Callable[[PyTree, PyTree], tuple[PyTree, PyTree]]


def active() -> Any:
    from kerax.distribution import distribution

    return distribution()


def check_batch_size(batch_size: int | None) -> None:
    """Raises when a batch cannot be split evenly over the batch devices."""
    dist = active()
    if dist is None or batch_size is None:
        return
    shards = dist.batch_shards
    if batch_size % shards:
        raise ValueError(
            f"The batch size ({batch_size}) is not divisible by the number "
            f"of devices on the '{dist.batch_dim_name}' axis ({shards}). "
            f"Use a batch size that is a multiple of {shards}, e.g. "
            f"batch_size={max(shards, batch_size - batch_size % shards)}."
        )


def batch_placer(dist: Any,
                 size: int | None) -> Callable[[PyTree], PyTree]:
    """A function constraining a traced batch to the data layout."""
    if dist is None or (size is not None and size % dist.batch_shards):
        return _identity
    mesh = dist.device_mesh.jax_mesh

    def place(batch: PyTree) -> PyTree:
        def constrain(a: jax.Array) -> jax.Array:
            if a.ndim == 0 or a.shape[0] % dist.batch_shards:
                return a  # a short final batch stays as placed
            spec = PartitionSpec(dist.batch_dim_name, *([None] * (a.ndim - 1)))
            return jax.lax.with_sharding_constraint(
                a, NamedSharding(mesh, spec))

        return tree_util.tree_map(constrain, batch)

    return place


def _identity(batch: PyTree) -> PyTree:
    return batch


def place_variables(variables: Sequence[Any],
                    copy: bool = False) -> tuple[jax.Array, ...]:
    """Values of `variables` (copied if asked), placed by their layouts."""
    dist = active()
    values = tuple(variable._value for variable in variables)
    if dist is not None:
        shardings = tuple(
            dist.get_variable_layout(v).sharding for v in variables)
        return tuple(jax.device_put(values, shardings, may_alias=not copy))
    if copy:
        # A device copy without compiling a copy kernel per shape.
        return tuple(jax.device_put(values, may_alias=False))
    return values


def place_variable_groups(groups: Sequence[Sequence[Any]],
                          copy: bool = False) -> tuple[tuple[Any, ...], ...]:
    """`place_variables` of each group, with one transfer for all of them
    when no distribution is active."""
    if active() is not None:
        return tuple(place_variables(g, copy=copy) for g in groups)
    values = tuple(tuple(v._value for v in g) for g in groups)
    if not copy:
        return values
    return tuple(tuple(g) for g in jax.device_put(values, may_alias=False))


def place_data(data: PyTree) -> PyTree:
    """Dataset arrays for the gather steps: replicated over the mesh."""
    dist = active()
    if dist is None:
        return jax.device_put(data)
    sharding = NamedSharding(dist.device_mesh.jax_mesh, PartitionSpec())
    return jax.device_put(data, sharding)


def constrain_state(step_fn: StepFn,
                    variables: Sequence[Sequence[Any]]) -> StepFn:
    """`step_fn` (`(state, data) -> (logs, state)`) whose returned state is
    constrained to the variables' layouts, so that every step hands the
    next one its state laid out as the distribution says (optimizer slots
    like their variables) instead of as XLA's propagation chose.

    `variables`: the lists `(trainable, non_trainable, optimizer,
    metrics)` matching the state's fields."""
    dist = active()
    if dist is None:
        return step_fn
    names = ("trainable", "non_trainable", "optimizer", "metrics")
    layouts = {
        name: tuple(dist.get_variable_layout(v).sharding for v in group)
        for name, group in zip(names, variables)
    }

    def constrain(values: tuple[Any, ...],
                  shardings: tuple[Any, ...]) -> tuple[Any, ...]:
        if len(values) != len(shardings):
            return values
        return tuple(
            jax.lax.with_sharding_constraint(a, s)
            if hasattr(a, "shape") else a
            for a, s in zip(values, shardings))

    def laid_out(state: PyTree) -> PyTree:
        fields = getattr(state, "_fields", None)
        if fields is None:
            return state
        return type(state)(*(
            constrain(values, layouts[f]) if f in layouts else values
            for f, values in zip(fields, state)))

    def step(state: PyTree, data: PyTree) -> tuple[PyTree, PyTree]:
        # Both ends: inside a fused loop the carry then keeps the layout.
        logs, new = step_fn(laid_out(state), data)
        return logs, laid_out(new)

    return step


def to_host(array: jax.Array) -> np.ndarray:
    """NumPy value of a step output (gathered from every process when it
    is sharded over several)."""
    from kerax.distribution.process import to_host as gather

    return gather(array)
