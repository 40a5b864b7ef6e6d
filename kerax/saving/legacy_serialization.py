"""Keras 2's object (de)serialization, as Keras 3 keeps it in
`keras.legacy.saving.serialization`.

`serialize_keras_object(obj)`: an object with `get_config` becomes
`{"class_name": <registered name>, "config": {...}}`; each config value
that is itself an object (has `get_config`) is serialized the same way
and flagged `"__passive_serialization__": True`, a function becomes its
registered name, anything else is kept as is. Inside a
`SharedObjectSavingScope`, an object met twice gets a `shared_object_id`
so that loading (inside a `SharedObjectLoadingScope`) rebuilds it once.

`deserialize_keras_object(identifier, module_objects, custom_objects)`
looks class and function names up in `custom_objects`, the active
custom-object scopes, the registry, then `module_objects` (nothing else is
imported), and calls `from_config` (or the class itself).

>>> import kerax
>>> config = serialize_keras_object(kerax.layers.Dense(2, name="d"))
>>> config["class_name"], config["config"]["units"]
('Dense', 2)
>>> layer = deserialize_keras_object(
...     config, module_objects={"Dense": kerax.layers.Dense})
>>> layer.units, layer.name
(2, 'd')
"""

from __future__ import annotations

import contextlib
import inspect
import threading
import weakref
from collections.abc import Callable
from typing import Any, Literal

from kerax.saving import registration

SHARED_OBJECT_KEY = "shared_object_id"
_PASSIVE_KEY = "__passive_serialization__"
_STATE = threading.local()


# ---------------------------------------------------------- shared objects
class SharedObjectSavingScope:
    """While open, `serialize_keras_object` gives an object serialized
    more than once a `shared_object_id` (the same dict is returned for it
    each time). Nested scopes use the outermost one."""

    def __enter__(self) -> SharedObjectSavingScope:  # noqa: PYI034
        outer = getattr(_STATE, "saving", None)
        self._outer = outer
        if outer is not None:
            return outer
        self._configs: weakref.WeakKeyDictionary[Any, Any] = (
            weakref.WeakKeyDictionary())
        self._next_id = 0
        _STATE.saving = self
        return self

    def __exit__(self, *exc_info: object) -> Literal[False]:
        if self._outer is None:
            _STATE.saving = None
        return False

    def config_for(self, obj: Any,
                   make_config: Callable[[], dict[str, Any]]) -> Any:
        """The config dict of `obj`: the one already made (now marked
        shared), else `make_config()` remembered under a new id."""
        try:
            known = self._configs.get(obj)
        except TypeError:  # unhashable or not weak-referenceable
            return make_config()
        if known is not None:
            known[SHARED_OBJECT_KEY] = known.object_id
            return known
        config = _SharedConfig(make_config(), self._next_id)
        self._next_id += 1
        with contextlib.suppress(TypeError):
            self._configs[obj] = config
        return config


class _SharedConfig(dict):
    """A config dict that remembers the id it gets if shared."""

    def __init__(self, config: dict[str, Any], object_id: int) -> None:
        super().__init__(config)
        self.object_id = object_id


class SharedObjectLoadingScope:
    """While open, configs carrying the same `shared_object_id` are
    rebuilt once and the object reused."""

    def __enter__(self) -> SharedObjectLoadingScope:  # noqa: PYI034
        self._outer = getattr(_STATE, "loading", None)
        self._objects: dict[Any, Any] = {}
        _STATE.loading = self
        return self

    def __exit__(self, *exc_info: object) -> Literal[False]:
        _STATE.loading = self._outer
        return False

    def get(self, object_id: Any) -> Any:
        return None if object_id is None else self._objects.get(object_id)

    def set(self, object_id: Any, obj: Any) -> None:
        if object_id is not None:
            self._objects[object_id] = obj


# ---------------------------------------------------------- serialization
def serialize_keras_object(instance: Any) -> Any:
    """Keras 2's JSON-compatible form of `instance` (see the module
    docstring); None stays None.

    >>> serialize_keras_object(len)
    'len'
    """
    instance = inspect.unwrap(instance)
    if instance is None:
        return None
    if hasattr(instance, "get_config"):
        name = registration.get_registered_name(type(instance))
        config = {}
        for key, item in instance.get_config().items():
            config[key] = _serialize_item(item)

        def make() -> dict[str, Any]:
            return {"class_name": name, "config": config}

        scope = getattr(_STATE, "saving", None)
        return make() if scope is None else scope.config_for(instance, make)
    if hasattr(instance, "__name__"):
        return registration.get_registered_name(instance)
    raise ValueError(
        f"Cannot serialize {instance!r} (of type {type(instance).__name__}) "
        "in Keras 2's format: it has no `get_config()` method and no "
        "`__name__`.")


def _serialize_item(item: Any) -> Any:
    if isinstance(item, str) or not (
        hasattr(item, "get_config") or hasattr(item, "__name__")
    ):
        return item
    serialized = serialize_keras_object(item)
    if isinstance(serialized, dict):
        serialized[_PASSIVE_KEY] = True
    return serialized


# -------------------------------------------------------- deserialization
def _unknown(kind: str, name: Any) -> ValueError:
    return ValueError(
        f"Unknown {kind}: '{name}'. Register it with "
        "`kerax.saving.register_keras_serializable()`, pass it in "
        "`custom_objects`, or open a `kerax.saving.custom_object_scope` "
        "holding it.")


def _lookup(name: str, custom_objects: dict[str, Any] | None,
            module_objects: dict[str, Any] | None) -> Any:
    return registration.get_registered_object(
        name, custom_objects, module_objects)


def _class_and_config(
        config: Any, module_objects: dict[str, Any] | None,
        custom_objects: dict[str, Any] | None,
        kind: str) -> tuple[Any, Any]:
    if not (isinstance(config, dict) and "class_name" in config
            and "config" in config):
        raise ValueError(
            f"A serialized {kind} must be a dict with keys 'class_name' and "
            f"'config'. Received: {config!r}"[:500])
    class_name = config["class_name"]
    cls = _lookup(class_name, custom_objects, module_objects)
    if cls is None:
        raise _unknown(kind, class_name)
    inner = config["config"]
    if isinstance(inner, list):  # Keras 2.0's Sequential: a layer list
        return cls, inner
    inner = dict(inner)
    for key, item in inner.items():
        if key == "name":
            continue  # a name is never a function
        if isinstance(item, dict) and _PASSIVE_KEY in item:
            inner[key] = deserialize_keras_object(
                item, module_objects=module_objects,
                custom_objects=custom_objects,
                printable_module_name="config_item")
        elif isinstance(item, str):
            found = _lookup(item, custom_objects, module_objects)
            if inspect.isfunction(found):
                inner[key] = found
    return cls, inner


def deserialize_keras_object(
    identifier: Any,
    module_objects: dict[str, Any] | None = None,
    custom_objects: dict[str, Any] | None = None,
    printable_module_name: str = "object",
) -> Any:
    """Rebuilds what `serialize_keras_object` wrote.

    Args:
        identifier: a `{"class_name", "config"}` dict, a name, or a
            function (returned as is).
        module_objects: dict of built-in names to look names up in.
        custom_objects: dict of user names to look names up in first.
        printable_module_name: what the object is, for error messages.

    A class named by a string is instantiated without arguments; a
    function is returned.
    """
    if identifier is None:
        return None
    module_objects = module_objects or {}
    if isinstance(identifier, dict):
        cls, inner = _class_and_config(
            identifier, module_objects, custom_objects,
            printable_module_name)
        scope = getattr(_STATE, "loading", None)
        object_id = identifier.get(SHARED_OBJECT_KEY)
        if scope is not None:
            shared = scope.get(object_id)
            if shared is not None:
                return shared
        obj = _instantiate(cls, inner, custom_objects)
        if scope is not None:
            scope.set(object_id, obj)
        return obj
    if isinstance(identifier, str):
        obj = _lookup(identifier, custom_objects, module_objects)
        if obj is None:
            raise _unknown(printable_module_name, identifier)
        return obj() if inspect.isclass(obj) else obj
    if inspect.isfunction(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret serialized {printable_module_name}: "
        f"{identifier!r}")


def _instantiate(cls: Any, inner: dict[str, Any],
                 custom_objects: dict[str, Any] | None) -> Any:
    custom_objects = dict(custom_objects or {})
    from_config = getattr(cls, "from_config", None)
    if from_config is None:
        with registration.custom_object_scope(custom_objects):
            return cls(**inner)
    try:
        takes_custom = "custom_objects" in inspect.signature(
            from_config).parameters
    except (TypeError, ValueError):
        takes_custom = False
    if takes_custom:
        merged = {**registration.get_custom_objects(), **custom_objects}
        return from_config(inner, custom_objects=merged)
    with registration.custom_object_scope(custom_objects):
        return from_config(inner)
