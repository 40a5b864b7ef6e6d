"""Saving and loading (Keras's `keras.saving`): `.keras` archives,
`.weights.h5` (also sharded) and Keras 2 `.h5` files, readable and
writable by real Keras; config (de)serialization; custom objects.

>>> import kerax
>>> from kerax import saving
>>> @saving.register_keras_serializable(package="Docs")
... class Twice(kerax.layers.Layer):
...     def call(self, x):
...         return 2 * x
>>> saving.get_registered_name(Twice)
'Docs>Twice'
"""

import importlib
from typing import Any

# Registers saving's serializer with kerax.graph.config (model configs).
from kerax.saving import config_codec as _config_codec
from kerax.saving.registration import (
    CustomObjectScope,
    custom_object_scope,
    get_custom_objects,
    get_registered_name,
    get_registered_object,
    register_keras_serializable,
)
from kerax.saving.serialization import (
    SafeModeScope,
    deserialize_keras_object,
    in_safe_mode,
    serialize_keras_object,
)
from kerax.support.file_errors import (
    DeserializationError,
    FileFormatError,
    SavingError,
    UnsafeFileError,
)

__all__ = [
    "CustomObjectScope",
    "DeserializationError",
    "FileFormatError",
    "KerasFileEditor",
    "SafeModeScope",
    "SavingError",
    "UnsafeFileError",
    "clone_model",
    "custom_object_scope",
    "deserialize_keras_object",
    "get_custom_objects",
    "get_registered_name",
    "get_registered_object",
    "in_safe_mode",
    "load_model",
    "load_weights",
    "model_from_json",
    "register_keras_serializable",
    "save_model",
    "save_weights",
    "serialize_keras_object",
]

# The file functions pull in h5py: imported on first use, so that
# `import kerax` (whose Model class links to `save`/`load_weights`) stays
# fast.
_FILE_API = frozenset({
    "clone_model", "load_model", "load_weights", "model_from_json",
    "save_model", "save_weights",
})


def __getattr__(name: str) -> Any:
    if name in _FILE_API or name == "KerasFileEditor":
        module = "kerax.saving." + (
            "file_editor" if name == "KerasFileEditor" else "api")
        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kerax.saving' has no attribute '{name}'")


def __dir__() -> list[str]:
    return sorted(set(globals()) | _FILE_API | {"KerasFileEditor"})
