"""Keras 2 style model configs for the legacy `.h5` writer.

Keras 3 dicts lose their `module`/`registered_name`/`build_config` keys,
dtype policies become dtype names, `InputLayer`'s `batch_shape` becomes
`batch_input_shape`, and functional models are `Model`s whose
`inbound_nodes` are Keras 2's nested lists
`[[[layer_name, node_index, tensor_index, kwargs], ...]]`.

Keras 2.3 could not read Keras 3's extra arguments, so what Keras 2.3's
`get_config` wrote is what is written: initializers take Keras 2.3's
arguments (Glorot/He/LeCun become the `VarianceScaling` they were in
Keras 2.3), layers of the classes Keras 2.3 had lose the Keras 3-only
arguments that hold their default value (`groups=1`,
`quantization_config=None`, ...) and gain the Keras 2.3 ones kerax does not
keep (`activity_regularizer`, `Embedding`'s `input_length`, the RNNs'
`implementation`), and optimizers get Keras 2.3's config (no `name`, no
Keras 3 fields left at their defaults, `decay` when not 0). A Keras 3-only
argument with another value is kept: dropping it would change the model.

>>> strip_modules({"module": "keras.initializers", "class_name": "Zeros",
...                "config": {}, "registered_name": None})
{'class_name': 'Zeros', 'config': {}}
>>> strip_modules({"class_name": "GlorotUniform", "config": {
...     "seed": None, "input_axes": None, "output_axes": None}})["config"]
{'scale': 1.0, 'mode': 'fan_avg', 'distribution': 'uniform', 'seed': None}
>>> legacy_optimizer_config({"class_name": "RMSprop", "config": {
...     "name": "rmsprop", "learning_rate": 0.001, "weight_decay": None,
...     "use_ema": False, "rho": 0.9, "momentum": 0.0, "epsilon": 1e-07,
...     "centered": False, "decay": 1e-6}})["config"]
{'learning_rate': 0.001, 'rho': 0.9, 'decay': 1e-06, 'epsilon': 1e-07}
"""

from __future__ import annotations

from typing import Any

_DROPPED = ("module", "registered_name", "build_config", "compile_config",
            "shared_object_id")

# ------------------------------------------------ Keras 2.3's get_config
# Initializer class -> the arguments Keras 2.3 wrote.
_INITIALIZER_KEYS = {
    "Zeros": (), "Ones": (), "Constant": ("value",),
    "RandomNormal": ("mean", "stddev", "seed"),
    "RandomUniform": ("minval", "maxval", "seed"),
    "TruncatedNormal": ("mean", "stddev", "seed"),
    "VarianceScaling": ("scale", "mode", "distribution", "seed"),
    "Orthogonal": ("gain", "seed"),
    "Identity": ("gain",),
}
_INITIALIZER_DEFAULTS = {"gain": 1.0, "value": 0.0, "mean": 0.0,
                         "stddev": 0.05, "minval": -0.05, "maxval": 0.05,
                         "seed": None}
# Keras 2.3's glorot_uniform() & co. were `VarianceScaling` instances.
_VARIANCE_PRESETS = {
    "GlorotUniform": (1.0, "fan_avg", "uniform"),
    "GlorotNormal": (1.0, "fan_avg", "normal"),
    "HeUniform": (2.0, "fan_in", "uniform"),
    "HeNormal": (2.0, "fan_in", "normal"),
    "LecunUniform": (1.0, "fan_in", "uniform"),
    "LecunNormal": (1.0, "fan_in", "normal"),
}

_DENSE = ("units", "activation", "use_bias", "kernel_initializer",
          "bias_initializer", "kernel_regularizer", "bias_regularizer",
          "activity_regularizer", "kernel_constraint", "bias_constraint")
_CONV = ("filters", "kernel_size", "strides", "padding", "data_format",
         "dilation_rate") + _DENSE[1:]
_POOL = ("pool_size", "padding", "strides", "data_format")
_RNN = ("return_sequences", "return_state", "go_backwards", "stateful",
        "unroll", "units", "activation", "use_bias", "kernel_initializer",
        "recurrent_initializer", "bias_initializer", "kernel_regularizer",
        "recurrent_regularizer", "bias_regularizer", "activity_regularizer",
        "kernel_constraint", "recurrent_constraint", "bias_constraint",
        "dropout", "recurrent_dropout")
# Layer class -> the arguments Keras 2.3 wrote besides `name`, `trainable`,
# `dtype` and `batch_input_shape`.
_LAYER_KEYS = {
    "InputLayer": ("batch_shape", "sparse"),  # batch_shape: renamed below
    "Dense": _DENSE,
    "Conv1D": _CONV, "Conv2D": _CONV, "Conv3D": _CONV,
    "MaxPooling1D": _POOL, "MaxPooling2D": _POOL, "MaxPooling3D": _POOL,
    "AveragePooling1D": _POOL, "AveragePooling2D": _POOL,
    "AveragePooling3D": _POOL,
    "Dropout": ("rate", "noise_shape", "seed"),
    "Flatten": ("data_format",),
    "Activation": ("activation",),
    "BatchNormalization": (
        "axis", "momentum", "epsilon", "center", "scale", "beta_initializer",
        "gamma_initializer", "moving_mean_initializer",
        "moving_variance_initializer", "beta_regularizer",
        "gamma_regularizer", "beta_constraint", "gamma_constraint"),
    "Embedding": ("input_dim", "output_dim", "embeddings_initializer",
                  "embeddings_regularizer", "activity_regularizer",
                  "embeddings_constraint", "mask_zero", "input_length"),
    "SimpleRNN": _RNN,
    "LSTM": _RNN + ("recurrent_activation", "unit_forget_bias",
                    "implementation"),
    "GRU": _RNN + ("recurrent_activation", "implementation", "reset_after"),
}
_LAYER_BASE = ("name", "trainable", "dtype", "batch_input_shape")
# Keras 2.3 arguments kerax does not write, with the value Keras 2.3 wrote.
_LAYER_ADDED = {"activity_regularizer": None, "input_length": None,
                "implementation": 2, "noise_shape": None, "seed": None}
# Keras 3-only layer arguments, dropped when they hold these values.
_KERAS3_LAYER_DEFAULTS = {
    "groups": 1, "quantization_config": None, "lora_rank": None,
    "lora_alpha": None, "synchronized": False, "renorm": False,
    "renorm_clipping": None, "renorm_momentum": 0.99, "seed": None,
    "zero_output_for_mask": False, "use_cudnn": "auto", "optional": False,
    "sparse": False, "ragged": False, "autocast": True,
}
# Optimizer class -> the hyperparameters Keras 2.3 wrote (with `decay`).
_OPTIMIZER_KEYS = {
    "SGD": ("learning_rate", "momentum", "decay", "nesterov"),
    "RMSprop": ("learning_rate", "rho", "decay", "epsilon"),
    "Adagrad": ("learning_rate", "decay", "epsilon"),
    "Adadelta": ("learning_rate", "rho", "decay", "epsilon"),
    "Adam": ("learning_rate", "beta_1", "beta_2", "decay", "epsilon",
             "amsgrad"),
    "Adamax": ("learning_rate", "beta_1", "beta_2", "decay", "epsilon"),
    "Nadam": ("learning_rate", "beta_1", "beta_2", "epsilon"),
}
# Keras 3-only optimizer fields (and Keras 2 ones Keras 2.3's class did not
# have), dropped when they hold these values.
_KERAS3_OPTIMIZER_DEFAULTS = {
    "name": None, "weight_decay": None, "clipnorm": None, "clipvalue": None,
    "global_clipnorm": None, "use_ema": False, "ema_momentum": 0.99,
    "ema_overwrite_frequency": None, "loss_scale_factor": None,
    "gradient_accumulation_steps": None, "momentum": 0.0, "centered": False,
    "initial_accumulator_value": 0.1, "decay": 0.0, "jit_compile": True,
    "is_legacy_optimizer": False,
}


def _is_default(defaults: dict[str, Any], key: str, value: Any) -> bool:
    return key in defaults and (value is defaults[key] or (
        type(value) is type(defaults[key]) and value == defaults[key]) or (
        isinstance(value, float) and isinstance(defaults[key], float)
        and value == defaults[key]))


def _keras2_initializer(class_name: str, config: dict[str, Any],
                        ) -> tuple[str, dict[str, Any]]:
    """Keras 3 initializer config -> Keras 2.3's `(class_name, config)`."""
    if class_name in _VARIANCE_PRESETS:
        scale, mode, distribution = _VARIANCE_PRESETS[class_name]
        return "VarianceScaling", {"scale": scale, "mode": mode,
                                   "distribution": distribution,
                                   "seed": config.get("seed")}
    if class_name == "VarianceScaling" and (
        config.get("distribution") == "truncated_normal"
    ):
        config = {**config, "distribution": "normal"}  # Keras 2.3's name
    keys = _INITIALIZER_KEYS[class_name]
    return class_name, {key: config.get(key, _INITIALIZER_DEFAULTS.get(key))
                        for key in keys}


def _keras2_regularizer(class_name: str, config: dict[str, Any],
                        ) -> tuple[str, dict[str, Any]]:
    """Keras 2.3 had one regularizer class, `L1L2`."""
    return "L1L2", {"l1": float(config.get("l1", 0.0)),
                    "l2": float(config.get("l2", 0.0))}


def _keras2_layer(class_name: Any,
                  config: dict[str, Any]) -> dict[str, Any]:
    """Keras 2.3's arguments of a layer (see `_LAYER_KEYS`)."""
    keys = _LAYER_KEYS.get(class_name)
    result = {}
    for key, value in config.items():
        if keys is not None and (key in keys or key in _LAYER_BASE):
            result[key] = value
        elif key == "seed" and keys is None:
            result[key] = value  # unknown class: its own seed argument
        elif not _is_default(_KERAS3_LAYER_DEFAULTS, key, value):
            result[key] = value
    for key in keys or ():
        if key not in result and key in _LAYER_ADDED:
            result[key] = _LAYER_ADDED[key]
    return result


def legacy_optimizer_config(value: Any) -> Any:
    """Keras 3 optimizer config -> what Keras 2.3's `get_config` wrote:
    its hyperparameters, `clipnorm` and `clipvalue` when set; Keras
    3-only fields left at their defaults are dropped, others kept. `decay`
    is written only when not 0 (Keras 2.3 wrote `decay: 0.0`, which Keras 3
    warns about when loading)."""
    value = strip_modules(value)
    if not isinstance(value, dict) or value.get("class_name") not in (
        _OPTIMIZER_KEYS
    ):
        return value
    keys = _OPTIMIZER_KEYS[value["class_name"]]
    config = dict(value.get("config") or {})
    if "lr" in config:
        config.setdefault("learning_rate", config.pop("lr"))
        config.pop("lr", None)
    result = {}
    for key in keys:
        if key in config and not (key == "decay" and config[key] in (
            0, 0.0
        )):
            result[key] = config[key]
    for key, item in config.items():
        if key in result or key == "name":
            continue
        if not _is_default(_KERAS3_OPTIMIZER_DEFAULTS, key, item):
            result[key] = item
    return {"class_name": value["class_name"], "config": result}


def strip_modules(value: Any) -> Any:
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
    if value.get("class_name") == "Functional" and isinstance(
        value.get("config"), dict
    ) and "input_layers" in value["config"]:
        # A nested functional model: Keras 2.3 named the class `Model`.
        nested = {k: strip_modules(v) for k, v in value.items()
                  if k not in _DROPPED and k != "config"}
        nested["class_name"] = "Model"
        nested["config"] = _legacy_functional(value["config"])
        return nested
    result = {k: strip_modules(v) for k, v in value.items()
              if k not in _DROPPED}
    class_name = result.get("class_name")
    config = result.get("config")
    if isinstance(config, dict):
        if class_name in _INITIALIZER_KEYS or class_name in (
            _VARIANCE_PRESETS
        ):
            result["class_name"], result["config"] = _keras2_initializer(
                class_name, config)
        elif class_name in ("L1", "L2") and set(config) <= {"l1", "l2"}:
            result["class_name"], result["config"] = _keras2_regularizer(
                class_name, config)
        elif class_name in _LAYER_KEYS or (
            "name" in config and "trainable" in config
        ):
            result["config"] = _keras2_layer(class_name, config)
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


def _tensors(value: Any, found: list[Any]) -> list[Any]:
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


def _legacy_nodes(nodes: Any) -> list[Any]:
    result = []
    for node in nodes:
        found = _tensors(node.get("args", []), [])
        kwargs = {k: strip_modules(v) for k, v in
                  (node.get("kwargs") or {}).items()
                  if not _tensors(v, [])}
        result.append([history + [kwargs] for history in found])
    return result


def skips_first_node(entry: dict[str, Any]) -> bool:
    """Whether Keras 2 counts a creation node before the calls of the layer
    written as the (Keras 2) config `entry`.

    A Keras 2 model built from `Input`s (a functional model, or a
    `Sequential` starting with an `InputLayer` or given an input shape) has
    node 0 linking its inputs to its outputs; its calls are nodes 1, 2, ...
    and a Keras 2 config's `[layer, node_index, tensor_index]` references
    count them so (Keras 2's `_should_skip_first_node`).

    >>> skips_first_node({"class_name": "Model", "config": {"layers": []}})
    True
    >>> skips_first_node({"class_name": "Dense", "config": {"units": 2}})
    False
    """
    if not isinstance(entry, dict):
        return False
    class_name = entry.get("class_name")
    config = entry.get("config")
    if class_name in ("Model", "Functional"):
        return isinstance(config, dict) and "layers" in config
    if class_name != "Sequential":
        return False
    layers = config.get("layers") if isinstance(config, dict) else config
    if not isinstance(layers, list) or not layers:
        return False
    first = layers[0]
    if not isinstance(first, dict):
        return False
    return first.get("class_name") == "InputLayer" or (
        "batch_input_shape" in (first.get("config") or {}))


def _legacy_functional(config: dict[str, Any]) -> dict[str, Any]:
    layers = []
    for entry in config["layers"]:
        nodes = entry.get("inbound_nodes", [])
        legacy = strip_modules({k: v for k, v in entry.items()
                                if k != "inbound_nodes"})
        legacy["inbound_nodes"] = _legacy_nodes(nodes)
        layers.append(legacy)
    # Keras 2 numbers the calls of a nested model from 1 (node 0 is the
    # model's own creation node): without that shift Keras 2 waits forever
    # for node 0 of the nested model when rebuilding the graph.
    shifted = {entry.get("name") or entry["config"].get("name")
               for entry in layers if skips_first_node(entry)}

    def shift(history: Any) -> list[Any]:
        history = list(history)
        if history and history[0] in shifted:
            history[1] = int(history[1]) + 1
        return history

    for entry in layers:
        entry["inbound_nodes"] = [[shift(history) for history in node]
                                  for node in entry["inbound_nodes"]]

    def ends(spec: Any) -> list[Any]:
        if isinstance(spec, dict):
            return [shift(v) for v in spec.values()]
        if spec and isinstance(spec[0], str):
            return [shift(spec)]
        return [shift(v) for v in spec]

    return {
        "name": config["name"],
        "layers": layers,
        "input_layers": ends(config["input_layers"]),
        "output_layers": ends(config["output_layers"]),
    }


def legacy_model_config(model: Any) -> dict[str, Any]:
    """The Keras 2 config dict of a kerax model."""
    from kerax.saving.serialization import serialize_keras_object

    full = serialize_keras_object(model)
    config = full["config"]
    if full["class_name"] == "Sequential" or "input_layers" not in config:
        inner = strip_modules(config)
        inner.pop("build_input_shape", None)
        return {"class_name": full["class_name"], "config": inner}
    return {"class_name": "Model", "config": _legacy_functional(config)}
