"""`serialize_keras_object` / `deserialize_keras_object` in Keras 3's schema.

An object is written as `{"module", "class_name", "config",
"registered_name"}` (plus `"build_config"` for built layers and
`"compile_config"` for compiled models). kerax's built-in classes are
written under Keras's module names (`"keras.layers"`, `"keras.optimizers"`,
...), so real Keras reads them, and Keras's module names (also
`"keras.src.*"` and Keras 2's module-less dicts) map back to kerax classes.

Loading never imports a module named in a file: only kerax's own
namespaces, registered custom objects and `custom_objects` are searched.

>>> import kerax
>>> config = serialize_keras_object(kerax.layers.Dense(2, name="d"))
>>> config["module"], config["class_name"]
('keras.layers', 'Dense')
>>> deserialize_keras_object(config).units
2
>>> deserialize_keras_object({"module": "os", "class_name": "function",
...                           "config": "system"})
Traceback (most recent call last):
...
kerax.saving.errors.DeserializationError: Could not locate function 'system' (module 'os'). ...
"""

from __future__ import annotations

import importlib
import inspect
import types
from collections.abc import Callable
from typing import Any, Literal

import numpy as np

from kerax.core import object_codec
from kerax.saving import registration
from kerax.support.file_errors import DeserializationError, UnsafeFileError
from kerax.support.safe_mode import (  # noqa: F401 (re-exported)
    SafeModeScope,
    in_safe_mode,
    set_default_safe_mode,
)

# kerax namespace searched for each Keras module family below saving. The
# families above it ("utils": FeatureSpace, "distillation", "": the kerax
# root) are registered by kerax/__init__ (`register_namespace`).
_FAMILIES = {
    "layers": "kerax.layers",
    "models": "kerax.models",
    "optimizers": "kerax.optimizers",
    "schedules": "kerax.optimizers.schedules",
    "losses": "kerax.losses",
    "metrics": "kerax.metrics",
    "initializers": "kerax.initializers",
    "regularizers": "kerax.regularizers",
    "constraints": "kerax.constraints",
    "activations": "kerax.activations",
    "ops": "kerax.ops",
}
_NAMESPACE_LOADERS: dict[str, Callable[[], Any]] = {}
# Search order for Keras 2 dicts that name no module.
_DEFAULT_FAMILIES = ("layers", "models", "", "initializers", "regularizers",
                     "constraints", "optimizers", "losses", "metrics",
                     "schedules")
_FUNCTION_FAMILIES = ("activations", "losses", "metrics", "ops")
_ROOT_EXTRAS = {"DTypePolicy", "FloatDTypePolicy"}


# ------------------------------------------------------------- modules
def keras_module_of(cls: Any) -> str | None:
    """Keras's module name for a kerax built-in class, else None."""
    module = getattr(cls, "__module__", "") or ""
    if not module.startswith("kerax."):
        return None
    if cls.__dict__.get("_keras_module"):  # a layer of one Keras module
        return cls.__dict__["_keras_module"]
    parts = module.split(".")
    family = parts[1]
    if family == "models":
        if cls.__name__ == "Functional":
            return "keras.src.models.functional"
        if cls.__name__ in ("Sequential", "Model"):
            return "keras"
        return None
    if family == "optimizers" and "schedules" in parts:
        return "keras.optimizers.schedules"
    if family == "core" and cls.__name__ in _ROOT_EXTRAS:
        return "keras"
    if _is_family(family):
        namespace = _namespace(family)
        if getattr(namespace, cls.__name__, None) is cls:
            return f"keras.{family}"
    return None


def _family_of(module: Any) -> str | Literal[False] | None:
    """'keras.src.layers.core.dense' -> 'layers'; None if not Keras/kerax."""
    if module is None:
        return None
    parts = str(module).split(".")
    if parts[0] not in ("keras", "kerax", "tf_keras") and parts[:2] != [
        "tensorflow", "keras"
    ]:
        return False
    rest = [p for p in parts[1:] if p not in ("src", "keras", "api")]
    if "schedules" in rest:
        return "schedules"
    if not rest:
        return ""
    if rest[0] in ("dtype_policies", "mixed_precision", "core"):
        return ""
    if rest[0] in ("engine", "saving", "legacy"):
        return "models" if "functional" in rest or "sequential" in rest \
            else "layers"
    return rest[0] if _is_family(rest[0]) else False


def register_namespace(family: str, loader: Callable[[], Any]) -> None:
    """Lets a package above saving provide the kerax namespace searched for
    the Keras module family `family` (`"utils"` for `keras.utils`, `""`
    for `keras`): `loader()` returns that module, imported on first use."""
    _NAMESPACE_LOADERS[family] = loader


def _is_family(family: Any) -> bool:
    return family in _FAMILIES or family in _NAMESPACE_LOADERS


def _namespace(family: str) -> Any:
    loader = _NAMESPACE_LOADERS.get(family)
    if loader is not None:
        return loader()
    return importlib.import_module(_FAMILIES[family])


def _lookup_in(family: str, name: Any) -> Any:
    if not isinstance(name, str) or not name.isidentifier() or (
        name.startswith("_")
    ):
        return None
    if family == "" and name in _ROOT_EXTRAS:
        from kerax.core import dtype_policy

        return getattr(dtype_policy, name)
    obj = getattr(_namespace(family), name, None)
    if obj is None:
        return None
    if not str(getattr(obj, "__module__", "")).startswith("kerax"):
        return None
    return obj


def resolve_class(module: Any, class_name: str,
                  registered_name: str | None = None,
                  custom_objects: dict[str, Any] | None = None) -> Any:
    """The kerax class (or registered custom class) a config names."""
    for name in (registered_name, class_name):
        if name:
            obj = registration.get_registered_object(name, custom_objects)
            if obj is not None:
                return obj
    obj = _resolved_by_module(module, class_name)
    if obj is not None:
        return obj
    family = _family_of(module)
    families: tuple[str, ...] = _DEFAULT_FAMILIES if family is None else (
        () if family is False else (family,))
    if family == "models" or family == "":
        families = ("models", "", "layers")
    for fam in families:
        obj = _lookup_in(fam, class_name)
        if inspect.isclass(obj):
            return obj
    raise DeserializationError(
        f"Could not locate class '{class_name}' (module '{module}'). kerax "
        "only resolves its own (and Keras's) built-in objects and custom "
        "objects that are registered with "
        "`kerax.saving.register_keras_serializable()` or passed in "
        "`custom_objects`."
    )


# Keras modules whose classes a package above saving resolves (e.g.
# kerax.applications for `keras.src.applications.*`): prefix -> resolver.
_MODULE_RESOLVERS: dict[str, Callable[[str, str], Any]] = {}


def register_module_resolver(prefix: str,
                             resolver: Callable[[str, str], Any]) -> None:
    """Lets a package above saving resolve the classes that configs place
    in the Keras modules under `prefix`: `resolver(module, class_name)`
    returns the class, or None when it has none of that name."""
    _MODULE_RESOLVERS[prefix] = resolver


def _resolved_by_module(module: Any, class_name: str) -> Any:
    if not isinstance(module, str):
        return None
    for prefix, resolver in _MODULE_RESOLVERS.items():
        if module.startswith(prefix):
            obj = resolver(module, str(class_name))
            if obj is not None:
                return obj
    return None


def resolve_function(module: Any, name: str,
                     custom_objects: dict[str, Any] | None = None) -> Any:
    """The function a `{"class_name": "function"}` entry names."""
    obj = registration.get_registered_object(name, custom_objects)
    if obj is not None:
        return obj
    family = _family_of(module)
    families: tuple[str, ...]
    if family is False and module != "builtins":
        families = ()
    elif family in _FUNCTION_FAMILIES:
        families = (family,) + _FUNCTION_FAMILIES
    else:
        families = _FUNCTION_FAMILIES
    for fam in families:
        obj = _lookup_in(fam, name)
        if callable(obj) and not inspect.isclass(obj):
            return obj
    raise DeserializationError(
        f"Could not locate function '{name}' (module '{module}'). kerax "
        "only resolves its own functions (activations, losses, metrics, "
        "ops) and custom functions that are registered with "
        "`kerax.saving.register_keras_serializable()` or passed in "
        "`custom_objects`."
    )


# ------------------------------------------------------------- serialize
def _model_config(obj: Any) -> dict[str, Any]:
    """get_config, using kerax.saving's functional/sequential schema when
    the model class does not define its own."""
    from kerax.models.functional import Functional
    from kerax.models.model import Model
    from kerax.models.sequential import Sequential
    from kerax.saving import functional_config

    own = type(obj).get_config
    if isinstance(obj, Sequential) and own in (
        Model.get_config, Sequential.get_config
    ):
        return functional_config.sequential_get_config(obj)
    if isinstance(obj, Functional) and own in (
        Model.get_config, Functional.get_config
    ):
        return functional_config.functional_get_config(obj)
    return obj.get_config()


def _function_dict(fn: Callable[..., Any]) -> dict[str, Any]:
    if isinstance(fn, types.LambdaType) and fn.__name__ == "<lambda>":
        from kerax.layers.core.lambda_layer import func_dump

        return {"class_name": "__lambda__",
                "config": {"value": list(func_dump(fn))}}
    module = getattr(fn, "__module__", None) or "builtins"
    if module.startswith("kerax.") and not registration.is_registered(fn):
        module = "builtins"
    return {
        "module": module,
        "class_name": "function",
        "config": registration.get_registered_name(fn),
        "registered_name": "function",
    }


def serialize_keras_object(obj: Any) -> Any:
    """Returns a JSON-compatible description of `obj` (Keras 3 schema).

    Plain values, lists and dicts are kept; arrays become `__numpy__`
    entries; functions `{"class_name": "function"}`; objects with
    `get_config` the full dict.

    >>> serialize_keras_object([1, "a", None])
    [1, 'a', None]
    >>> serialize_keras_object(np.array([1.0, 2.0]))["class_name"]
    '__numpy__'
    """
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, bytes):
        return {"class_name": "__bytes__",
                "config": {"value": obj.decode("utf-8")}}
    if isinstance(obj, (list, tuple)):
        return [serialize_keras_object(x) for x in obj]
    if isinstance(obj, dict):
        return {str(k): serialize_keras_object(v) for k, v in obj.items()}
    if isinstance(obj, np.ndarray) or (
        hasattr(obj, "shape") and hasattr(obj, "dtype")
        and not hasattr(obj, "get_config")
    ):
        array = np.asarray(obj)
        return {"class_name": "__numpy__",
                "config": {"value": array.tolist(),
                           "dtype": str(array.dtype)}}
    if inspect.isclass(obj):
        raise DeserializationError(
            f"Cannot serialize the class {obj!r}: serialize an instance."
        )
    if not hasattr(obj, "get_config") and callable(obj):
        return _function_dict(obj)
    if not hasattr(obj, "get_config"):
        raise DeserializationError(
            f"Cannot serialize {obj!r} (of type {type(obj).__name__}): it "
            "has no `get_config()` method."
        )
    return _object_dict(obj)


def _object_dict(obj: Any) -> dict[str, Any]:
    from kerax.layers.layer import Layer

    cls = type(obj)
    keras_module = keras_module_of(cls)
    registered = registration.is_registered(cls)
    if isinstance(obj, Layer):
        config = _model_config(obj)
    else:
        config = obj.get_config()
    result = {
        "module": keras_module or (
            None if registered else cls.__module__),
        "class_name": cls.__name__,
        "config": serialize_keras_object(config),
        "registered_name": (
            "Functional" if keras_module == "keras.src.models.functional"
            else None if keras_module
            else registration.get_registered_name(cls)
        ),
    }
    if isinstance(obj, Layer):
        build_config = obj.get_build_config() if obj.built else None
        if build_config is not None:
            result["build_config"] = serialize_keras_object(build_config)
        if getattr(obj, "compiled", False) and getattr(
            obj, "_compile_config", None
        ):
            from kerax.saving.compile_config import serialize_compile_config

            result["compile_config"] = serialize_compile_config(obj)
    return result


# ----------------------------------------------------------- deserialize
def deserialize_keras_object(config: Any,
                             custom_objects: dict[str, Any] | None = None,
                             safe_mode: bool | None = True,
                             compile: bool = False, **kwargs: Any) -> Any:
    """Rebuilds the object `config` describes (see module docstring).

    Args:
        config: a plain value, list, dict, or an object dict.
        custom_objects: dict `{name: class_or_function}`.
        safe_mode: refuse Python lambdas (bytecode) in the config.
        compile: apply a model's `compile_config` too.
    """
    with registration.custom_object_scope(custom_objects), \
            SafeModeScope(safe_mode and in_safe_mode()):
        return _deserialize(config, compile, top=True)


def _deserialize(config: Any, compile: bool = False,
                 top: bool = False) -> Any:
    if isinstance(config, list):
        return [_deserialize(x) for x in config]
    if not isinstance(config, dict):
        return config
    if "class_name" not in config or "config" not in config:
        return {k: _deserialize(v) for k, v in config.items()}
    class_name = config["class_name"]
    inner = config["config"]
    if class_name in ("__numpy__", "__tensor__"):
        return np.array(inner["value"], dtype=inner["dtype"])
    if class_name == "__bytes__":
        return inner["value"].encode("utf-8")
    if class_name == "__lambda__":
        return _load_lambda(inner)
    if class_name == "__keras_tensor__":
        raise DeserializationError(
            "A `__keras_tensor__` entry is only valid inside a functional "
            "model's `inbound_nodes`."
        )
    if class_name == "function":
        name = config.get("registered_name")
        if not name or name == "function":
            name = inner
        return resolve_function(config.get("module"), name)
    cls = resolve_class(config.get("module"), class_name,
                        config.get("registered_name"))
    obj = instantiate(cls, inner)
    _after_init(obj, config, compile, top)
    return obj


def _load_lambda(inner: Any) -> Any:
    if in_safe_mode():
        raise UnsafeFileError(
            "Refusing to deserialize a Python lambda: its bytecode would "
            "run on load (arbitrary code execution). If you trust the "
            "file, pass `safe_mode=False` to the loading function "
            "(e.g. `kerax.saving.load_model(path, safe_mode=False)`)."
        )
    from kerax.layers.core.lambda_layer import func_load

    value = inner.get("value", inner.get("code"))
    return func_load(value)


def instantiate(cls: Any, inner: dict[str, Any]) -> Any:
    """`cls.from_config(inner)` (passing custom objects / safe mode when
    the method takes them), wrapping TypeErrors in a clear error."""
    from kerax.models.functional import Functional
    from kerax.models.sequential import Sequential

    if not isinstance(inner, dict):
        raise DeserializationError(
            f"The config of '{cls.__name__}' must be a dict. Received: "
            f"{inner!r}"
        )
    from_config = getattr(cls, "from_config", None)
    try:
        if inspect.isclass(cls) and issubclass(cls, (Sequential, Functional)):
            from kerax.saving import functional_config

            if "layers" in inner and not _overrides(cls, "from_config"):
                return functional_config.model_from_config(cls, inner)
        inner = _drop_keras_only_defaults(cls, inner)
        _refuse_code_in_safe_mode(cls, inner)
        if from_config is None:
            return cls(**inner)
        params = _parameters(from_config)
        extra: dict[str, Any] = {}
        if "custom_objects" in params:
            extra["custom_objects"] = registration.get_custom_objects()
        if "safe_mode" in params:
            extra["safe_mode"] = in_safe_mode()
        return from_config(dict(inner), **extra)
    except (TypeError, KeyError) as error:
        raise DeserializationError(
            f"Could not rebuild '{cls.__name__}' from its config: {error}. "
            f"Config: {inner!r}"[:2000]
        ) from error


def _refuse_code_in_safe_mode(cls: Any, inner: dict[str, Any]) -> None:
    """A class whose config can carry bytecode (`Lambda`) says so through
    `config_runs_code(config)`; in safe mode such a config is refused."""
    runs_code = getattr(cls, "config_runs_code", None)
    if in_safe_mode() and callable(runs_code) and runs_code(inner):
        raise UnsafeFileError(
            f"Refusing to rebuild '{cls.__name__}' "
            f"'{inner.get('name', '')}': its config holds a Python lambda "
            "whose bytecode would run on load (arbitrary code execution). "
            "If you trust the file, pass `safe_mode=False` to the loading "
            "function (e.g. `kerax.saving.load_model(path, "
            "safe_mode=False)`)."
        )


# Keras 3 config keys for features kerax layers lack; dropped when they
# hold their "off" value and the kerax class does not take them.
_KERAS_ONLY_DEFAULTS = {
    "quantization_config": None, "lora_rank": None, "lora_alpha": None,
    "synchronized": False, "renorm": False, "renorm_clipping": None,
    "renorm_momentum": 0.99, "ragged": False,
}


def _drop_keras_only_defaults(cls: Any,
                              inner: dict[str, Any]) -> dict[str, Any]:
    if not str(getattr(cls, "__module__", "")).startswith("kerax."):
        return inner
    params = _parameters(cls.__init__)
    renorm_off = not inner.get("renorm")
    result = {}
    for key, value in inner.items():
        if key in _KERAS_ONLY_DEFAULTS and key not in params and (
            value == _KERAS_ONLY_DEFAULTS[key]
            or (key == "renorm_momentum" and renorm_off)
        ):
            continue
        result[key] = value
    return result


def _overrides(cls: Any, method: str) -> bool:
    from kerax.layers.layer import Layer
    from kerax.models.functional import Functional
    from kerax.models.model import Model
    from kerax.models.sequential import Sequential

    base = (Layer, Model, Functional, Sequential)
    own = getattr(cls, method)
    own = getattr(own, "__func__", own)
    return all(
        own is not getattr(getattr(b, method), "__func__", None)
        for b in base
    )


def _parameters(fn: Any) -> Any:
    try:
        return inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return {}


def _after_init(obj: Any, config: dict[str, Any], compile: bool,
                top: bool) -> None:
    from kerax.layers.layer import Layer

    if not isinstance(obj, Layer):
        return
    build_config = config.get("build_config")
    if build_config and not obj.built:
        try:
            obj.build_from_config(build_config)
        except Exception as error:
            raise DeserializationError(
                f"Could not build layer '{obj.name}' from its build_config "
                f"{build_config!r}: {error}"
            ) from error
    if compile and top and config.get("compile_config"):
        from kerax.saving.compile_config import compile_from_config

        compile_from_config(obj, config["compile_config"])


# Layers and optimizers (below saving) reach these through
# kerax.core.object_codec.
object_codec.register_codec(serialize_keras_object, deserialize_keras_object)
