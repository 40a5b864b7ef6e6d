"""`clone_model`: same architecture, new layers (fresh weights).

>>> import kerax
>>> x = kerax.Input((2,))
>>> model = kerax.Model(x, kerax.layers.Dense(3)(x))
>>> clone = clone(model)
>>> [type(layer).__name__ for layer in clone.layers]
['InputLayer', 'Dense']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jax import tree_util

from kerax.core.keras_tensor import KerasTensor
from kerax.support.file_errors import SavingError


def _default_clone(layer: Any) -> Any:
    from kerax.saving.serialization import (
        deserialize_keras_object,
        serialize_keras_object,
    )

    config = serialize_keras_object(layer)
    config.pop("build_config", None)
    config.pop("compile_config", None)
    return deserialize_keras_object(config)


def _clone_op(layer: Any) -> Any:
    from kerax.layers.core.op_layer import OpLayer

    return OpLayer(layer.fn, (), {}, name=layer.name)


def clone(model: Any, input_tensors: Any = None,
          clone_function: Callable[[Any], Any] | None = None,
          call_function: Callable[..., Any] | None = None,
          recursive: bool = False, **kwargs: Any) -> Any:
    """See `kerax.saving.clone_model`."""
    from kerax.layers.core.input_layer import Input, InputLayer
    from kerax.layers.core.op_layer import OpLayer
    from kerax.models.functional import Functional
    from kerax.models.input_matching import keep_key_order
    from kerax.models.sequential import Sequential

    if kwargs:
        raise SavingError(f"Unknown arguments to clone_model: {kwargs}")
    per_layer = clone_function or _default_clone
    clone_function = per_layer
    if recursive:
        def clone_function(layer: Any) -> Any:
            if isinstance(layer, Sequential):
                return clone(layer, clone_function=per_layer, recursive=True)
            if isinstance(layer, Functional):
                return clone(layer, clone_function=per_layer,
                             call_function=call_function, recursive=True)
            return per_layer(layer)
    if isinstance(model, Sequential):
        if call_function is not None:
            raise ValueError(
                "clone_model: `call_function` applies to functional models "
                f"only; {model.name!r} is a Sequential model."
            )
        layers = [clone_function(layer) for layer in model.layers]
        if input_tensors is not None:
            first = tree_util.tree_leaves(input_tensors)[0]
            layers = [first] + layers
        elif model._input_layer is not None:
            source = model._input_layer
            layers = [InputLayer(batch_shape=source.batch_shape,
                                 dtype=source.dtype, name=source.name)] + (
                layers)
        return Sequential(layers, name=model.name, trainable=model.trainable)
    if not isinstance(model, Functional):
        return _default_clone(model)
    memo = {}
    values = {}
    new_inputs = (tree_util.tree_leaves(input_tensors)
                  if input_tensors is not None else None)
    for i, tensor in enumerate(model._graph_inputs):
        source = tensor._keras_history[0]
        if new_inputs is not None:
            values[id(tensor)] = new_inputs[i]
        else:
            values[id(tensor)] = Input(batch_shape=source.batch_shape,
                                       dtype=source.dtype, name=source.name)
    for node in model._functional_nodes:
        layer = node.operation
        if id(layer) not in memo:
            memo[id(layer)] = _clone_op(layer) if isinstance(
                layer, OpLayer) else clone_function(layer)
        args, call_kwargs = node.map_arguments(values)
        if call_function is None or isinstance(layer, OpLayer):
            outputs = memo[id(layer)](*args, **call_kwargs)
        else:
            outputs = call_function(memo[id(layer)], *args, **call_kwargs)
        for old, new in zip(node.output_tensors,
                            tree_util.tree_leaves(outputs)):
            values[id(old)] = new

    def pick(struct: Any) -> Any:  # Dicts keep their key order, as Keras.
        return keep_key_order(tree_util.tree_map(
            lambda t: values[id(t)], struct,
            is_leaf=lambda t: isinstance(t, KerasTensor)), struct)

    return Functional(pick(model._inputs_struct),
                      pick(model._outputs_struct), name=model.name,
                      trainable=model.trainable)
