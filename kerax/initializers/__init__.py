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

import jax
import jax.numpy as jnp
import numpy as np

from kerax.core.dtypes import standardize_dtype
from kerax.core.registry import INITIALIZERS, make_api
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

IdentityInitializer = Identity
OrthogonalInitializer = Orthogonal
STFTInitializer = STFT

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


def _from_array(array):
    def initialize(shape, dtype=None):
        if tuple(shape) != tuple(array.shape):
            raise ValueError(
                f"Expected `shape` to be {array.shape} for direct tensor as "
                f"initializer. Received shape={shape}"
            )
        return jnp.asarray(array).astype(standardize_dtype(dtype))

    return initialize


def _is_array(value) -> bool:
    return isinstance(value, (jax.Array, np.ndarray, np.generic))


# Name -> class (with snake_case and Keras 2 names); the classes join it
# with `@register("initializers")` where they are defined.
ALL_OBJECTS_DICT = INITIALIZERS.classes

INITIALIZERS.converters.append((_is_array, _from_array))  # an array's values
get, serialize, deserialize = make_api(INITIALIZERS, __name__, "initializer")
