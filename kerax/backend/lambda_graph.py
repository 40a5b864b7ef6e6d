"""Lambda functions that need the model's graph (private).

Keras 2 code may take `K.gradients` inside a `Lambda` of values related
only through layers outside it (mnist_swwae's "where" switches:
`K.gradients(K.sum(y_post), y_pre)` with `y_post = MaxPooling2D(y_pre)`).
Run on arrays, the function cannot see that relation. So when a `Lambda`
is called on KerasTensors, `record` runs its function on those tensors;
when the result's sub-graph holds a `K.gradients` node, the Lambda keeps
a `GraphReplay` and, at run time, evaluates that recorded sub-graph from
its input values (weights read through the current scope, so it stays
pure under `jit` and `grad`). Otherwise nothing is kept and the Lambda
calls its function on arrays as usual.

The Lambda layer finds this module through `set_graph_recorder` (it is
registered when `kerax.backend` is imported), as lower packages never
import `kerax.backend`.
"""

from jax import tree_util

from kerax.backend.graph import LEARNING_PHASE, Evaluation
from kerax.core import naming
from kerax.core.keras_tensor import KerasTensor
from kerax.layers.call_context import current_call_context
from kerax.layers.core import lambda_layer
from kerax.layers.core.input_layer import InputLayer


def _is_tensor(value):
    return isinstance(value, KerasTensor)


class GraphReplay:
    """Evaluates the symbolic `result` of a Lambda's function from values
    fed for its input tensors."""

    def __init__(self, inputs, result):
        self.inputs = inputs
        self.result = result

    def __call__(self, values, training=None):
        tensors = tree_util.tree_leaves(self.inputs, is_leaf=_is_tensor)
        arrays = tree_util.tree_leaves(values)
        if len(arrays) != len(tensors):
            raise ValueError(
                f"This Lambda layer replays a graph recorded on "
                f"{len(tensors)} input tensors; it was called on "
                f"{len(arrays)} values."
            )
        if training is None:
            context = current_call_context()
            training = bool(context is not None and context.training)
        evaluation = Evaluation(
            {id(t): a for t, a in zip(tensors, arrays)}, bool(training),
            tensors={id(t): t for t in tensors},
        )
        return tree_util.tree_map(
            evaluation.value_of, self.result, is_leaf=_is_tensor)


def record(function, inputs, kwargs):
    """A `GraphReplay` when `function(inputs, **kwargs)`, run on the
    KerasTensors `inputs`, takes `K.gradients` (a relation only the graph
    holds); else None, leaving no trace (default names are restored)."""
    saved_names = naming.snapshot_uids()
    try:
        result = function(inputs, **kwargs)
    except Exception:  # noqa: BLE001 - a probe: any failure means "no"
        naming.restore_uids(saved_names)
        return None
    leaves = tree_util.tree_leaves(result, is_leaf=_is_tensor)
    if not leaves or not all(_is_tensor(t) for t in leaves) or not (
        _takes_gradients(leaves, inputs)
    ):
        naming.restore_uids(saved_names)
        return None
    return GraphReplay(inputs, result)


def _takes_gradients(outputs, inputs):
    """True when a `K.gradients` node lies between `inputs` and `outputs`;
    then raises if `outputs` need a tensor that `inputs` do not give."""
    known = {id(t) for t in tree_util.tree_leaves(inputs, is_leaf=_is_tensor)}
    found, missing, stack, seen = False, [], list(outputs), set()
    while stack:
        tensor = stack.pop()
        if id(tensor) in known or id(tensor) in seen:
            continue
        seen.add(id(tensor))
        history = tensor._keras_history
        if tensor is LEARNING_PHASE:
            continue
        if history is None or isinstance(history[0], InputLayer):
            missing.append(tensor)
            continue
        operation, node_index, _ = history
        if getattr(operation, "_gradient_of", None) is not None:
            found = True
        stack.extend(operation._inbound_nodes[node_index].input_tensors)
    if found and missing:
        raise ValueError(
            "A Lambda layer's function takes K.gradients of values computed "
            f"from {missing[0]}, which is not among the Lambda's inputs: "
            "pass every tensor the function uses in the Lambda's inputs "
            "(a list)."
        )
    return found


lambda_layer.set_graph_recorder(record)
