"""One registry for the object families (activations, initializers,
constraints, regularizers, losses, metrics, optimizers, layers) and one
factory for their `get`, `serialize` and `deserialize`.

A built-in joins its family with one decorator where it is defined,
`@register("losses")` (extra names as further arguments). Names are looked
up in `custom_objects`, the active `custom_object_scope`s and the
`register_keras_serializable` registry (`kerax.core.custom_objects`,
the single custom-object mechanism), then in the family's table. What
differs between families is data: the `Family` fields.

>>> fam = Family("gadgets", "gadget", "keras.gadgets")
>>> @register(fam, "twice")
... def double(x):
...     return 2 * x
>>> get, serialize, deserialize = make_api(fam, "gadgets", "gadget")
>>> get("twice")(3), serialize(double)["config"]
(6, 'double')
>>> get("nope")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
ValueError: Could not interpret gadget identifier: nope. Unknown gadget ...
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Callable
from typing import Any

from kerax.core import object_codec
from kerax.core.custom_objects import (
    CustomObjectScope,
    get_registered_name,
    get_registered_object,
)
from kerax.core.naming import to_snake_case


@dataclasses.dataclass(eq=False)
class Family:
    """One family's table and the data that sets its lookup rules.

    Args:
        name: the package's short name (`"losses"`).
        kind: what error messages call a member (`"loss"`).
        keras_module: the module built-ins are saved under.
        default: the member name `get(None)` returns (None: None).
        base: the name of the family's base class: `get` accepts no other
            class, and keeps instances of it as they are.
        instantiate: whether `get` calls a class it is given.
        instantiate_names: whether `deserialize(name)` calls the class.
        get_functions: whether `get(name)` also finds functions.
        lenient: `get` reports any `deserialize` error as "Could not
            interpret"; `deserialize` returns non-dict configs unchanged.
        snake_case: classes are also found by their snake_case name.
        case_insensitive: names match whatever their case.
        builtin_functions_by_name: `serialize` writes a built-in function
            as its name.
        function_module: the module written for functions (None: theirs).
        module_overrides: class name -> module written for it.
        fallback: another family whose functions are searched last.
        config_with_custom_objects: `from_config` takes `custom_objects`.
        converters: `(test, convert)` pairs `get` tries first.
        codec: the family is (de)serialized by the object codec that
            `kerax.saving` registers in `kerax.core.object_codec`
            (layers).
    """

    name: str
    kind: str
    keras_module: str
    default: str | None = None
    base: str | None = None
    instantiate: bool = True
    instantiate_names: bool = True
    get_functions: bool = True
    lenient: bool = True
    snake_case: bool = False
    case_insensitive: bool = False
    builtin_functions_by_name: bool = False
    function_module: str | None = None
    module_overrides: dict = dataclasses.field(default_factory=dict)
    fallback: str | None = None
    config_with_custom_objects: bool = False
    converters: list = dataclasses.field(default_factory=list)
    codec: bool = False
    classes: dict = dataclasses.field(default_factory=dict)
    functions: dict = dataclasses.field(default_factory=dict)

    def add(self, obj: Any, *aliases: str) -> Any:
        """Adds a built-in class or function under its name and aliases."""
        table = self.classes if inspect.isclass(obj) else self.functions
        names = [obj.__name__, *aliases]
        if self.snake_case and inspect.isclass(obj):
            names.append(to_snake_case(obj.__name__))
        for name in names:
            table[name] = obj
        return obj

    def base_class(self) -> type | None:
        return None if self.base is None else self.classes[self.base]

    def is_builtin(self, obj: Any) -> bool:
        """True for a class or function this family registered."""
        table = self.classes if inspect.isclass(obj) else self.functions
        return table.get(getattr(obj, "__name__", None)) is obj

    def lookup(self, name: Any, functions: bool = True,
               classes: bool = True) -> Any:
        """`name` from the custom objects, then the tables; None if absent."""
        if not isinstance(name, str):
            return None
        obj = get_registered_object(name)
        if obj is not None:
            return obj
        tables = [self.classes] if classes else []
        tables += [self.functions] if functions else []
        for table in tables:
            obj = table.get(name)
            if obj is None and self.case_insensitive:
                lower = name.lower()
                obj = next((v for k, v in table.items()
                            if k.lower() == lower), None)
            if obj is not None:
                return obj
        if functions and self.fallback:
            return family(self.fallback).functions.get(name)
        return None


_FAMILIES: dict[str, Family] = {}


def declare(fam: Family) -> Family:
    """Makes `fam` the family registered under `fam.name`."""
    _FAMILIES[fam.name] = fam
    return fam


def family(name: str) -> Family:
    """The family called `name` (`family("losses")`). Its tables fill as
    its package is imported (`kerax/__init__` imports the packages whose
    tables others search: `kerax.losses` for the metrics' fallback).

    >>> family("losses").kind
    'loss'
    """
    return _FAMILIES[name]


def register(fam: Family | str, *aliases: str) -> Callable:
    """Decorator adding a built-in class or function to a family (a
    `Family` or the name of a declared one, e.g. `"losses"`).

    >>> fam = Family("demo_things", "thing", "keras.things")
    >>> @register(fam)
    ... class Thing:
    ...     pass
    >>> fam.lookup("Thing") is Thing
    True
    """
    target = _FAMILIES[fam] if isinstance(fam, str) else fam

    def decorator(obj: Any) -> Any:
        return target.add(obj, *aliases)

    return decorator


def _unknown(fam: Family, what: Any) -> ValueError:
    return ValueError(f"Could not interpret {fam.kind} identifier: {what}")


def _unknown_name(fam: Family, name: str) -> ValueError:
    return ValueError(
        f"Could not interpret {fam.kind} identifier: {name}. Unknown "
        f"{fam.kind} '{name}': expected a kerax.{fam.name} name, or a "
        "custom object registered with "
        "`kerax.saving.register_keras_serializable()` or passed in "
        "`custom_objects`."
    )


def _member_class(fam: Family, cls: Any) -> bool:
    """Whether `cls` is a class of the family: one it registered, or (for
    a family with a base class) a subclass of that base."""
    if not inspect.isclass(cls):
        return False
    base = fam.base_class()
    return base is None or fam.is_builtin(cls) or issubclass(cls, base)


def _deserialize(fam: Family, config: Any,
                 custom_objects: dict | None) -> Any:
    if isinstance(config, str):
        obj = fam.lookup(config)
        if obj is None:
            raise _unknown_name(fam, config)
        if inspect.isclass(obj) and fam.instantiate_names:
            return obj()
        return obj
    if not isinstance(config, dict):
        if fam.lenient:
            return config
        raise ValueError(
            f"Could not interpret {fam.kind} identifier: expected a name or "
            f"a dict with 'class_name'. Received: config={config!r}"
        )
    if "class_name" not in config:
        raise ValueError(
            f"Could not interpret {fam.kind} identifier: {config} (a "
            "config dict needs a 'class_name')"
        )
    class_name = config["class_name"]
    inner = config.get("config", {})
    registered = config.get("registered_name")
    if class_name == "function":
        names = [inner]
        if registered and registered not in ("function", inner):
            names.insert(0, registered)
        found = (fam.lookup(n, classes=False) for n in names)
        obj = next((o for o in found if o is not None), None)
        if obj is None:
            raise ValueError(
                f"Unknown {fam.kind} function: '{inner}'. Pass it in "
                "`custom_objects` or register it with "
                "`kerax.saving.register_keras_serializable()`. "
                f"Received: config={config}"
            )
        return obj
    names = [class_name]
    if registered and registered != class_name:
        names.insert(0, registered)
    cls = next((o for o in map(fam.lookup, names) if o is not None), None)
    if cls is None or (fam.base is not None and not _member_class(fam, cls)):
        raise ValueError(
            f"Unknown {fam.kind} class: '{class_name}'. Pass it in "
            "`custom_objects` or register it with "
            "`kerax.saving.register_keras_serializable()`. "
            f"Received: config={config}"
        )
    if not inspect.isclass(cls):
        return cls
    inner = dict(inner or {})
    if fam.config_with_custom_objects:
        factory: Any = cls  # every class of such a family has from_config
        return factory.from_config(inner, custom_objects=custom_objects)
    if hasattr(cls, "from_config"):
        return cls.from_config(inner)
    return cls(**inner)


def _serialize(fam: Family, obj: Any) -> Any:
    if obj is None or isinstance(obj, str):
        return obj
    if not inspect.isclass(obj) and hasattr(obj, "get_config"):
        cls = type(obj)
        name = cls.__name__
        if name in fam.module_overrides:
            module, registered = fam.module_overrides[name], name
        elif fam.is_builtin(cls) and cls.__module__.startswith("kerax."):
            module, registered = fam.keras_module, None
        else:
            module, registered = cls.__module__, get_registered_name(cls)
        return {
            "module": module,
            "class_name": name,
            "config": obj.get_config(),
            "registered_name": registered,
        }
    if callable(obj) and not inspect.isclass(obj):
        if fam.builtin_functions_by_name and fam.is_builtin(obj):
            return obj.__name__
        return {
            "module": fam.function_module or getattr(
                obj, "__module__", "builtins"),
            "class_name": "function",
            "config": get_registered_name(obj),
            "registered_name": "function",
        }
    raise ValueError(
        f"Cannot serialize {fam.kind} {obj!r}: expected a kerax.{fam.name} "
        "object or function, or one registered with "
        "`kerax.saving.register_keras_serializable()`."
    )


def _get(fam: Family, identifier: Any) -> Any:
    if identifier is None:
        if fam.default is None:
            return None
        return fam.functions.get(fam.default) or fam.classes[fam.default]
    for test, convert in fam.converters:
        if test(identifier):
            return convert(identifier)
    base = fam.base_class()
    if isinstance(identifier, str):
        obj = fam.lookup(identifier, functions=fam.get_functions)
        if obj is None:
            raise _unknown_name(fam, identifier)
    elif isinstance(identifier, dict):
        try:
            obj = _deserialize(fam, identifier, None)
        except ValueError as error:
            if not fam.lenient:
                raise
            raise _unknown(fam, identifier) from error
    else:
        obj = identifier
    if inspect.isclass(obj):
        if not _member_class(fam, obj):
            raise _unknown(fam, identifier)
        if fam.instantiate or isinstance(identifier, str):
            obj = obj()
        elif base is not None:  # e.g. the class Adam is no optimizer
            raise _unknown(fam, identifier)
    if callable(obj) or (base is not None and isinstance(obj, base)):
        return obj
    raise _unknown(fam, identifier)


def deserialize_member(fam: Family, config: Any,
                       custom_objects: dict | None = None) -> Any:
    """The member of `fam` a name or a config dict describes
    (`custom_objects` searched first); what `make_api`'s `deserialize`
    does for a family without a `codec`.

    >>> fam = Family("demo_members", "member", "keras.members")
    >>> deserialize_member(fam, "twice", {"twice": abs}) is abs
    True
    """
    if config is None:
        return None
    with CustomObjectScope(custom_objects):
        return _deserialize(fam, config, custom_objects)


def make_api(fam: Family, module: str, argument: str,
             config_argument: str = "config") -> tuple:
    """`(get, serialize, deserialize)` for `fam`, as functions of `module`
    whose `serialize` argument is called `argument` (and `deserialize`'s
    first one `config_argument`)."""

    def get(identifier: Any) -> Any:
        return _get(fam, identifier)

    def serialize(obj: Any) -> Any:
        if fam.codec:
            return object_codec.serialize_keras_object(obj)
        return _serialize(fam, obj)

    def deserialize(config: Any,
                    custom_objects: dict[str, Any] | None = None) -> Any:
        if fam.codec:
            return object_codec.deserialize_keras_object(
                config, custom_objects=custom_objects)
        return deserialize_member(fam, config, custom_objects)

    get.__doc__ = (
        f"Returns a {fam.kind} from a name, a config dict, a class, an "
        "object or a function.")
    serialize.__doc__ = f"Returns the Keras-format config of a {fam.kind}."
    deserialize.__doc__ = (
        f"Returns the {fam.kind} a name or a config dict describes "
        "(`custom_objects` are searched first).")
    _publish(serialize, module, argument)
    _publish(get, module, "identifier")
    _publish(deserialize, module, config_argument)
    return get, serialize, deserialize


def _publish(fn: Callable, module: str, first: str) -> None:
    """Names `fn` as a function of `module` whose first argument is
    `first` (what `inspect.signature` and `help` show)."""
    fn.__module__ = module
    fn.__qualname__ = fn.__name__
    params = list(inspect.signature(fn).parameters.values())
    params[0] = params[0].replace(name=first)
    fn.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]


# The families, as data. What needs their own classes (the optimizer's
# optax wrapper, the initializer's arrays) their packages add as
# `converters`.
ACTIVATIONS = declare(Family(
    "activations", "activation function", "keras.activations",
    default="linear", instantiate=False, builtin_functions_by_name=True,
))
INITIALIZERS = declare(Family(
    "initializers", "initializer", "keras.initializers", snake_case=True,
))
CONSTRAINTS = declare(Family(
    "constraints", "constraint", "keras.constraints", snake_case=True,
))
REGULARIZERS = declare(Family(
    "regularizers", "regularizer", "keras.regularizers", snake_case=True,
))
LOSSES = declare(Family(
    "losses", "loss", "keras.losses", base="Loss", lenient=False,
    instantiate_names=False, function_module="builtins",
    module_overrides={"LossFunctionWrapper": "keras.src.losses.losses"},
))
METRICS = declare(Family(
    "metrics", "metric", "keras.metrics", lenient=False, snake_case=True,
    get_functions=False, function_module="builtins", fallback="losses",
))
OPTIMIZERS = declare(Family(
    "optimizers", "optimizer", "keras.optimizers", base="Optimizer",
    lenient=False, instantiate=False, case_insensitive=True,
    config_with_custom_objects=True,
))
LAYERS = declare(Family(
    "layers", "layer", "keras.layers", codec=True,
))
