"""`Lambda`: wraps a Python function as a layer.

>>> import numpy as np
>>> layer = Lambda(lambda x, k: x * k, arguments={"k": 3.0})
>>> layer(np.array([1.0, 2.0])).tolist()
[3.0, 6.0]
>>> layer.get_config()["function"]["class_name"]
'__lambda__'
"""

from __future__ import annotations

import builtins
import codecs
import inspect
import marshal
import types

import numpy as np
from jax import tree_util

from kerax import activations, ops
from kerax.core.custom_objects import get_custom_objects, get_registered_name
from kerax.core.keras_tensor import KerasTensor, any_symbolic
from kerax.layers.layer import Layer
from kerax.support.safe_mode import in_safe_mode

# Set by `kerax.backend.lambda_graph` (a higher package) when imported:
# `recorder(function, inputs, kwargs)` runs the function on KerasTensors
# and returns a replay of its graph when values alone cannot compute it.
_GRAPH_RECORDER = None


def set_graph_recorder(recorder):
    """Registers the recorder of functions that need the model's graph
    (`K.gradients` inside a Lambda)."""
    global _GRAPH_RECORDER
    _GRAPH_RECORDER = recorder


# Set by `kerax/__init__` when imported: the package, which a loaded
# lambda's code sees as `kerax` and as `keras`.
_PACKAGE_NAMES: dict = {}


def set_package(package):
    """Registers the `kerax` package for the code of loaded lambdas."""
    _PACKAGE_NAMES.update(kerax=package, keras=package)


class Lambda(Layer):
    """Calls `function(inputs, **arguments)` (also passing `mask=` and
    `training=` when the function takes them).

    Prefer a `Layer` subclass for anything with weights or that must be
    saved portably: a Python `lambda` is saved as marshalled bytecode, as
    Keras 3 does, and only loads with `safe_mode=False` in the same Python
    version. Named functions are saved by name (Keras's
    `{"class_name": "function", ...}` layout) and looked up in the custom
    objects, `kerax.activations` and `kerax.ops` when loading.

    Args:
        function: the callable; its first argument receives the inputs.
        output_shape: optional output shape without the batch axis (a
            tuple, or a list of tuples for several outputs), or a function
            `input_shape -> output_shape` (full shapes). By default the
            shape is inferred by tracing `function`.
        mask: optional output mask: a function `(inputs, mask) -> mask`
            or a fixed mask value. When given, the layer supports masking.
        arguments: optional dict of keyword arguments for `function`.

    Input/output shapes: whatever `function` takes and returns.
    """

    def __init__(
        self, function, output_shape=None, mask=None, arguments=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        if not callable(function):
            raise ValueError(
                "Argument `function` of the Lambda layer must be callable. "
                f"Received: function={function}"
            )
        if arguments is not None and not isinstance(arguments, dict):
            raise ValueError(
                "Argument `arguments` of the Lambda layer must be a dict. "
                f"Received: arguments={arguments}"
            )
        self.function = function
        self.arguments = dict(arguments or {})
        self.mask = mask
        self.supports_masking = mask is not None
        self._output_shape = output_shape
        params = _parameter_names(function)
        self._fn_expects_training_arg = "training" in params
        self._fn_expects_mask_arg = "mask" in params
        self.built = True
        # A recorded sub-graph to evaluate instead of calling `function`
        # on arrays (see `kerax.backend.lambda_graph`); kept untracked.
        self.__dict__["_graph_replay"] = None

    def __call__(self, *args, **kwargs):
        if _GRAPH_RECORDER is not None and args and any_symbolic(
            args, kwargs
        ):
            self._record_graph(args[0], kwargs)
        return super().__call__(*args, **kwargs)

    def _record_graph(self, inputs, call_kwargs):
        """Keeps the function's symbolic result on `inputs` when it takes
        `K.gradients`, whose relations only the graph holds."""
        kwargs = dict(self.arguments)
        if self._fn_expects_mask_arg:
            kwargs["mask"] = call_kwargs.get("mask")
        if self._fn_expects_training_arg:
            kwargs["training"] = call_kwargs.get("training")
        replay = _GRAPH_RECORDER(self.function, inputs, kwargs)
        if replay is None:
            return
        if self._graph_replay is not None:
            raise ValueError(
                f"The Lambda layer '{self.name}' takes K.gradients through "
                "the model's graph, so it can be called on one set of "
                "tensors only; it was called again. Create one Lambda per "
                "call."
            )
        self.__dict__["_graph_replay"] = replay

    def call(self, inputs, mask=None, training=None):
        if self._graph_replay is not None:
            return self._graph_replay(inputs, training)
        kwargs = dict(self.arguments)
        if self._fn_expects_mask_arg:
            kwargs["mask"] = mask
        if self._fn_expects_training_arg:
            kwargs["training"] = training
        return self.function(inputs, **kwargs)

    def compute_mask(self, inputs, mask=None):
        if callable(self.mask):
            return self.mask(inputs, mask)
        return self.mask

    def compute_output_spec(self, inputs, *args, **kwargs):
        if self._output_shape is None:
            return super().compute_output_spec(inputs, *args, **kwargs)
        input_shape = tree_util.tree_map(
            lambda t: tuple(t.shape), inputs,
            is_leaf=lambda t: isinstance(t, KerasTensor),
        )
        if callable(self._output_shape):
            shape = self._output_shape(input_shape)
        else:
            batch = tree_util.tree_leaves(
                inputs, is_leaf=lambda t: isinstance(t, KerasTensor)
            )[0].shape[0]
            shape = _map_shapes(
                lambda s: (batch,) + tuple(s), self._output_shape
            )
        return _map_shapes(
            lambda s: KerasTensor(tuple(s), self.compute_dtype), shape
        )

    def get_config(self):
        config = super().get_config()
        config["function"] = _serialize_function(self.function)
        if self._output_shape is not None:
            if callable(self._output_shape):
                config["output_shape"] = _serialize_function(
                    self._output_shape
                )
            else:
                config["output_shape"] = self._output_shape
        if self.mask is not None:
            config["mask"] = (
                _serialize_function(self.mask) if callable(self.mask)
                else _serialize_value(self.mask)
            )
        config["arguments"] = _serialize_value(self.arguments)
        return config

    @classmethod
    def config_runs_code(cls, config):
        """True when rebuilding from `config` would run stored bytecode (a
        saved Python `lambda`): loaders refuse it in safe mode."""
        config = _from_keras2(dict(config))
        return any(
            isinstance(config.get(key), dict)
            and config[key].get("class_name") == "__lambda__"
            for key in ("function", "output_shape", "mask")
        )

    @classmethod
    def from_config(cls, config, custom_objects=None, safe_mode=None):
        """Rebuilds the layer; a Python `lambda` needs `safe_mode=False`.
        Keras 2's layout (`function_type`, `"function": [code, defaults,
        closure]`) is read too."""
        config = _from_keras2(dict(config))
        if safe_mode is None:
            safe_mode = _ambient_safe_mode()
        config["function"] = _deserialize_function(
            config["function"], custom_objects, safe_mode
        )
        if "output_shape" in config:
            value = config["output_shape"]
            if isinstance(value, dict):
                config["output_shape"] = _deserialize_function(
                    value, custom_objects, safe_mode
                )
            elif _is_shape(value):
                config["output_shape"] = tuple(value)
            else:
                config["output_shape"] = [tuple(s) for s in value]
        if isinstance(config.get("mask"), dict):
            value = config["mask"]
            if value.get("class_name") in ("__lambda__", "function"):
                config["mask"] = _deserialize_function(
                    value, custom_objects, safe_mode
                )
            else:
                config["mask"] = _deserialize_value(value)
        if "arguments" in config:
            config["arguments"] = _deserialize_value(config["arguments"])
        return super().from_config(config)


# ------------------------------------------------------- Keras 2 layout
# Keras 2 stored each callable argument as the value plus a `<key>_type`
# ("lambda": marshalled `[code, defaults, closure]`, "function": a name,
# "raw": a plain value) and a `<key>_module` (for `function`: `module`).
_KERAS2_KEYS = {"function": ("function_type", "module"),
                "output_shape": ("output_shape_type", "output_shape_module"),
                "mask": ("mask_type", "mask_module")}


def _is_keras2_dump(value):
    return isinstance(value, (list, tuple)) and len(value) == 3 and (
        isinstance(value[0], str))


def _from_keras2(config):
    """`config` with Keras 2's callable layouts turned into Keras 3's."""
    for key, (type_key, module_key) in _KERAS2_KEYS.items():
        kind = config.pop(type_key, None)
        module = config.pop(module_key, None)
        value = config.get(key)
        if kind == "lambda" or (
            key == "function" and kind is None and _is_keras2_dump(value)
        ):
            code, defaults, closure = (
                value if _is_keras2_dump(value) else (value, None, None))
            config[key] = {"class_name": "__lambda__", "config": {
                "code": code, "defaults": defaults, "closure": closure}}
        elif kind == "function" and isinstance(value, str):
            config[key] = {"class_name": "function", "config": value,
                           "module": module}
        elif kind not in (None, "raw", "lambda", "function"):
            raise ValueError(
                f"Unknown `{type_key}` in a Keras 2 Lambda config: expected "
                f"'lambda', 'function' or 'raw'. Received: {type_key}="
                f"{kind!r}")
    for key in ("output_shape", "mask"):
        if key in config and config[key] is None:
            del config[key]
    return config


# ---------------------------------------------------- function (de)serialize
def func_dump(func):
    """`(code, defaults, closure)` of a function: Keras's layout, the code
    being its marshalled bytecode in base64."""
    raw_code = marshal.dumps(func.__code__)
    code = codecs.encode(raw_code, "base64").decode("ascii")
    closure = None
    if func.__closure__:
        closure = tuple(cell.cell_contents for cell in func.__closure__)
    return code, func.__defaults__, closure


def func_load(code, defaults=None, closure=None, globs=None):
    """Rebuilds a function from `func_dump`'s output (runs its bytecode:
    only for trusted input)."""
    if isinstance(code, (tuple, list)):
        code, defaults, closure = code
    if isinstance(defaults, list):
        defaults = tuple(defaults)
    if closure is not None:
        closure = tuple(types.CellType(value) for value in closure)
    raw_code = codecs.decode(code.encode("ascii"), "base64")
    code = marshal.loads(raw_code)
    if globs is None:
        globs = _lambda_globals()
    return types.FunctionType(
        code, globs, name=code.co_name, argdefs=defaults, closure=closure
    )


def _lambda_globals():
    return {
        "__builtins__": builtins,
        **_PACKAGE_NAMES,
        "ops": ops,
        "np": np,
    }


def _serialize_function(fn):
    if isinstance(fn, types.LambdaType) and fn.__name__ == "<lambda>":
        code, defaults, closure = func_dump(fn)
        return {
            "class_name": "__lambda__",
            "config": {
                "code": code,
                "defaults": defaults,
                "closure": closure,
            },
        }
    if isinstance(fn, types.FunctionType) or inspect.isbuiltin(fn):
        return {
            "module": "builtins",
            "class_name": "function",
            "config": get_registered_name(fn),
            "registered_name": "function",
        }
    if hasattr(fn, "get_config"):
        cls = fn.__class__
        return {
            "module": cls.__module__,
            "class_name": cls.__name__,
            "config": fn.get_config(),
            "registered_name": get_registered_name(cls),
        }
    raise ValueError(
        "Invalid input type for serialization: a Lambda layer can save a "
        "function, a Python lambda or an object with `get_config`. "
        f"Received: {fn} of type {type(fn)}."
    )


def _deserialize_function(config, custom_objects, safe_mode):
    if not isinstance(config, dict):
        return config
    if config.get("class_name") == "__lambda__":
        if safe_mode:
            raise ValueError(
                "Requested the deserialization of a `Lambda` layer whose "
                "`function` is a Python lambda. This carries a potential "
                "risk of arbitrary code execution and thus it is disallowed "
                "by default. If you trust the source of the artifact, pass "
                "`safe_mode=False` to the loading function (or to "
                "`Lambda.from_config`)."
            )
        inner = config["config"]
        if "value" in inner:  # serialize_keras_object's lambda layout
            return func_load(inner["value"])
        return func_load(
            inner["code"], defaults=inner.get("defaults"),
            closure=inner.get("closure"),
        )
    name = config.get("config")
    if config.get("class_name") == "function":
        custom = {**get_custom_objects(), **(custom_objects or {})}
        if name in custom:
            return custom[name]
        for module in (activations, ops):
            fn = getattr(module, name, None) if isinstance(name, str) else None
            if callable(fn):
                return fn
        raise ValueError(
            f"Could not locate function '{name}' for the Lambda layer. Pass "
            "it in `custom_objects` or register it with "
            "`kerax.saving.register_keras_serializable()`."
        )
    custom = {**get_custom_objects(), **(custom_objects or {})}
    cls = custom.get(config.get("registered_name")) or custom.get(
        config.get("class_name")
    )
    if cls is None:
        raise ValueError(
            f"Could not locate class '{config.get('class_name')}' for the "
            "Lambda layer. Pass it in `custom_objects`."
        )
    return cls.from_config(config.get("config") or {})


def _serialize_value(value):
    """Keras's layout for `arguments` values (arrays as `__numpy__`)."""
    if isinstance(value, dict):
        return {k: _serialize_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_serialize_value(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if hasattr(value, "shape") and hasattr(value, "dtype"):
        array = np.asarray(value)
        kind = "__numpy__" if isinstance(value, np.ndarray) else "__tensor__"
        return {
            "class_name": kind,
            "config": {"value": array.tolist(), "dtype": str(array.dtype)},
        }
    if callable(value):
        return _serialize_function(value)
    return value


def _deserialize_value(value):
    if isinstance(value, dict):
        kind = value.get("class_name")
        if kind in ("__numpy__", "__tensor__"):
            inner = value["config"]
            return np.array(inner["value"], dtype=inner["dtype"])
        return {k: _deserialize_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deserialize_value(v) for v in value]
    return value


# ------------------------------------------------------------------ helpers
def _ambient_safe_mode():
    return in_safe_mode() is not False


def _parameter_names(function):
    try:
        return set(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return set()


def _is_shape(value):
    return isinstance(value, (tuple, list)) and all(
        d is None or (isinstance(d, int) and not isinstance(d, bool))
        for d in value
    )


def _map_shapes(fn, structure):
    if _is_shape(structure):
        return fn(structure)
    if isinstance(structure, dict):
        return {k: _map_shapes(fn, v) for k, v in structure.items()}
    return [_map_shapes(fn, s) for s in structure]
