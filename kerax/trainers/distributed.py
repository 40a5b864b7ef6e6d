"""How the trainer places state and batches under a distribution."""

from __future__ import annotations

import jax
from jax import tree_util
from jax.sharding import NamedSharding, PartitionSpec


def active():
    from kerax.distribution import distribution

    return distribution()


def check_batch_size(batch_size):
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


def batch_placer(dist, size):
    """A function constraining a traced batch to the data layout."""
    if dist is None or (size is not None and size % dist.batch_shards):
        return _identity
    mesh = dist.device_mesh.jax_mesh

    def place(batch):
        def constrain(a):
            spec = PartitionSpec(dist.batch_dim_name, *([None] * (a.ndim - 1)))
            return jax.lax.with_sharding_constraint(
                a, NamedSharding(mesh, spec))

        return tree_util.tree_map(constrain, batch)

    return place


def _identity(batch):
    return batch


def place_variables(variables, copy=False):
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


def place_data(data):
    """Dataset arrays for the gather steps: replicated over the mesh."""
    dist = active()
    if dist is None:
        return jax.device_put(data)
    sharding = NamedSharding(dist.device_mesh.jax_mesh, PartitionSpec())
    return jax.device_put(data, sharding)
