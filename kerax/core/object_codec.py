"""Keras-format (de)serialization of the objects a config holds, as a
registration point.

Layers and optimizers write the objects they hold (sublayers, functions,
arrays, initializers) into their configs with `serialize_keras_object`
and read them back with `deserialize_keras_object`. The implementation is
`kerax.saving`'s (a layer above them), which registers it here when
imported; `kerax/__init__` imports `kerax.saving`, so it is always there
for users of `import kerax`.

>>> import kerax
>>> config = serialize_keras_object(kerax.layers.Dense(2))
>>> type(deserialize_keras_object(config)).__name__
'Dense'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_CODEC: dict[str, Callable] = {}


def register_codec(serialize: Callable[[Any], Any],
                   deserialize: Callable[..., Any]) -> None:
    """Makes `serialize(obj)` and `deserialize(config, custom_objects=None,
    **kwargs)` the functions below (called by `kerax.saving`)."""
    _CODEC.update(serialize=serialize, deserialize=deserialize)


def _codec(name: str) -> Callable:
    if name not in _CODEC:
        raise RuntimeError(
            f"{name}_keras_object: no object codec is registered; it is "
            "kerax.saving's, registered when `kerax.saving` is imported "
            "(`import kerax` does).")
    return _CODEC[name]


def serialize_keras_object(obj: Any) -> Any:
    """The Keras-format config of `obj` (see
    `kerax.saving.serialize_keras_object`)."""
    return _codec("serialize")(obj)


def deserialize_keras_object(config: Any, custom_objects: dict | None = None,
                             **kwargs: Any) -> Any:
    """The object a Keras-format config describes (see
    `kerax.saving.deserialize_keras_object`)."""
    return _codec("deserialize")(config, custom_objects=custom_objects,
                                 **kwargs)
