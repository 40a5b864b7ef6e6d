"""The saved form of quantizers and quantization configs: `serialize`,
`deserialize` and `get` (public as `kerax.quantizers.*`).

Each class joins the table with `@register` where it is defined, so this
module imports none of them.

>>> config = serialize(get("abs_max_quantizer", axis=-1))
>>> config["class_name"], type(deserialize(config)).__name__
('AbsMaxQuantizer', 'AbsMaxQuantizer')
"""

from __future__ import annotations

import inspect
from typing import Any

from kerax.core.custom_objects import get_registered_object
from kerax.core.naming import to_snake_case

# Class name and snake_case name -> class, filled by `register`.
CLASSES: dict[str, type] = {}


def register(cls: type) -> type:
    """Class decorator: `deserialize` and `get` find `cls` by its name and
    its snake_case name.

    >>> @register
    ... class DocQuantizer:
    ...     pass
    >>> CLASSES["doc_quantizer"] is DocQuantizer
    True
    >>> del CLASSES["DocQuantizer"], CLASSES["doc_quantizer"]
    """
    CLASSES[cls.__name__] = cls
    CLASSES[to_snake_case(cls.__name__)] = cls
    return cls


def serialize(initializer: Any) -> dict | None:
    """Keras's saved form of a quantizer or config (None stays None; the
    argument's name is Keras's)."""
    if initializer is None:
        return None
    return {
        "module": "keras.quantizers",
        "class_name": type(initializer).__name__,
        "config": initializer.get_config(),
        "registered_name": None,
    }


def deserialize(config: dict | None, custom_objects: dict | None = None):
    """Rebuilds a quantizer or config from `serialize`'s form."""
    if config is None:
        return None
    if not isinstance(config, dict) or "class_name" not in config:
        raise ValueError(
            "quantizers.deserialize expects a dict with 'class_name' and "
            f"'config'; got {config!r}.")
    name = config["class_name"]
    cls = (custom_objects or {}).get(name) or CLASSES.get(name)
    if cls is None:
        cls = get_registered_object(config.get("registered_name") or name)
    if cls is None:
        raise ValueError(
            f"quantizers.deserialize: unknown quantizer '{name}'.")
    return cls.from_config(dict(config.get("config") or {}))


def get(identifier: Any, **kwargs):
    """A quantizer from a name, a config dict or an instance.

    >>> type(get("abs_max_quantizer")).__name__
    'AbsMaxQuantizer'
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        return deserialize(identifier)
    obj = CLASSES.get(identifier) if isinstance(identifier, str) else (
        identifier)
    if inspect.isclass(obj):
        return obj(**kwargs)
    if callable(obj):
        return obj
    raise ValueError(f"Could not interpret quantizer identifier: "
                     f"{identifier!r}")
