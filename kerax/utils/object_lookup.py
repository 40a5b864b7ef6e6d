"""Shared `serialize`/`deserialize` plumbing for the small object families
(activations, initializers, regularizers, constraints).

Keras 3 serializes a built-in object as
`{"module": "keras.initializers", "class_name": "Zeros", "config": {},
"registered_name": None}`; Keras 2 files hold `{"class_name", "config"}`;
both are accepted, as are plain strings.

>>> serialize_object(type("Zeros", (), {"get_config": lambda s: {}})(),
...                  "keras.initializers", builtins=("Zeros",))["class_name"]
'Zeros'
"""

from __future__ import annotations

import inspect


def custom_objects_in_scope(custom_objects=None):
    """`custom_objects` merged over kerax.saving's registered objects."""
    merged = {}
    try:
        from kerax import saving

        getter = getattr(saving, "get_custom_objects", None)
        if getter is not None:
            merged.update(getter())
    except ImportError:
        pass
    if custom_objects:
        merged.update(custom_objects)
    return merged


def registered_name(obj):
    """The name a custom object was registered under, if any."""
    try:
        from kerax import saving

        getter = getattr(saving, "get_registered_name", None)
        if getter is not None:
            return getter(obj if inspect.isclass(obj) or inspect.isfunction(
                obj) else obj.__class__)
    except ImportError:
        pass
    return None


def serialize_object(obj, module, builtins):
    """Keras 3's dict for `obj` (an instance with `get_config`); None
    stays None."""
    if obj is None:
        return None
    cls = obj.__class__
    name = cls.__name__
    if name in builtins and cls.__module__.startswith("kerax."):
        return {
            "module": module,
            "class_name": name,
            "config": obj.get_config(),
            "registered_name": None,
        }
    return {
        "module": cls.__module__,
        "class_name": name,
        "config": obj.get_config(),
        "registered_name": registered_name(obj) or name,
    }


def lookup(name, module_objects, custom_objects=None):
    """Finds `name` in `custom_objects`, the registry, then the module."""
    custom = custom_objects_in_scope(custom_objects)
    if name in custom:
        return custom[name]
    return module_objects.get(name)


def deserialize_object(config, module_objects, custom_objects, kind):
    """Rebuilds an object from a string or a Keras 2/3 config dict.

    Classes are instantiated from their `config`; functions returned.
    Raises `ValueError` naming `kind` for unknown identifiers.
    """
    if config is None:
        return None
    if isinstance(config, str):
        obj = lookup(config, module_objects, custom_objects)
        if obj is None:
            raise ValueError(
                f"Could not interpret {kind} identifier: {config}"
            )
        return obj() if inspect.isclass(obj) else obj
    if not isinstance(config, dict):
        return config
    if "class_name" not in config:
        raise ValueError(
            f"Could not interpret {kind} identifier: {config}"
        )
    class_name = config["class_name"]
    inner = config.get("config", {})
    if class_name == "function":
        name = config.get("registered_name")
        if not name or name == "function":
            name = inner
        obj = lookup(name, module_objects, custom_objects)
        if obj is None and name != inner:
            obj = lookup(inner, module_objects, custom_objects)
        if obj is None:
            raise ValueError(
                f"Could not interpret {kind} identifier: {config}"
            )
        return obj
    name = config.get("registered_name") or class_name
    cls = lookup(name, module_objects, custom_objects)
    if cls is None and name != class_name:
        cls = lookup(class_name, module_objects, custom_objects)
    if cls is None:
        raise ValueError(f"Could not interpret {kind} identifier: {config}")
    if not inspect.isclass(cls):
        return cls
    inner = dict(inner or {})
    if hasattr(cls, "from_config"):
        return cls.from_config(inner)
    return cls(**inner)
