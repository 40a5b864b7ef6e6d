"""`Functional`: a model defined by a graph of layer calls.

>>> import kerax
>>> a = kerax.Input((4,), name="a")
>>> b = kerax.Input((4,), name="b")
>>> out = kerax.layers.Dense(1)(kerax.layers.Concatenate()([a, b]))
>>> model = kerax.Model([a, b], out)
>>> [layer.name for layer in model.layers][:2]
['a', 'b']
"""

from __future__ import annotations

import warnings

import jax.numpy as jnp
from jax import tree_util

from kerax.graph.config import functional_from_config, functional_get_config
from kerax.graph.function import keras_tensor_leaves
from kerax.graph.keras_tensor import KerasTensor
from kerax.graph.op_layer import OpLayer
from kerax.graph.run import (
    adjust_input_rank,
    input_rank_change,
    run_node,
)
from kerax.graph.topology import map_graph
from kerax.layers.core.input_layer import InputLayer
from kerax.layers.input_spec import model_input_spec
from kerax.layers.layer import Layer
from kerax.models.input_matching import (
    flatten_call_inputs,
    keep_key_order,
    warn_on_renamed_inputs,
)
from kerax.models.model import Model

# Old names of this module (the graph's run lives in kerax.graph.run).
__all__ = ["Functional", "adjust_input_rank", "input_rank_change",
           "run_node"]


def _single_or_structure(shapes):
    if isinstance(shapes, list) and len(shapes) == 1:
        return shapes[0]
    return shapes


class Functional(Model):
    """A model from `inputs` to `outputs` (tensors, lists or dicts)."""

    def __init__(self, inputs, outputs, name=None, trainable=True, **kwargs):
        if isinstance(inputs, dict) and not all(
            isinstance(k, str) for k in inputs
        ):
            raise ValueError("Dict `inputs` must have string keys.")
        if isinstance(inputs, dict):
            warn_on_renamed_inputs(inputs)
        if isinstance(inputs, tuple):
            inputs = list(inputs)
        if isinstance(outputs, tuple):
            outputs = list(outputs)
        flat_inputs = keras_tensor_leaves(inputs, "inputs")
        flat_outputs = keras_tensor_leaves(outputs, "outputs")
        for tensor in flat_inputs:
            history = tensor._keras_history
            if history is None or not isinstance(history[0], InputLayer):
                raise ValueError(
                    "Model inputs must come from `kerax.Input` (thus holding "
                    "past layer metadata). They cannot be the output of a "
                    f"previous non-Input layer. Received: inputs={inputs}"
                )
        nodes, operations = map_graph(flat_inputs, flat_outputs)
        Model.__init__(self, name=name, trainable=trainable, **kwargs)
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self._graph_inputs = flat_inputs
        self._graph_outputs = flat_outputs
        self._functional_nodes = [n for n in nodes if not n.is_input]
        self._operations = operations
        self._input_layers = [t._keras_history[0] for t in flat_inputs]
        self.built = True
        self._build_shapes_dict = {
            "input_shape": tree_util.tree_map(lambda t: t.shape, inputs)
        }

    def get_config(self):
        """The model's config in Keras 3's functional schema (its layers
        with their `inbound_nodes`; see `kerax.graph.config`)."""
        return functional_get_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        """Rebuilds the model from `get_config()`'s dict (or a Keras 2
        functional config)."""
        return functional_from_config(cls, config, custom_objects)

    @property
    def layers(self):
        """The model's layers; ops applied to tensors (`x + 1`) are
        `operations` but not layers, as in Keras."""
        return [op for op in self._operations if not isinstance(op, OpLayer)]

    @property
    def operations(self):
        """Every layer and op of the graph, in topological order."""
        return list(self._operations)

    def _direct_layers(self):
        return [op for op in self.__dict__.get("_operations", [])
                if isinstance(op, Layer)]

    @property
    def inputs(self):
        """The Inputs as a flat list (a dict's by sorted key, as Keras);
        `input` keeps the structure given."""
        return list(self._graph_inputs)

    @property
    def outputs(self):
        """The outputs as a flat list (a dict's by sorted key, as Keras);
        `output` keeps the structure given."""
        return list(self._graph_outputs)

    @property
    def input(self):
        return self._inputs_struct

    @property
    def output(self):
        return self._outputs_struct

    @property
    def input_shape(self):
        """The Inputs' shapes (one shape for a single input)."""
        return _single_or_structure(tree_util.tree_map(
            lambda t: t.shape, self.inputs,
            is_leaf=lambda t: isinstance(t, KerasTensor)))

    @property
    def output_shape(self):
        """The outputs' shapes (one shape for a single output)."""
        return _single_or_structure(tree_util.tree_map(
            lambda t: t.shape, self.outputs,
            is_leaf=lambda t: isinstance(t, KerasTensor)))

    @property
    def input_names(self):
        return [layer.name for layer in self._input_layers]

    @property
    def output_names(self):
        """The output layers' names, in flat output order (dict outputs
        by sorted key), as in Keras."""
        return [t._keras_history[0].name for t in self._graph_outputs]

    def _default_input_spec(self):
        """One `InputSpec` per input, named after it (the key of a dict of
        inputs); checked on every call, eager or symbolic. None when an
        input is optional or a dict nests (no checks, as in Keras)."""
        struct = self.__dict__.get("_inputs_struct")
        if struct is None or any(getattr(layer, "optional", False)
                                 for layer in self._input_layers):
            return None
        if isinstance(struct, dict):
            if not all(isinstance(t, KerasTensor) for t in struct.values()):
                return None
            return [model_input_spec(struct[key].shape, key)
                    for key in sorted(struct)]
        return [
            model_input_spec(tensor.shape, tensor._keras_history[0].name)
            for tensor in self._graph_inputs
        ]

    # ------------------------------------------------------------ running
    def _flatten_inputs(self, inputs):
        """The call's inputs as a list in graph-input order, matched by
        name (see `kerax.models.input_matching`)."""
        flat = flatten_call_inputs(self._inputs_struct, inputs, self.name)
        if len(flat) != len(self._graph_inputs):
            raise ValueError(
                f'Layer "{self.name}" expects {len(self._graph_inputs)} '
                f"input(s), but it received {len(flat)} input tensors."
            )
        return flat

    def _standardize_inputs(self, inputs):
        """Flat inputs cast to the Input dtypes, with Keras's rank fix-up
        (a trailing axis of size 1 squeezed or added)."""
        converted = []
        flat = self._flatten_inputs(inputs)
        for value, tensor in zip(flat, self._graph_inputs):
            if tensor.dtype == "string":  # stays NumPy: host layers
                from kerax.layers.preprocessing.host_layer import (
                    host_string_input,
                )

                converted.append(host_string_input(
                    value, tensor.shape, tensor._keras_history[0].name))
                continue
            value = jnp.asarray(value) if not hasattr(value, "dtype") else value
            if value.dtype != tensor.dtype:
                value = value.astype(tensor.dtype)
            converted.append(adjust_input_rank(
                value, tensor.shape, tensor._keras_history[0].name,
                self.name,
            ))
        return converted

    def call(self, inputs, training=None, mask=None):
        flat = self._standardize_inputs(inputs)
        values, masks = {}, {}
        flat_masks = tree_util.tree_leaves(mask) if mask is not None else []
        for i, (tensor, value) in enumerate(zip(self._graph_inputs, flat)):
            values[id(tensor)] = value
            masks[id(tensor)] = flat_masks[i] if i < len(flat_masks) else None
        for node in self._functional_nodes:
            run_node(node, values, masks, training)
        for node in self.__dict__.get("_loss_nodes", ()):
            run_node(node, values, masks, training)
        for loss in self.__dict__.get("_symbolic_losses", ()):
            self.add_loss(tree_util.tree_map(lambda t: values[id(t)], loss))
        return keep_key_order(tree_util.tree_map(
            lambda t: values[id(t)], self._outputs_struct
        ), self._outputs_struct)

    def _add_symbolic_loss(self, loss):
        """Keras 2: a loss on the model's tensors joins the graph; each
        call computes it from the inputs and adds it (`call` above)."""
        tensors = tree_util.tree_leaves(loss)
        try:
            nodes, _ = map_graph(self._graph_inputs, tensors)
        except ValueError as error:
            raise ValueError(
                f"Model '{self.name}' cannot add the loss {loss}: it must be "
                f"computed from the model's inputs. {error}"
            ) from None
        known = {id(n) for n in self._functional_nodes}
        known.update(id(n) for n in self.__dict__.get("_loss_nodes", ()))
        extra = [n for n in nodes if not n.is_input and id(n) not in known]
        self._loss_nodes = list(self.__dict__.get("_loss_nodes", ())) + extra
        self._symbolic_losses = list(
            self.__dict__.get("_symbolic_losses", ())) + [loss]

    def compute_output_spec(self, *args, **kwargs):
        # Called on inputs shaped like its own Inputs, the model's outputs
        # are already known; other shapes (a known batch size, another
        # sequence length) are traced through the graph.
        if args and not kwargs.get("mask"):
            # Warnings (ignored dict keys) are given once: here on the
            # short path, else by the traced call.
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    flat = self._flatten_inputs(args[0])
                except (KeyError, TypeError, ValueError):
                    flat = None
            if flat is not None and all(
                isinstance(value, KerasTensor)
                and tuple(value.shape) == tuple(tensor.shape)
                for value, tensor in zip(flat, self._graph_inputs)
            ):
                for item in caught:
                    warnings.warn(item.message, stacklevel=2)
                return tree_util.tree_map(
                    lambda t: KerasTensor(t.shape, t.dtype),
                    self._outputs_struct,
                )
        return Layer.compute_output_spec(self, *args, **kwargs)

