"""Functional and Sequential model configs in Keras 3's schema (and Keras 2's).

A functional config lists every layer with its `inbound_nodes`: the call
arguments, where each input tensor is `{"class_name": "__keras_tensor__",
"config": {"shape", "dtype", "keras_history": [layer, node, tensor]}}`;
`input_layers`/`output_layers` give the model's ends. Keras 2 configs
(nested-list `inbound_nodes`, `batch_input_shape`) are read too. Ops
applied to tensors (kerax `OpLayer`s) are written as Keras operations
(`"module": "keras.src.ops.numpy", "class_name": "Add"`).

Graph tier of `kerax.graph` (below `kerax.models` and `kerax.saving`).
The layers inside a config are written and read by `kerax.saving`'s
serializer; this module reaches it through one registration point,
`set_codec(ConfigCodec(...))`, which `kerax.saving.config_codec` fills
when it is imported (`kerax.saving` imports it).

>>> import kerax
>>> x = kerax.Input((3,), name="x")
>>> model = kerax.Model(x, kerax.layers.Dense(2, name="out")(x))
>>> config = functional_get_config(model)
>>> config["input_layers"], config["output_layers"]
(['x', 0, 0], ['out', 0, 0])
>>> clone = functional_from_config(kerax.models.Functional, config)
>>> [layer.name for layer in clone.layers]
['x', 'out']
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from jax import tree_util

from kerax import ops
from kerax.core import dtype_policy
from kerax.core.custom_objects import custom_object_scope
from kerax.core.naming import to_snake_case
from kerax.graph.keras_tensor import KerasTensor
from kerax.graph.op_layer import OpLayer
from kerax.layers.core.input_layer import InputLayer
from kerax.support.file_errors import DeserializationError

_TENSOR = "__keras_tensor__"


@dataclasses.dataclass(frozen=True)
class ConfigCodec:
    """What a model config needs from the serializer (`kerax.saving`).

    Args:
        serialize: object -> its JSON-compatible config (layers, and the
            non-tensor values of call arguments).
        deserialize: a nested config value -> the object it describes.
        layer_from_entry: a config's layer entry -> a new layer.
        skips_first_node: whether Keras 2 numbers a layer entry's calls
            from 1 (nested models built from Inputs).
    """

    serialize: Callable[[Any], Any]
    deserialize: Callable[[Any], Any]
    layer_from_entry: Callable[[dict], Any]
    skips_first_node: Callable[[dict], bool]


_CODEC: list[ConfigCodec] = []


def set_codec(codec: ConfigCodec) -> None:
    """Registers the serializer of the layers inside model configs."""
    _CODEC[:] = [codec]


def codec() -> ConfigCodec:
    """The registered `ConfigCodec` (a RuntimeError when none is)."""
    if not _CODEC:
        raise RuntimeError(
            "kerax.graph.config: no serializer is registered for model "
            "configs; `import kerax.saving` registers it."
        )
    return _CODEC[0]


# ------------------------------------------------------------ writing
def _op_entry(layer, name):
    fn = layer.fn
    module = getattr(fn, "__module__", "") or ""
    family = module.split(".")[-1].split("_")[0] if module.startswith(
        "kerax.ops") else "numpy"
    class_name = "".join(p.capitalize() for p in fn.__name__.split("_"))
    return {
        "module": f"keras.src.ops.{family}",
        "class_name": class_name,
        "config": {"name": name},
        "registered_name": class_name,
    }


def _is_op(layer):
    return isinstance(layer, OpLayer)


def functional_get_config(model):
    """Keras 3's config dict of a kerax `Functional` model."""
    serialize_keras_object = codec().serialize
    kept = {id(n) for n in model._functional_nodes}
    kept.update(id(t._keras_history[0]._inbound_nodes[t._keras_history[1]])
                for t in model._graph_inputs)
    names, used = {}, set()
    for layer in model.operations:
        name = layer.name
        suffix = 0
        while name in used:
            suffix += 1
            name = f"{layer.name}_{suffix}"
        used.add(name)
        names[id(layer)] = name
    local = {}  # id(node) -> index among the layer's kept nodes
    for layer in model.operations:
        index = 0
        for node in layer._inbound_nodes:
            if id(node) in kept:
                local[id(node)] = index
                index += 1

    def history(tensor):
        layer, node_index, tensor_index = tensor._keras_history
        node = layer._inbound_nodes[node_index]
        return [names[id(layer)], local[id(node)], tensor_index]

    def encode(value):
        if isinstance(value, KerasTensor):
            return {"class_name": _TENSOR, "config": {
                "shape": list(value.shape), "dtype": value.dtype,
                "keras_history": history(value)}}
        if isinstance(value, (list, tuple)):
            return [encode(v) for v in value]
        if isinstance(value, dict):
            return {k: encode(v) for k, v in value.items()}
        return serialize_keras_object(value)

    layers = []
    for layer in model.operations:
        name = names[id(layer)]
        if _is_op(layer):
            entry = _op_entry(layer, name)
        else:
            entry = serialize_keras_object(layer)
        entry["name"] = name
        entry["inbound_nodes"] = [
            {"args": encode(list(node.call_args)),
             "kwargs": encode(dict(node.call_kwargs))}
            for node in layer._inbound_nodes
            if id(node) in kept and not node.is_input
        ]
        layers.append(entry)

    def ends(struct):
        if isinstance(struct, dict):
            return {k: history(v) for k, v in struct.items()}
        if isinstance(struct, (list, tuple)):
            return [history(v) for v in struct]
        return history(struct)

    return {
        "name": model.name,
        "trainable": model.trainable,
        "layers": layers,
        "input_layers": ends(model._inputs_struct),
        "output_layers": ends(model._outputs_struct),
    }


def sequential_get_config(model):
    """Keras 3's config dict of a kerax `Sequential` model."""
    serialize_keras_object = codec().serialize
    layers = []
    if model._input_layer is not None:
        layers.append(serialize_keras_object(model._input_layer))
    layers.extend(serialize_keras_object(layer) for layer in model.layers)
    config = {
        "name": model.name,
        "trainable": model.trainable,
        "dtype": dtype_policy.serialize(model.dtype_policy),
        "layers": layers,
    }
    if model._input_layer is not None:
        config["build_input_shape"] = list(model._input_layer.batch_shape)
    return config


# ------------------------------------------------------------ reading
def _is_op_entry(entry):
    module = str(entry.get("module") or "")
    return ".ops." in module or module.endswith(".ops")


def _make_op(entry, name):
    fn_name = to_snake_case(entry["class_name"])
    fn = getattr(ops, fn_name, None)
    if fn is None or fn_name.startswith("_") or not callable(fn):
        raise DeserializationError(
            f"Unknown operation '{entry['class_name']}' (layer '{name}') in "
            "the model config: it has no `kerax.ops` counterpart."
        )
    raw = getattr(fn, "__wrapped_op__", fn)
    static = {k: v for k, v in (entry.get("config") or {}).items()
              if k != "name"}
    return OpLayer(raw, (), static, name=name), static


def _normalize_nodes(raw_nodes):
    """Keras 2 nested lists -> Keras 3 `{"args", "kwargs"}` dicts."""
    nodes = []
    for node in raw_nodes or []:
        if isinstance(node, dict):
            nodes.append(node)
            continue
        tensors, kwargs = [], {}
        for item in node:
            layer_name, node_index, tensor_index = item[:3]
            if len(item) > 3 and isinstance(item[3], dict):
                kwargs = item[3]
            tensors.append({"class_name": _TENSOR, "config": {
                "keras_history": [layer_name, node_index, tensor_index]}})
        args = [tensors[0]] if len(tensors) == 1 else [tensors]
        nodes.append({"args": args, "kwargs": dict(kwargs)})
    return nodes


class _Graph:
    """Rebuilds the layer calls of a functional config."""

    def __init__(self):
        self.layers = {}
        self.outputs = {}  # (layer name, node index) -> output tensors

    def tensor(self, history):
        name, node_index, tensor_index = history[:3]
        key = (name, int(node_index))
        if key not in self.outputs:
            raise KeyError(key)
        return self.outputs[key][int(tensor_index)]

    def decode(self, value):
        if isinstance(value, dict):
            if value.get("class_name") == _TENSOR:
                return self.tensor(value["config"]["keras_history"])
            if "class_name" in value and "config" in value:
                return codec().deserialize(value)
            return {k: self.decode(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.decode(v) for v in value]
        return value

    def run(self, name, node, static):
        layer = self.layers[name]
        args = self.decode(node.get("args", []))
        kwargs = self.decode(node.get("kwargs", {}))
        kwargs = {**static, **kwargs}
        outputs = layer(*args, **kwargs)
        if "training" in kwargs:
            _mark_training_overridable(outputs)
        index = sum(1 for key in self.outputs if key[0] == name)
        self.outputs[(name, index)] = tree_util.tree_leaves(outputs)


def _mark_training_overridable(outputs):
    """A `training` value read from a file yields to the model call's own.

    Keras 3 writes the `training` its symbolic call happened to see into
    every node (`RandomFlip` gets True, `Dropout` False) and, when the model
    is called with `training` set, replaces it. Nodes built by kerax code
    keep an explicit `training=` (Keras 2's Monte Carlo dropout idiom).
    """
    for tensor in tree_util.tree_leaves(outputs):
        history = getattr(tensor, "_keras_history", None)
        if history is not None:
            operation, node_index, _ = history
            operation._inbound_nodes[node_index].training_overridable = True


def _ends(graph, spec, what):
    if isinstance(spec, dict):
        return {k: graph.tensor(v) for k, v in spec.items()}
    if isinstance(spec, list) and spec and isinstance(spec[0], str):
        return graph.tensor(spec)
    if isinstance(spec, list):
        return [graph.tensor(v) for v in spec]
    raise DeserializationError(f"Invalid `{what}` in model config: {spec!r}")


def _unshift_keras2_nodes(config):
    """Keras 2 configs number a nested model's calls from 1 (node 0 is the
    model's creation node, see `legacy_writer.skips_first_node`): the
    references to them are shifted back to kerax's numbering from 0.
    Configs written by kerax before it wrote that shift (some reference
    to node 0 of the nested model) are left as they are."""
    skips_first_node = codec().skips_first_node
    entries = config.get("layers") or []
    if not any(isinstance(entry.get("inbound_nodes"), list) and any(
        isinstance(node, list) for node in entry["inbound_nodes"]
    ) for entry in entries if isinstance(entry, dict)):
        return config  # Keras 3 schema
    names = {entry.get("name") or (entry.get("config") or {}).get("name")
             for entry in entries if skips_first_node(entry)}
    if not names:
        return config

    def histories():
        for entry in entries:
            for node in entry.get("inbound_nodes") or []:
                if isinstance(node, list):
                    yield from (item for item in node
                                if isinstance(item, list))
        for key in ("input_layers", "output_layers"):
            spec = config.get(key)
            if isinstance(spec, dict):
                yield from spec.values()
            elif isinstance(spec, list) and spec and isinstance(
                spec[0], str
            ):
                yield spec
            elif isinstance(spec, list):
                yield from spec

    names -= {item[0] for item in histories()
              if len(item) > 1 and item[0] in names and int(item[1]) == 0}
    if not names:
        return config

    def unshift(item):
        if isinstance(item, list) and len(item) > 1 and item[0] in names:
            return [item[0], int(item[1]) - 1] + list(item[2:])
        return item

    def ends(spec):
        if isinstance(spec, dict):
            return {k: unshift(v) for k, v in spec.items()}
        if isinstance(spec, list) and spec and isinstance(spec[0], str):
            return unshift(spec)
        if isinstance(spec, list):
            return [unshift(v) for v in spec]
        return spec

    layers = []
    for entry in entries:
        nodes = entry.get("inbound_nodes")
        if isinstance(nodes, list):
            entry = dict(entry)
            entry["inbound_nodes"] = [
                [unshift(item) for item in node] if isinstance(node, list)
                else node for node in nodes]
        layers.append(entry)
    result = dict(config)
    result["layers"] = layers
    for key in ("input_layers", "output_layers"):
        if key in config:
            result[key] = ends(config[key])
    return result


def build_functional(cls, config):
    """Rebuilds a functional model of class `cls` (called as
    `cls(inputs, outputs, name=..., trainable=...)`) from a Keras 3 or
    Keras 2 config."""
    config = _unshift_keras2_nodes(config)
    graph = _Graph()
    pending: list[tuple[Any, Any, Any]] = []
    for entry in config["layers"]:
        name = entry.get("name") or (entry.get("config") or {}).get("name")
        if name in graph.layers:
            raise DeserializationError(
                f"Duplicate layer name '{name}' in the model config."
            )
        static = {}
        if _is_op_entry(entry):
            layer, static = _make_op(entry, name)
        else:
            layer = codec().layer_from_entry(entry)
        graph.layers[name] = layer
        if isinstance(layer, InputLayer):
            graph.outputs[(name, 0)] = [layer.output_tensor]
        for node in _normalize_nodes(entry.get("inbound_nodes")):
            pending.append((name, node, static))
    while pending:
        remaining: list[tuple[Any, Any, Any]] = []
        for name, node, static in pending:
            if any(item[0] == name for item in remaining):
                remaining.append((name, node, static))  # keep node order
                continue
            try:
                graph.run(name, node, static)
            except KeyError:
                remaining.append((name, node, static))
        if len(remaining) == len(pending):
            missing = sorted({name for name, _, _ in remaining})
            raise DeserializationError(
                "The model config's layer graph cannot be rebuilt: the "
                f"inputs of layer(s) {missing} are never produced."
            )
        pending = remaining
    inputs = _ends(graph, config["input_layers"], "input_layers")
    outputs = _ends(graph, config["output_layers"], "output_layers")
    # A one-element list is a single tensor (as Keras reads Keras 2 files).
    if isinstance(inputs, list) and len(inputs) == 1:
        inputs = inputs[0]
    if isinstance(outputs, list) and len(outputs) == 1:
        outputs = outputs[0]
    kwargs = {"name": config.get("name")}
    if "trainable" in config:
        kwargs["trainable"] = config["trainable"]
    # A `Model` subclass built from inputs and outputs mixes in Functional.
    return cls(inputs, outputs, **kwargs)


def build_sequential(cls, config):
    """Rebuilds a Sequential model of class `cls` (Keras 3 or Keras 2
    config)."""
    if isinstance(config, list):  # Keras 1 / early Keras 2
        config = {"layers": config}
    layers = [codec().layer_from_entry(entry) for entry in config["layers"]]
    kwargs = {"name": config.get("name")}
    if "trainable" in config:
        kwargs["trainable"] = config["trainable"]
    model = cls(**kwargs)
    for layer in layers:
        model.add(layer, rebuild=False)
    shape = config.get("build_input_shape")
    if model._input_layer is not None and model.layers:
        model._maybe_rebuild()
    elif shape is not None and model.layers:
        model.build(tuple(shape))
    return model


def rebuild(build, cls, config, custom_objects=None):
    """`build(cls, config)` (`build_functional` or `build_sequential`)
    with `custom_objects` in scope; a malformed config is reported as a
    DeserializationError naming the model."""
    with custom_object_scope(custom_objects):
        try:
            return build(cls, config)
        except DeserializationError:
            raise
        except (KeyError, TypeError, IndexError, AttributeError) as error:
            name = config.get("name") if isinstance(config, dict) else None
            raise DeserializationError(
                f"Invalid model config for '{name}': "
                f"{type(error).__name__}: {error}"
            ) from error


def functional_from_config(cls, config, custom_objects=None):
    """A functional model of class `cls` from its config (the
    `from_config` of `Functional`)."""
    return rebuild(build_functional, cls, config, custom_objects)


def sequential_from_config(cls, config, custom_objects=None):
    """A Sequential model of class `cls` from its config (the
    `from_config` of `Sequential`)."""
    return rebuild(build_sequential, cls, config, custom_objects)

