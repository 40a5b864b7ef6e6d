"""Activation functions and their lookup: `get`, `serialize`,
`deserialize` (Keras's `keras.activations`).

>>> get("relu") is relu
True
>>> serialize(swish)
'silu'
"""

from __future__ import annotations

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
from kerax.core.registry import ACTIVATIONS, make_api

# Name -> function; the functions join it with `@register("activations")`.
ALL_OBJECTS_DICT = ACTIVATIONS.functions

get, serialize, deserialize = make_api(ACTIVATIONS, __name__, "activation")
