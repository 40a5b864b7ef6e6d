"""`GradientOp`: the graph node behind `K.gradients` (private).

It is an op layer whose inputs are the symbolic sources and the tensors
the loss needs besides them (with tensor sources only: the frontier of
tensors the sources do not reach, so the node also runs inside a
`Lambda`'s replayed sub-graph; with Variable sources: the graph's
placeholders), and whose sublayers are the loss's layers;
running it re-evaluates the loss's
subgraph from those values as a function of each source and
differentiates `sum(loss)` with `jax.grad`. So the gradients work in
`K.function` and, as any op on KerasTensors, inside a functional model.
"""

import jax
import jax.numpy as jnp

from kerax.backend.graph import (
    LEARNING_PHASE,
    Evaluation,
    depends_on,
    graph_variables,
    placeholders_of,
)
from kerax.core.keras_tensor import KerasTensor
from kerax.core.variable import Variable
from kerax.layers.call_context import current_call_context
from kerax.layers.core.op_layer import OpLayer


class GradientOp(OpLayer):
    """d sum(loss) / d source, for each source (a KerasTensor or a
    Variable)."""

    def __init__(self, loss, sources):
        fed = [s for s in sources if isinstance(s, KerasTensor)]
        placeholders, layers = placeholders_of(loss)
        if len(fed) == len(sources):
            placeholders = _frontier(loss, fed)
        for tensor in placeholders:
            if tensor is not LEARNING_PHASE and all(
                tensor is not t for t in fed
            ):
                fed.append(tensor)
        super().__init__(self._gradients, tuple(fed), {}, name="gradients")
        self._gradient_of = (loss, list(sources))
        self._fed = fed
        # The loss's layers are tracked, so a model holding this node
        # holds (and trains) their weights.
        self.loss_layers = layers

    def record(self):
        """Records the node; returns one KerasTensor per source."""
        return list(self._call_symbolic_op())

    def _gradients(self, *values):
        loss, sources = self._gradient_of
        context = current_call_context()
        training = bool(context is not None and context.training)
        variables, _ = graph_variables(
            [loss] + [s for s in sources if isinstance(s, Variable)], set())
        evaluation = Evaluation(
            {id(t): v for t, v in zip(self._fed, values)}, training,
            {id(v): (v, v.value) for v in variables},
            tensors={id(t): t for t in self._fed},
        )
        results = []
        for source in sources:
            if isinstance(source, Variable):
                point = evaluation.variable_value(source)
            else:
                point = evaluation.value_of(source)

            def loss_at(value, source=source):
                return jnp.sum(
                    evaluation.branch(source, value).value_of(loss))

            results.append(jax.grad(loss_at)(point))
        return results


def _frontier(loss, sources):
    """The tensors `loss` is computed from that no source reaches: with
    them and the sources fed, the loss's sub-graph is complete."""
    found, stack, seen = [], [loss], set()
    while stack:
        tensor = stack.pop()
        if id(tensor) in seen or any(tensor is s for s in sources):
            continue
        seen.add(id(tensor))
        history = tensor._keras_history
        if history is None or not any(
            depends_on(tensor, s) for s in sources
        ):
            found.append(tensor)
            continue
        operation, node_index, _ = history
        stack.extend(operation._inbound_nodes[node_index].input_tensors)
    return found
