"""`Function`: a graph of ops and layers run as a plain function.

Graph tier of `kerax.graph`: it walks the graph (`topology.map_graph`)
and runs its nodes (`run.run_node`), without weight tracking or training.
"""

from __future__ import annotations

from typing import Any

from jax import tree_util

from kerax.core.naming import uniquify
from kerax.core.scope import StatelessScope
from kerax.core.symbolic_scope import SymbolicScope
from kerax.graph.keras_tensor import KerasTensor
from kerax.graph.run import run_node
from kerax.graph.symbolic_build import eval_symbolic
from kerax.graph.topology import map_graph
from kerax.layers.core.input_layer import InputLayer


def keras_tensor_leaves(structure: Any, what: str) -> list:
    """The leaves of `structure` (the `what` argument of a Function or a
    functional model), refused unless all are KerasTensors.

    >>> leaves = keras_tensor_leaves({"a": KerasTensor((2,))}, "inputs")
    >>> [t.shape for t in leaves]
    [(2,)]
    """
    leaves = tree_util.tree_leaves(structure)
    for leaf in leaves:
        if not isinstance(leaf, KerasTensor):
            raise ValueError(
                f"All `{what}` values must be KerasTensors. Received: "
                f"{what}={structure} including invalid value {leaf} of type "
                f"{type(leaf)}"
            )
    return leaves


class Function:
    """A callable graph of ops and layers from `inputs` to `outputs`
    (KerasTensors), without weights tracking or training: the functional
    graph of a model, run as a plain function.

    >>> import kerax, numpy as np
    >>> x = kerax.Input((2,))
    >>> fn = kerax.Function(x, kerax.ops.add(x, 1.0))
    >>> fn(np.zeros((1, 2))).tolist()
    [[1.0, 1.0]]
    >>> fn.compute_output_shape((None, 2))
    (None, 2)
    """

    def __init__(self, inputs, outputs, name=None):
        self.name = name or uniquify("function")
        if isinstance(inputs, tuple):
            inputs = list(inputs)
        if isinstance(outputs, tuple):
            outputs = list(outputs)
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self._inputs = keras_tensor_leaves(inputs, "inputs")
        self._outputs = keras_tensor_leaves(outputs, "outputs")
        nodes, operations = map_graph(self._inputs, self._outputs)
        self._nodes = [node for node in nodes if not node.is_input]
        self._operations = [op for op in operations
                            if not isinstance(op, InputLayer)]

    @property
    def inputs(self):
        """The input KerasTensors, as a flat list."""
        return list(self._inputs)

    @property
    def outputs(self):
        """The output KerasTensors, as a flat list."""
        return list(self._outputs)

    @property
    def operations(self):
        """The graph's ops and layers (not its inputs), in order."""
        return list(self._operations)

    def __call__(self, inputs):
        return self.call(inputs)

    def call(self, inputs):
        """Runs the graph on `inputs` (arrays, nested as `self.inputs`)."""
        flat = tree_util.tree_leaves(inputs)
        if len(flat) != len(self._inputs):
            raise ValueError(
                f"Function '{self.name}' expects {len(self._inputs)} "
                f"input(s); received {len(flat)}."
            )
        values: dict[Any, Any] = {}
        masks: dict[Any, Any] = {}
        for tensor, value in zip(self._inputs, flat):
            if not isinstance(value, KerasTensor) and hasattr(value, "astype") \
                    and value.dtype != tensor.dtype:
                value = value.astype(tensor.dtype)
            values[id(tensor)] = value
        for node in self._nodes:
            run_node(node, values, masks)
        return tree_util.tree_map(lambda t: values[id(t)],
                                  self._outputs_struct)

    def compute_output_spec(self, inputs):
        """KerasTensor(s) the graph returns for these inputs."""

        def run(values):
            with StatelessScope(), SymbolicScope():
                return self.call(values)

        return eval_symbolic(run, (inputs,), {})

    def compute_output_shape(self, input_shape):
        """Output shape(s) for `input_shape` (nested as the inputs)."""
        flat = tree_util.tree_leaves(
            input_shape, is_leaf=lambda s: isinstance(s, tuple))
        tensors = [KerasTensor(shape, tensor.dtype)
                   for shape, tensor in zip(flat, self._inputs)]
        if len(tensors) == 1:
            spec = self.compute_output_spec(tensors[0])
        else:
            spec = self.compute_output_spec(tensors)
        return tree_util.tree_map(
            lambda t: t.shape, spec,
            is_leaf=lambda t: isinstance(t, KerasTensor))
