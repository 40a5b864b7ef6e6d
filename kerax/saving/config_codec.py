"""Registers kerax.saving's serializer with `kerax.graph.config`: model
configs write and read the layers inside them through it (`kerax.saving`
imports this module).

>>> from kerax.graph.config import codec
>>> codec().layer_from_entry is layer_from_entry
True
"""

from __future__ import annotations

from typing import Any

from kerax.graph.config import ConfigCodec, set_codec
from kerax.saving import serialization
from kerax.saving.legacy_writer import skips_first_node
from kerax.support.file_errors import DeserializationError


def layer_from_entry(entry: Any) -> Any:
    """A new layer from a model config's layer entry."""
    if not isinstance(entry, dict) or "class_name" not in entry:
        raise DeserializationError(
            f"Invalid layer entry in a model config: {entry!r}"[:500]
        )
    cls = serialization.resolve_class(
        entry.get("module"), entry["class_name"], entry.get("registered_name")
    )
    return serialization.instantiate(cls, entry.get("config") or {})


set_codec(ConfigCodec(
    serialize=serialization.serialize_keras_object,
    deserialize=serialization._deserialize,
    layer_from_entry=layer_from_entry,
    skips_first_node=skips_first_node,
))
