"""Keras 2's graph idioms on JAX: `K.function`, `K.gradients`,
`K.stop_gradient`.

`K.function(inputs, outputs, updates=None)` returns a callable that feeds
values to the symbolic `inputs` (placeholders, a model's inputs, any
intermediate tensor, or `K.learning_phase()`), evaluates `outputs` with
one `jax.jit`-compiled walk of the graph between them (one compile per
input shapes and learning phase), applies `updates` and returns NumPy
arrays in the structure of `outputs`. The learning phase (0/1) is the
`training` flag that Dropout, BatchNormalization and other layers see.
Random layers advance their seeds on every call; other layer state
(BatchNormalization's moving statistics) changes only through `updates`.

`K.gradients(loss, xs)` returns symbolic tensors equal to
`jax.grad(lambda x: sum(loss(x)))` for each `x` (a symbolic tensor such
as `model.input`, or a Variable such as a model weight).
"""

import jax
import numpy as np
from jax import tree_util

from kerax.backend import learning as phase
from kerax.backend.common import k_op
from kerax.backend.gradient_op import GradientOp
from kerax.backend.graph import (
    LEARNING_PHASE,
    Evaluation,
    graph_variables,
)
from kerax.backend.updates import Update
from kerax.core.keras_tensor import KerasTensor
from kerax.core.scope import StatelessScope
from kerax.core.variable import Variable


def _as_updates(updates):
    if updates is None:
        return []
    if not isinstance(updates, (list, tuple)):
        raise TypeError(
            "`updates` of K.function must be a list or tuple. Received: "
            f"updates of type {type(updates)}"
        )
    result = []
    for item in updates:
        if isinstance(item, Update):
            result.append(item)
        elif isinstance(item, (list, tuple)) and len(item) == 2 and (
            isinstance(item[0], Variable)
        ):
            result.append(Update(item[0], item[1]))
        else:
            raise TypeError(
                "Each entry of `updates` must be a (Variable, new value) "
                "pair or the result of K.update/update_add/update_sub/"
                "moving_average_update on a symbolic value (a concrete "
                "value is assigned at once and needs no update entry). "
                f"Received: {item!r}"
            )
    return result


class Function:
    """The callable returned by `K.function`."""

    def __init__(self, inputs, outputs, updates=None, name=None):
        if isinstance(inputs, dict):
            raise TypeError(
                "K.function takes `inputs` as a list of tensors. Received "
                "a dict."
            )
        self.inputs = list(inputs) if isinstance(
            inputs, (list, tuple)) else [inputs]
        for tensor in self.inputs:
            if not isinstance(tensor, KerasTensor):
                raise TypeError(
                    "Every input of K.function must be a symbolic tensor "
                    "(a placeholder, a model input or K.learning_phase()). "
                    f"Received: {tensor!r}"
                )
        self.outputs = outputs
        self.name = name
        self.updates = _as_updates(updates)
        self._flat_outputs = tree_util.tree_leaves(
            outputs, is_leaf=lambda v: isinstance(v, Variable))
        fed = {id(t) for t in self.inputs}
        watched = self._flat_outputs + [u.value for u in self.updates]
        self._variables, seeds = graph_variables(
            watched + [u.variable for u in self.updates], fed)
        targets = {id(u.variable) for u in self.updates}
        self._written = [
            i for i, v in enumerate(self._variables)
            if id(v) in targets or any(v is s for s in seeds)
        ]
        self._jitted = jax.jit(self._run, static_argnums=2)

    def _run(self, variable_values, feed_values, training):
        mapping = list(zip(self._variables, variable_values))
        feeds = {id(t): v for t, v in zip(self.inputs, feed_values)}
        feeds[id(LEARNING_PHASE)] = np.asarray(training)
        with StatelessScope(mapping) as scope:
            evaluation = Evaluation(
                feeds, training, {id(v): (v, x) for v, x in mapping},
                tensors={id(t): t for t in self.inputs})
            outputs = [evaluation.value_of(t) for t in self._flat_outputs]
            for update in self.updates:
                value = evaluation.value_of(update.value)
                current = evaluation.variable_value(update.variable)
                update.variable.assign(update.new_value(current, value))
            new_values = [
                scope.get_current_value(self._variables[i])
                for i in self._written
            ]
        return outputs, new_values

    def _feed(self, values):
        if not isinstance(values, (list, tuple)):
            values = [values]
        if len(values) != len(self.inputs):
            raise ValueError(
                f"This K.function expects {len(self.inputs)} input "
                f"value(s), one per input tensor. Received {len(values)}."
            )
        training = phase.default_training()
        feeds = []
        for tensor, value in zip(self.inputs, values):
            if tensor is LEARNING_PHASE:
                training = bool(np.asarray(value))
                feeds.append(np.asarray(training))
                continue
            value = np.asarray(value)
            if value.dtype != np.dtype(tensor.dtype):
                value = value.astype(tensor.dtype)
            feeds.append(value)
        return feeds, training

    def __call__(self, inputs=()):
        feeds, training = self._feed(inputs)
        values = [v.value for v in self._variables]
        outputs, new_values = self._jitted(values, feeds, training)
        for i, value in zip(self._written, new_values):
            self._variables[i].assign(value)
        flat = [np.asarray(x) for x in outputs]
        return tree_util.tree_unflatten(
            tree_util.tree_structure(
                self.outputs, is_leaf=lambda v: isinstance(v, Variable)),
            flat,
        )


def function(inputs, outputs, updates=None, name=None, **kwargs):
    """A jitted callable from values of `inputs` to values of `outputs`
    (see the module docstring). TensorFlow session options in `kwargs`
    are refused."""
    if kwargs:
        raise ValueError(
            "K.function accepts no TensorFlow session arguments under JAX. "
            f"Received: {sorted(kwargs)}"
        )
    return Function(inputs, outputs, updates=updates, name=name)


def gradients(loss, variables):
    """Symbolic gradients of `sum(loss)` with respect to each of
    `variables` (symbolic tensors or Variables); evaluate them with
    `K.function`. For concrete values use `jax.grad`."""
    if not isinstance(loss, KerasTensor):
        raise TypeError(
            "K.gradients differentiates a symbolic loss (a KerasTensor "
            "built from model tensors). A Lambda called on model tensors "
            "records it from them, but in a layer's call, a loss or on "
            "arrays the values' history is not kept: apply K.gradients to "
            "the model's tensors outside the layer (its result can feed "
            "the model), or write the loss as a function of the arrays and "
            "use `jax.grad`. Received: "
            f"loss of type {type(loss)}"
        )
    single = not isinstance(variables, (list, tuple))
    sources = [variables] if single else list(variables)
    for source in sources:
        if not isinstance(source, (KerasTensor, Variable)):
            raise TypeError(
                "K.gradients takes symbolic tensors or Variables to "
                f"differentiate with respect to. Received: {source!r}"
            )
    return GradientOp(loss, sources).record()


@k_op
def _stop_gradient(x):
    return jax.lax.stop_gradient(x)


def stop_gradient(variables):
    """`variables` (a tensor or a list of them) with no gradient flowing
    back through them."""
    if isinstance(variables, (list, tuple)):
        return [_stop_gradient(v) for v in variables]
    return _stop_gradient(variables)
