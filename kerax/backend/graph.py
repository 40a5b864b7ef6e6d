"""Evaluating symbolic tensors (private): the walk behind `K.function`,
`K.gradients` and `Session.run`.

An `Evaluation` holds values for some KerasTensors (the feeds) and
computes any other tensor by running the graph nodes between them, the
way a functional model runs its graph (`K.gradients` nodes are op layers
too: see `gradient_op.py`).
"""

import jax
import numpy as np

from kerax.core.keras_tensor import KerasTensor
from kerax.core.scope import StatelessScope
from kerax.core.variable import Variable
from kerax.layers.call_context import call_context
from kerax.layers.core.input_layer import InputLayer
from kerax.layers.layer import Layer
from kerax.models.functional import run_node

# The learning phase: a symbolic scalar whose fed value (0/1) is the
# `training` flag layers see. It has no node: an evaluation supplies it.
LEARNING_PHASE = KerasTensor((), "bool", name="keras_learning_phase")


class Evaluation:
    """Values of KerasTensors given `feeds` (tensor id -> value).

    `training` is the learning phase; `variables` maps Variables to the
    values to read (id -> (variable, value)), for evaluations that run
    inside `jit`; `tensors` (id -> tensor) names the fed tensors, so that
    a gradient recomputes those that depend on its source.
    """

    def __init__(self, feeds, training=False, variables=None, tensors=None):
        self.tensors = dict(tensors or {})
        self.feeds = dict(feeds)
        self.feeds.setdefault(id(LEARNING_PHASE), np.asarray(bool(training)))
        self.values = dict(self.feeds)
        self.masks = {}
        self.training = bool(training)
        self.variables = dict(variables or {})

    def variable_value(self, variable):
        entry = self.variables.get(id(variable))
        return variable.value if entry is None else entry[1]

    def branch(self, source, value):
        """A fresh evaluation with `source` (a tensor or Variable) set to
        `value`; everything downstream is recomputed."""
        if isinstance(source, Variable):
            variables = dict(self.variables)
            variables[id(source)] = (source, value)
            return _ScopedEvaluation(self.feeds, self.training, variables,
                                     self.tensors)
        # A fed tensor computed from the source is recomputed from it.
        feeds = {
            key: fed for key, fed in self.feeds.items()
            if key not in self.tensors
            or not depends_on(self.tensors[key], source)
        }
        feeds[id(source)] = value
        return Evaluation(feeds, self.training, self.variables, self.tensors)

    def value_of(self, tensor):
        if not isinstance(tensor, KerasTensor):
            if isinstance(tensor, Variable):
                return self.variable_value(tensor)
            return tensor
        if id(tensor) not in self.values:
            with call_context(self.training):
                self._compute(tensor)
        return self.values[id(tensor)]

    def _compute(self, tensor):
        for node in _nodes_to_run(tensor, self.values):
            self._run(node)

    def _run(self, node):
        operation = node.operation
        if node.is_input:
            raise ValueError(
                f"No value was given for the input '{operation.name}': list "
                "it among the inputs of K.function (or in `feed_dict`)."
            )
        run_node(node, self.values, self.masks)


class _ScopedEvaluation(Evaluation):
    """An evaluation that reads Variables from its own mapping."""

    def value_of(self, tensor):
        mapping = list(self.variables.values())
        with StatelessScope(mapping):
            return super().value_of(tensor)


def depends_on(tensor, source):
    """True when `tensor` is computed from `source` in the graph."""
    stack, seen = [tensor], set()
    while stack:
        current = stack.pop()
        if current is source:
            return True
        if id(current) in seen or current._keras_history is None:
            continue
        seen.add(id(current))
        operation, node_index, _ = current._keras_history
        stack.extend(operation._inbound_nodes[node_index].input_tensors)
    return False


def _nodes_to_run(tensor, known):
    """The nodes producing `tensor` from `known` tensors, in order."""
    ordered, seen = [], set()
    stack = [(tensor, False)]
    while stack:
        current, expanded = stack.pop()
        if id(current) in known:
            continue
        if current is LEARNING_PHASE:
            raise ValueError("The learning phase has no value here.")
        history = current._keras_history
        if history is None:
            raise ValueError(
                f"The tensor {current} was not produced by a kerax layer or "
                "op, so it cannot be evaluated."
            )
        operation, node_index, _ = history
        node = operation._inbound_nodes[node_index]
        if id(node) in seen:
            continue
        if expanded:
            seen.add(id(node))
            ordered.append(node)
            continue
        stack.append((current, True))
        for parent in reversed(node.input_tensors):
            if id(parent) not in known:
                stack.append((parent, False))
    return ordered


def placeholders_of(tensor):
    """`(inputs, layers)`: the input tensors (and learning phase) `tensor`
    is computed from, and the layers computing it."""
    found, layers, stack, seen = [], {}, [tensor], set()
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if current._keras_history is None:
            found.append(current)
            continue
        operation, node_index, _ = current._keras_history
        node = operation._inbound_nodes[node_index]
        gradient_of = getattr(operation, "_gradient_of", None)
        if isinstance(operation, Layer) and not isinstance(
            operation, InputLayer
        ):
            layers[id(operation)] = operation
        if isinstance(operation, InputLayer):
            found.append(current)
        elif gradient_of is not None:
            stack.append(gradient_of[0])
            stack.extend(t for t in gradient_of[1]
                         if isinstance(t, KerasTensor))
        else:
            stack.extend(node.input_tensors)
    return found, list(layers.values())


def graph_variables(tensors, stop):
    """Every Variable the graph behind `tensors` reads (layers' weights
    and seed states, Variables passed to ops, gradient sources), and the
    seed states among them. `stop`: ids of tensors fed from outside."""
    found, seeds, seen_nodes = {}, {}, set()
    stack = list(tensors)
    while stack:
        tensor = stack.pop()
        if isinstance(tensor, Variable):
            found[id(tensor)] = tensor
            continue
        if not isinstance(tensor, KerasTensor) or id(tensor) in stop:
            continue
        if tensor._keras_history is None:
            continue
        operation, node_index, _ = tensor._keras_history
        node = operation._inbound_nodes[node_index]
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(operation, Layer):
            for variable in operation.variables:
                found[id(variable)] = variable
            for state in operation._all_seed_states():
                seeds[id(state)] = state
        gradient_of = getattr(operation, "_gradient_of", None)
        if gradient_of is not None:  # a K.gradients node reads its loss
            stack.append(gradient_of[0])
            stack.extend(gradient_of[1])
        leaves = jax.tree_util.tree_leaves(
            (node.call_args, node.call_kwargs),
            is_leaf=lambda v: isinstance(v, Variable),
        )
        stack.extend(leaf for leaf in leaves
                     if isinstance(leaf, (Variable, KerasTensor)))
    return list(found.values()), list(seeds.values())
