"""Graph utilities: order the nodes between a model's inputs and outputs.

Nodes are sorted by depth (inputs deepest), ties broken by traversal order,
so that layer and weight orders are deterministic and match Keras.
Core tier of `kerax.graph`: it walks KerasTensors and Nodes only.

>>> import kerax
>>> x = kerax.Input((2,), name="x")
>>> y = kerax.layers.Dense(1, name="d")(x)
>>> nodes, operations = map_graph([x], [y])
>>> [op.name for op in operations]
['x', 'd']
"""

from __future__ import annotations

from typing import Any

from kerax.graph.keras_tensor import KerasTensor
from kerax.graph.node import Node


def _node_of(tensor: KerasTensor) -> Node:
    if tensor._keras_history is None:
        raise ValueError(
            "Output tensors of a functional model must be the output of a "
            "kerax layer or op. Received: "
            f"{tensor}"
        )
    operation, node_index, _ = tensor._keras_history
    return operation._inbound_nodes[node_index]


def node_depths(ordered_nodes: list[Node]
                ) -> tuple[dict[int, int], dict[int, int]]:
    """`(node_depth, operation_depth)` keyed by `id()`: Keras's depths of
    nodes given parents first (`ordered_nodes`): outputs at 0, a parent one
    deeper than its deepest child, an operation at its deepest node's.

    >>> node_depths([])
    ({}, {})
    """
    node_depth: dict[int, int] = {}
    operation_depth: dict[int, int] = {}
    for node in reversed(ordered_nodes):
        depth = node_depth.setdefault(id(node), 0)
        depth = max(depth, operation_depth.get(id(node.operation), 0))
        operation_depth[id(node.operation)] = depth
        node_depth[id(node)] = depth
        for parent in node.parent_nodes:
            node_depth[id(parent)] = max(depth + 1, node_depth.get(id(parent), 0))
    return node_depth, operation_depth


def map_graph(inputs: list[KerasTensor], outputs: list[KerasTensor]
              ) -> tuple[list[Node], list]:
    """Returns `(nodes, operations)` in execution order.

    Raises ValueError when an output depends on a tensor that is not one of
    `inputs` (a disconnected graph).
    """
    finished, in_progress = set(), set()
    ordered_nodes: list[Any] = []
    operation_index: dict[int, int] = {}

    def visit(tensor):
        node = _node_of(tensor)
        if id(node) in finished:
            return
        if id(node) in in_progress:
            raise ValueError(
                f"Tensor {tensor} from operation "
                f"'{node.operation.name}' is part of a cycle."
            )
        operation_index.setdefault(id(node.operation), len(operation_index))
        in_progress.add(id(node))
        for parent_tensor in node.input_tensors:
            visit(parent_tensor)
        in_progress.discard(id(node))
        finished.add(id(node))
        ordered_nodes.append(node)

    for tensor in outputs:
        visit(tensor)

    node_depth, operation_depth = node_depths(ordered_nodes)

    position = {id(node): i for i, node in enumerate(ordered_nodes)}
    nodes = sorted(
        ordered_nodes,
        key=lambda n: (-node_depth[id(n)], position[id(n)]),
    )
    operations, seen = [], set()
    by_depth = sorted(
        ordered_nodes,
        key=lambda n: (
            -operation_depth[id(n.operation)],
            operation_index[id(n.operation)],
        ),
    )
    for node in by_depth:
        if id(node.operation) not in seen:
            seen.add(id(node.operation))
            operations.append(node.operation)

    available = {id(t) for t in inputs}
    for node in nodes:
        if node.is_input:
            if not any(id(t) in available for t in node.output_tensors):
                raise ValueError(
                    "Graph disconnected: cannot find a value for the input "
                    f"'{node.operation.name}': it is not among the model's "
                    "`inputs`."
                )
            continue
        for tensor in node.input_tensors:
            if id(tensor) not in available:
                raise ValueError(
                    "Graph disconnected: cannot obtain value for tensor "
                    f"{tensor} at layer '{node.operation.name}'. The "
                    "following previous layers were accessed without issue: "
                    f"{[n.operation.name for n in nodes[: nodes.index(node)]]}"
                )
        for tensor in node.output_tensors:
            available.add(id(tensor))
    return nodes, operations
