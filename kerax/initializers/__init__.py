"""Weight initializers and their lookup (Keras's `keras.initializers`).

Class names, snake_case aliases (`"glorot_uniform"`) and Keras 2 names
(`"normal"`, `"uniform"`, `"zero"`, `"one"`) are all understood by `get`.

>>> get("glorot_uniform").__class__.__name__
'GlorotUniform'
>>> serialize(Zeros())
{'module': 'keras.initializers', 'class_name': 'Zeros', 'config': {}, \
'registered_name': None}
"""

from __future__ import annotations

import inspect

import jax
import jax.numpy as jnp
import numpy as np

from kerax.core.dtypes import standardize_dtype
from kerax.core.naming import to_snake_case
from kerax.initializers.constant_initializers import (
    STFT,
    Constant,
    Identity,
    Ones,
    Zeros,
)
from kerax.initializers.initializer import Initializer
from kerax.initializers.random_initializers import (
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    LecunNormal,
    LecunUniform,
    Orthogonal,
    RandomNormal,
    RandomUniform,
    TruncatedNormal,
    VarianceScaling,
    compute_fans,
)
from kerax.utils.object_lookup import deserialize_object, serialize_object

IdentityInitializer = Identity
OrthogonalInitializer = Orthogonal
STFTInitializer = STFT

_CLASSES = (
    Initializer, Constant, Identity, Ones, STFT, Zeros, GlorotNormal,
    GlorotUniform, HeNormal, HeUniform, LecunNormal, LecunUniform,
    Orthogonal, RandomNormal, RandomUniform, TruncatedNormal,
    VarianceScaling,
)
ALL_OBJECTS_DICT = {cls.__name__: cls for cls in _CLASSES}
ALL_OBJECTS_DICT.update({to_snake_case(c.__name__): c for c in _CLASSES})
ALL_OBJECTS_DICT.update(
    {
        "IdentityInitializer": Identity,
        "OrthogonalInitializer": Orthogonal,
        "STFTInitializer": STFT,
        "normal": RandomNormal,
        "uniform": RandomUniform,
        "zero": Zeros,
        "one": Ones,
    }
)

constant = Constant
zeros = Zeros
ones = Ones
identity = Identity
stft = STFT
glorot_normal = GlorotNormal
glorot_uniform = GlorotUniform
he_normal = HeNormal
he_uniform = HeUniform
lecun_normal = LecunNormal
lecun_uniform = LecunUniform
orthogonal = Orthogonal
random_normal = RandomNormal
random_uniform = RandomUniform
truncated_normal = TruncatedNormal
variance_scaling = VarianceScaling
# Keras 2 names.
normal = RandomNormal
uniform = RandomUniform
zero = Zeros
one = Ones


def serialize(initializer):
    """Keras 3's dict for an initializer.

    >>> serialize(Constant(1.0))["config"]
    {'value': 1.0}
    """
    return serialize_object(
        initializer, "keras.initializers", builtins=ALL_OBJECTS_DICT
    )


def deserialize(config, custom_objects=None):
    """An initializer from a name or a Keras 2/3 config dict.

    >>> deserialize({"class_name": "Ones", "config": {}}).__class__.__name__
    'Ones'
    """
    return deserialize_object(
        config, ALL_OBJECTS_DICT, custom_objects, "initializer"
    )


def _from_array(array):
    def initialize(shape, dtype=None):
        if tuple(shape) != tuple(array.shape):
            raise ValueError(
                f"Expected `shape` to be {array.shape} for direct tensor as "
                f"initializer. Received shape={shape}"
            )
        return jnp.asarray(array).astype(standardize_dtype(dtype))

    return initialize


def get(identifier):
    """An initializer from a name, dict, class, instance, callable or
    array (None gives None).

    >>> get("zeros")((2,)).tolist()
    [0.0, 0.0]
    """
    if identifier is None:
        return None
    if isinstance(identifier, (str, dict)):
        try:
            obj = deserialize(identifier)
        except ValueError:
            obj = None
    elif isinstance(identifier, (jax.Array, np.ndarray, np.generic)):
        obj = _from_array(identifier)
    else:
        obj = identifier
    if callable(obj):
        return obj() if inspect.isclass(obj) else obj
    raise ValueError(
        f"Could not interpret initializer identifier: {identifier}"
    )
