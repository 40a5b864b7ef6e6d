"""Custom-object registration: how user classes and functions are found
again when a saved model is loaded (public as `kerax.saving`'s
`register_keras_serializable`, `custom_object_scope`, ...).

This is the one place that holds custom objects: the global registry and
the stack of active scopes. Every family's `deserialize`
(`kerax.core.registry`) and `kerax.saving` consult it through
`get_registered_object`; it lives in `core` so that any package can.

A registered object is saved under `"<package>><name>"` (Keras's
`registered_name`), and loading resolves that name through this registry,
the active `custom_object_scope`s and the `custom_objects` argument. Nothing
else outside kerax is ever imported while loading.

>>> @register_keras_serializable(package="Doc")
... def double(x):
...     return 2 * x
>>> get_registered_name(double)
'Doc>double'
>>> get_registered_object("Doc>double") is double
True
>>> with custom_object_scope({"triple": lambda x: 3 * x}):
...     "triple" in get_custom_objects()
True
>>> "triple" in get_custom_objects()
False
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from typing import Any, Literal

# Global registry: registered name -> object, and object -> name.
_GLOBAL_CUSTOM_OBJECTS: dict = {}
_GLOBAL_CUSTOM_NAMES: dict = {}
_SCOPES = threading.local()


def _scope_stack() -> list:
    stack = getattr(_SCOPES, "stack", None)
    if stack is None:
        stack = _SCOPES.stack = []
    return stack


class CustomObjectScope:
    """Makes `custom_objects` visible to loading code inside a `with` block.

    Args:
        *custom_objects: dicts `{name: class_or_function}` (or None).

    >>> class Thing:
    ...     pass
    >>> with CustomObjectScope({"Thing": Thing}):
    ...     get_custom_objects()["Thing"] is Thing
    True
    """

    def __init__(self, *custom_objects: dict[str, Any] | None) -> None:
        merged: dict[str, Any] = {}
        for objects in custom_objects:
            if objects is None:
                continue
            if not isinstance(objects, dict):
                raise TypeError(
                    "`custom_objects` must be a dict mapping names to "
                    f"classes or functions. Received: {objects!r}"
                )
            merged.update(objects)
        self.custom_objects = merged

    def __enter__(self) -> CustomObjectScope:  # noqa: PYI034 (Self: 3.11)
        _scope_stack().append(self.custom_objects)
        return self

    def __exit__(self, *exc_info: object) -> Literal[False]:
        _scope_stack().pop()
        return False


def custom_object_scope(
        *custom_objects: dict[str, Any] | None) -> CustomObjectScope:
    """Returns a `CustomObjectScope` (use it in a `with` statement).

    >>> with custom_object_scope({"f": abs}):
    ...     get_custom_objects()["f"] is abs
    True
    """
    return CustomObjectScope(*custom_objects)


def get_custom_objects() -> dict:
    """The registered objects, overlaid by the active scopes' objects.

    The returned dict is a fresh merge: to register globally use
    `register_keras_serializable` (writing to the returned dict has no
    lasting effect).

    >>> isinstance(get_custom_objects(), dict)
    True
    """
    merged = dict(_GLOBAL_CUSTOM_OBJECTS)
    for objects in _scope_stack():
        merged.update(objects)
    return merged


def register_keras_serializable(
        package: str = "Custom",
        name: str | None = None) -> Callable[[Any], Any]:
    """Decorator: registers a class or function for saving and loading.

    The object is saved as `"<package>><name>"` (`name` defaults to the
    class or function name); the class must define `get_config` when its
    constructor takes arguments.

    >>> @register_keras_serializable(package="Doc", name="Ident")
    ... class Identity:
    ...     def get_config(self):
    ...         return {}
    >>> get_registered_name(Identity)
    'Doc>Ident'
    """
    if not isinstance(package, str) or ">" in package:
        raise ValueError(
            "Argument `package` must be a string without '>'. Received: "
            f"package={package!r}"
        )

    def decorator(obj: Any) -> Any:
        if not (inspect.isclass(obj) or callable(obj)):
            raise ValueError(
                "Only classes and functions can be registered. Received: "
                f"{obj!r}"
            )
        obj_name = name if name is not None else obj.__name__
        registered = f"{package}>{obj_name}"
        if inspect.isclass(obj) and not hasattr(obj, "get_config"):
            raise ValueError(
                f"Cannot register a class that does not have a get_config() "
                f"method. Received: {obj.__name__}"
            )
        _GLOBAL_CUSTOM_OBJECTS[registered] = obj
        _GLOBAL_CUSTOM_NAMES[obj] = registered
        return obj

    return decorator


def get_registered_name(obj: Any) -> str:
    """The name `obj` is saved under: `"package>name"` when registered,
    else its `__name__`.

    >>> get_registered_name(len)
    'len'
    """
    try:
        registered = _GLOBAL_CUSTOM_NAMES.get(obj)
    except TypeError:  # unhashable
        registered = None
    if registered is not None:
        return registered
    return getattr(obj, "__name__", type(obj).__name__)


def is_registered(obj: Any) -> bool:
    """True when `obj` (a class or function) was registered."""
    try:
        return obj in _GLOBAL_CUSTOM_NAMES
    except TypeError:
        return False


def get_registered_object(
        name: str, custom_objects: dict[str, Any] | None = None,
        module_objects: dict[str, Any] | None = None) -> Any:
    """Looks `name` up in `custom_objects`, the active scopes, the
    registry, then `module_objects`; None when absent.

    >>> get_registered_object("missing") is None
    True
    """
    if custom_objects and name in custom_objects:
        return custom_objects[name]
    for objects in reversed(_scope_stack()):
        if name in objects:
            return objects[name]
    if name in _GLOBAL_CUSTOM_OBJECTS:
        return _GLOBAL_CUSTOM_OBJECTS[name]
    if module_objects and name in module_objects:
        return module_objects[name]
    return None
