"""Activation functions and their lookup: `get`, `serialize`,
`deserialize` (Keras's `keras.activations`).

>>> get("relu") is relu
True
>>> serialize(swish)
'silu'
"""

from __future__ import annotations

import types

from kerax.activations.activations import (
    celu,
    elu,
    exponential,
    gelu,
    glu,
    hard_shrink,
    hard_sigmoid,
    hard_sigmoid_legacy,
    hard_silu,
    hard_swish,
    hard_tanh,
    leaky_relu,
    linear,
    log_sigmoid,
    log_softmax,
    mish,
    relu,
    relu6,
    selu,
    sigmoid,
    silu,
    soft_shrink,
    softmax,
    softplus,
    softsign,
    sparse_plus,
    sparse_sigmoid,
    sparsemax,
    squareplus,
    swish,
    tanh,
    tanh_shrink,
    threshold,
)
from kerax.utils.object_lookup import deserialize_object, registered_name

_FUNCTIONS = (
    relu, leaky_relu, relu6, softmax, celu, elu, selu, softplus, softsign,
    squareplus, soft_shrink, sparse_plus, silu, gelu, glu, tanh, tanh_shrink,
    threshold, sigmoid, sparse_sigmoid, exponential, hard_sigmoid, hard_silu,
    hard_tanh, hard_shrink, linear, mish, log_softmax, log_sigmoid,
    sparsemax, hard_sigmoid_legacy,
)
ALL_OBJECTS_DICT = {fn.__name__: fn for fn in _FUNCTIONS}
ALL_OBJECTS_DICT["swish"] = silu
ALL_OBJECTS_DICT["hard_swish"] = hard_silu
_BUILTIN_IDS = {id(fn) for fn in _FUNCTIONS}


def serialize(activation):
    """Returns the name of a built-in activation (`"relu"`), or Keras 3's
    dict for a registered custom function or an activation object.

    >>> serialize(relu)
    'relu'
    """
    if id(activation) in _BUILTIN_IDS:
        return activation.__name__
    if isinstance(activation, types.FunctionType):
        name = registered_name(activation) or activation.__name__
        return {
            "module": activation.__module__,
            "class_name": "function",
            "config": name,
            "registered_name": "function",
        }
    if hasattr(activation, "get_config"):
        cls = activation.__class__
        return {
            "module": cls.__module__,
            "class_name": cls.__name__,
            "config": activation.get_config(),
            "registered_name": registered_name(activation) or cls.__name__,
        }
    raise ValueError(
        f"Unknown activation function '{activation}' cannot be serialized: "
        "use a built-in activation name or register it with "
        "`kerax.saving.register_keras_serializable()`."
    )


def deserialize(config, custom_objects=None):
    """Returns the activation for a name or a serialized dict.

    >>> deserialize("tanh") is tanh
    True
    """
    return deserialize_object(
        config, ALL_OBJECTS_DICT, custom_objects, "activation function"
    )


def get(identifier):
    """Returns an activation function from a name, dict, callable or None
    (None gives `linear`).

    >>> get(None) is linear
    True
    """
    if identifier is None:
        return linear
    if isinstance(identifier, (str, dict)):
        try:
            obj = deserialize(identifier)
        except ValueError:
            obj = None
    else:
        obj = identifier
    if callable(obj):
        return obj
    raise ValueError(
        f"Could not interpret activation function identifier: {identifier}"
    )
