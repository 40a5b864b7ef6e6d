"""Keras 2 configs, upgraded so that kerax reproduces what Keras 2 computed.

Real Keras 3 reads some Keras 2 configs with a different meaning; kerax
fixes them before deserializing:

- `"hard_sigmoid"` (activation or `recurrent_activation`) was
  `clip(0.2 * x + 0.5, 0, 1)` in Keras 2: it becomes kerax's
  `"hard_sigmoid_legacy"`.
- A `GRU` config without `reset_after` had `reset_after=False` in Keras 2.
- Optimizer configs: `lr` is `learning_rate`; TensorFlow-only keys dropped;
  tf_keras 2.11+'s `"Custom>Adam"` is the built-in `Adam`.
- A first layer's `batch_input_shape` is a full batch shape (kerax layers
  accept it as such).

>>> upgrade_layer_config({"class_name": "Dense",
...     "config": {"units": 1, "activation": "hard_sigmoid"}})["config"]
{'units': 1, 'activation': 'hard_sigmoid_legacy'}
>>> fix_optimizer_config({"class_name": "Adam", "config": {"lr": 0.1}})
{'class_name': 'Adam', 'config': {'learning_rate': 0.1}}
"""

from __future__ import annotations

import copy
from typing import Any

_ACTIVATION_KEYS = ("activation", "recurrent_activation")
_OPTIMIZER_DROPPED = ("is_legacy_optimizer", "jit_compile",
                      "schedule_decay", "initial_accumulator_value_legacy")
_OPTIMIZER_CLASSES = {"adam": "Adam", "sgd": "SGD", "rmsprop": "RMSprop",
                      "adagrad": "Adagrad", "adadelta": "Adadelta",
                      "adamax": "Adamax", "nadam": "Nadam", "ftrl": "Ftrl"}


def is_legacy_config(config: Any) -> bool:
    """True for Keras 1/2 configs (object dicts without a `module` key)."""
    return isinstance(config, dict) and "class_name" in config and (
        "module" not in config
    )


def fix_optimizer_config(config: Any) -> Any:
    """Keras 2 optimizer config -> Keras 3 spelling (a new dict)."""
    if not isinstance(config, dict):
        return config
    config = dict(config)
    inner = dict(config.get("config") or {})
    if "lr" in inner:
        inner.setdefault("learning_rate", inner.pop("lr"))
        inner.pop("lr", None)
    for key in _OPTIMIZER_DROPPED:
        inner.pop(key, None)
    if inner.get("decay") in (0, 0.0):
        inner.pop("decay")
    config["config"] = inner
    name = str(config.get("class_name", ""))
    if name.startswith("Custom>") and name[7:].lower() in _OPTIMIZER_CLASSES:
        name = name[7:]  # tf_keras 2.11+ names its built-in optimizers so
    if name.lower() in _OPTIMIZER_CLASSES and "module" not in config:
        config["class_name"] = _OPTIMIZER_CLASSES[name.lower()]
    return config


def _fix_activation(value: Any) -> Any:
    if value == "hard_sigmoid":
        return "hard_sigmoid_legacy"
    if isinstance(value, dict) and value.get("config") == "hard_sigmoid":
        return "hard_sigmoid_legacy"
    return value


def upgrade_layer_config(entry: Any) -> Any:
    """Upgrades one Keras 2 layer dict (recursing into nested models and
    wrappers); returns a new dict."""
    if not isinstance(entry, dict) or "class_name" not in entry:
        return entry
    entry = dict(entry)
    config = entry.get("config")
    if isinstance(config, list):  # Keras 1 Sequential
        config = {"layers": config}
    if not isinstance(config, dict):
        return entry
    config = dict(config)
    for key in _ACTIVATION_KEYS:
        if key in config:
            config[key] = _fix_activation(config[key])
    class_name = entry["class_name"]
    if class_name in ("GRU", "CuDNNGRU") and "reset_after" not in config:
        config["reset_after"] = False
    if class_name == "GRUCell" and "reset_after" not in config:
        config["reset_after"] = False
    if "layers" in config and isinstance(config["layers"], list):
        config["layers"] = [upgrade_layer_config(x) for x in config["layers"]]
    for key in ("layer", "cell", "forward_layer", "backward_layer"):
        if isinstance(config.get(key), dict):
            config[key] = upgrade_layer_config(config[key])
    if isinstance(config.get("cells"), list):
        config["cells"] = [upgrade_layer_config(x) for x in config["cells"]]
    if class_name == "Model" and "layers" in config:
        entry["class_name"] = "Functional"
    entry["config"] = config
    return entry


def upgrade_model_config(config: Any) -> Any:
    """A deep-copied, upgraded Keras 2 model config (no-op for Keras 3)."""
    if not is_legacy_config(config):
        return config
    return upgrade_layer_config(copy.deepcopy(config))


def upgrade_training_config(training_config: Any) -> dict[str, Any] | None:
    """Keras 2 `training_config` -> kerax compile config."""
    if not isinstance(training_config, dict):
        return None
    config = dict(training_config)
    optimizer = config.get("optimizer_config")
    if optimizer is not None:
        config["optimizer"] = fix_optimizer_config(optimizer)
    result = {
        "optimizer": config.get("optimizer"),
        "loss": config.get("loss"),
        "loss_weights": config.get("loss_weights"),
        "metrics": config.get("metrics"),
        "weighted_metrics": config.get("weighted_metrics"),
    }
    return result
