"""`Node`: one call of a layer on KerasTensors, an edge set of the graph.

A node keeps the call's arguments (KerasTensors among other values) and its
output KerasTensors. Functional models walk nodes to run the graph.
Core tier of `kerax.graph`: imports nothing above `kerax.core`.
"""

from __future__ import annotations

from jax import tree_util

from kerax.graph.keras_tensor import KerasTensor


class Node:
    """A recorded `operation(*call_args, **call_kwargs) -> outputs`."""

    def __init__(self, operation, call_args, call_kwargs, outputs):
        self.operation = operation
        self.call_args = tuple(call_args)
        self.call_kwargs = dict(call_kwargs)
        self.outputs = outputs
        self.output_tensors = [
            t for t in tree_util.tree_leaves(outputs)
            if isinstance(t, KerasTensor)
        ]
        self.input_tensors = [
            t for t in tree_util.tree_leaves((self.call_args, self.call_kwargs))
            if isinstance(t, KerasTensor)
        ]
        node_index = len(operation._inbound_nodes)
        operation._inbound_nodes.append(self)
        for i, tensor in enumerate(self.output_tensors):
            tensor._keras_history = (operation, node_index, i)

    @property
    def parent_nodes(self) -> list[Node]:
        """Nodes that produced this node's inputs."""
        parents = []
        for tensor in self.input_tensors:
            if tensor._keras_history is None:
                continue
            op, node_index, _ = tensor._keras_history
            parents.append(op._inbound_nodes[node_index])
        return parents

    @property
    def is_input(self) -> bool:
        return not self.input_tensors

    def map_arguments(self, values: dict) -> tuple[tuple, dict]:
        """Returns (args, kwargs) with KerasTensors replaced by `values`."""

        def swap(leaf):
            if isinstance(leaf, KerasTensor):
                return values[id(leaf)]
            return leaf

        args = tree_util.tree_map(swap, self.call_args)
        kwargs = tree_util.tree_map(swap, self.call_kwargs)
        return args, kwargs
