"""Running a functional graph: one node at a time, and the model input
fix-ups (dtype, Keras's rank change) done before.

Graph tier of `kerax.graph` (above `kerax.layers`, below `kerax.models`).

>>> import kerax, numpy as np
>>> x = kerax.Input((2,), name="x")
>>> y = kerax.layers.Dense(1, kernel_initializer="ones", name="d")(x)
>>> nodes = [n for n in map_graph([x], [y])[0] if not n.is_input]
>>> values, masks = {id(x): np.ones((1, 2), "float32")}, {}
>>> for node in nodes:
...     run_node(node, values, masks)
>>> values[id(y)].tolist()
[[2.0]]
>>> input_rank_change((4, 3, 1), (None, 3))
-1
"""

from __future__ import annotations

from typing import Any

import jax.numpy as jnp
from jax import tree_util

from kerax.graph.keras_tensor import KerasTensor
from kerax.graph.node import Node
from kerax.graph.symbolic_build import fill_context_masks, keeps_base_method
from kerax.graph.topology import map_graph

__all__ = ["adjust_input_rank", "input_rank_change", "map_graph", "run_node"]


def input_rank_change(shape: tuple, ref_shape: tuple) -> int | None:
    """Keras's rank fix-up of a model input: -1 to squeeze a trailing axis
    of size 1, +1 to add one, 0 when ranks match, None otherwise."""
    rank, ref_rank = len(shape), len(ref_shape)
    if rank == ref_rank:
        return 0
    if rank == ref_rank + 1 and shape[-1] == 1:
        return -1
    if rank == ref_rank - 1 and ref_shape and ref_shape[-1] == 1:
        return 1
    return None


def adjust_input_rank(value: Any, ref_shape: tuple, input_name: str,
                      model_name: str) -> Any:
    """`value` with the rank of `ref_shape` (see `input_rank_change`); any
    other rank is an error."""
    change = input_rank_change(value.shape, ref_shape)
    if change == 0:
        return value
    if change == -1:
        return jnp.squeeze(value, axis=-1)
    if change == 1:
        return jnp.expand_dims(value, axis=-1)
    raise ValueError(
        f"Invalid input shape for input '{input_name}' of model "
        f"'{model_name}'. Expected shape {tuple(ref_shape)}, but input has "
        f"incompatible shape {tuple(value.shape)}"
    )


def run_node(node: Node, values: dict, masks: dict,
             training: bool | None = None) -> None:
    """Runs one graph node, storing output values and masks by tensor id.

    `training` is the model call's; it replaces a `training` the node read
    from a saved file (`training_overridable`), as Keras 3 does.
    """
    layer = node.operation
    args, kwargs = node.map_arguments(values)
    if (
        training is not None
        and getattr(node, "training_overridable", False)
        and layer._call_has_training_arg
    ):
        kwargs["training"] = training
    first_inputs = node.call_args[0] if node.call_args else None
    input_mask = None
    if first_inputs is not None:
        tensors = [
            t for t in tree_util.tree_leaves(first_inputs)
            if isinstance(t, KerasTensor)
        ]
        found = [masks.get(id(t)) for t in tensors]
        if any(m is not None for m in found):
            input_mask = found[0] if len(found) == 1 and not isinstance(
                first_inputs, (list, tuple)) else found
    if (
        input_mask is not None
        and layer._call_has_mask_arg
        and node.call_kwargs.get("mask") is None
        and not layer._passthrough_kwargs
    ):
        kwargs["mask"] = input_mask
    if not layer._passthrough_kwargs:
        fill_context_masks(layer, node.call_args, node.call_kwargs, kwargs,
                           lambda t: masks.get(id(t)))
    outputs = layer(*args, **kwargs)
    output_mask = None
    if args and (
        input_mask is not None
        or not keeps_base_method(layer, "compute_mask")
    ):
        output_mask = layer.compute_mask(args[0], input_mask)
    flat_outputs = tree_util.tree_leaves(outputs)
    flat_masks = (
        output_mask if isinstance(output_mask, (list, tuple))
        else [output_mask] * len(flat_outputs)
    )
    for tensor, value, out_mask in zip(
        node.output_tensors, flat_outputs, flat_masks
    ):
        values[id(tensor)] = value
        masks[id(tensor)] = out_mask
