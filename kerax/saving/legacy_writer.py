"""Keras 2 style model configs for the legacy `.h5` writer.

Keras 3 dicts lose their `module`/`registered_name`/`build_config` keys,
dtype policies become dtype names, `InputLayer`'s `batch_shape` becomes
`batch_input_shape`, and functional `inbound_nodes` become Keras 2's nested
lists `[[[layer_name, node_index, tensor_index, kwargs], ...]]`.

>>> strip_modules({"module": "keras.initializers", "class_name": "Zeros",
...                "config": {}, "registered_name": None})
{'class_name': 'Zeros', 'config': {}}
"""

from __future__ import annotations

_DROPPED = ("module", "registered_name", "build_config", "compile_config",
            "shared_object_id")


def strip_modules(value):
    """Keras 3 object dicts -> Keras 2 `{"class_name", "config"}`."""
    if isinstance(value, list):
        return [strip_modules(v) for v in value]
    if not isinstance(value, dict):
        return value
    if value.get("class_name") in ("DTypePolicy", "FloatDTypePolicy") and (
        isinstance(value.get("config"), dict)
    ):
        return value["config"].get("name")
    if value.get("class_name") == "function" and "config" in value:
        return value["config"]
    result = {k: strip_modules(v) for k, v in value.items()
              if k not in _DROPPED}
    if result.get("class_name") == "InputLayer":
        config = dict(result.get("config") or {})
        if "batch_shape" in config:
            config["batch_input_shape"] = config.pop("batch_shape")
        config.pop("optional", None)
        result["config"] = config
    if "activation" in result and result["activation"] == (
        "hard_sigmoid_legacy"
    ):
        result["activation"] = "hard_sigmoid"
    if result.get("recurrent_activation") == "hard_sigmoid_legacy":
        result["recurrent_activation"] = "hard_sigmoid"
    return result


def _tensors(value, found):
    if isinstance(value, dict) and value.get("class_name") == (
        "__keras_tensor__"
    ):
        found.append(list(value["config"]["keras_history"]))
    elif isinstance(value, list):
        for item in value:
            _tensors(item, found)
    elif isinstance(value, dict):
        for item in value.values():
            _tensors(item, found)
    return found


def _legacy_nodes(nodes):
    result = []
    for node in nodes:
        found = _tensors(node.get("args", []), [])
        kwargs = {k: strip_modules(v) for k, v in
                  (node.get("kwargs") or {}).items()
                  if not _tensors(v, [])}
        result.append([history + [kwargs] for history in found])
    return result


def _legacy_functional(config):
    layers = []
    for entry in config["layers"]:
        nodes = entry.get("inbound_nodes", [])
        legacy = strip_modules({k: v for k, v in entry.items()
                                if k != "inbound_nodes"})
        legacy["inbound_nodes"] = _legacy_nodes(nodes)
        layers.append(legacy)

    def ends(spec):
        if isinstance(spec, dict):
            return [list(v) for v in spec.values()]
        if spec and isinstance(spec[0], str):
            return [list(spec)]
        return [list(v) for v in spec]

    return {
        "name": config["name"],
        "layers": layers,
        "input_layers": ends(config["input_layers"]),
        "output_layers": ends(config["output_layers"]),
    }


def legacy_model_config(model):
    """The Keras 2 config dict of a kerax model."""
    from kerax.saving.serialization import serialize_keras_object

    full = serialize_keras_object(model)
    config = full["config"]
    if full["class_name"] == "Sequential" or "input_layers" not in config:
        inner = strip_modules(config)
        inner.pop("build_input_shape", None)
        return {"class_name": full["class_name"], "config": inner}
    return {"class_name": "Functional", "config": _legacy_functional(config)}
