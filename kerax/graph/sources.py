"""`get_source_inputs`: the model inputs a symbolic tensor comes from
(public as `kerax.utils.get_source_inputs`). Core tier of `kerax.graph`:
it walks KerasTensors and Nodes only.

>>> import kerax
>>> x = kerax.Input((3,))
>>> y = kerax.layers.Dense(2)(kerax.layers.Dense(4)(x))
>>> get_source_inputs(y)[0] is x
True
"""

from __future__ import annotations

from kerax.graph.keras_tensor import KerasTensor


def get_source_inputs(tensor):
    """The input tensors (of `Input` layers) that `tensor` is computed
    from, in first-visited order, each once."""
    if not isinstance(tensor, KerasTensor):
        raise ValueError(
            "`get_source_inputs` expects a KerasTensor. Received: "
            f"tensor={tensor!r} of type {type(tensor).__name__}")
    sources, seen, stack = [], set(), [tensor]
    while stack:
        current = stack.pop()
        history = current._keras_history
        node = (None if history is None
                else history[0]._inbound_nodes[history[1]])
        if node is None or node.is_input:
            if id(current) not in seen:
                seen.add(id(current))
                sources.append(current)
            continue
        stack.extend(reversed(node.input_tensors))
    return sources
