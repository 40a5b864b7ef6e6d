"""A model's `compile()` arguments in Keras 3's saved form, and back.

The optimizer is saved from `model.optimizer` (its current
hyperparameters), losses and metrics keep their names when given as
strings and are full object dicts otherwise, as Keras writes them.

>>> import kerax
>>> model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
>>> model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
>>> config = serialize_compile_config(model)
>>> config["optimizer"]["class_name"], config["loss"], config["metrics"]
('SGD', 'mse', ['mae'])
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

# kerax.saving.serialization registers these (and imports this module):
# reaching them through core keeps the two modules out of a cycle.
from kerax.core.object_codec import (
    deserialize_keras_object,
    serialize_keras_object,
)
from kerax.support.file_errors import DeserializationError


def _map(value: Any, fn: Callable[[Any], Any]) -> Any:
    if isinstance(value, dict) and "class_name" not in value:
        return {k: _map(v, fn) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_map(v, fn) for v in value]
    return fn(value)


def _serialize_loss(loss: Any) -> Any:
    from kerax import losses

    if loss is None or isinstance(loss, str):
        return loss
    if isinstance(loss, losses.Loss) or inspect.isfunction(loss):
        return losses.serialize(loss)
    return serialize_keras_object(loss)


def _serialize_metric(metric: Any) -> Any:
    from kerax import metrics

    if metric is None or isinstance(metric, str):
        return metric
    if isinstance(metric, metrics.Metric) or inspect.isfunction(metric):
        return metrics.serialize(metric)
    return serialize_keras_object(metric)


def serialize_compile_config(model: Any) -> dict[str, Any]:
    """The JSON-able compile config of a compiled `model`."""
    raw = dict(model._compile_config or {})
    optimizer = model.optimizer
    inner = getattr(optimizer, "inner_optimizer", None)
    if inner is not None and not isinstance(raw.get("optimizer"), type(
        optimizer
    )):
        optimizer = inner  # auto-wrapped for float16: re-wrapped on compile
    jit_compile = raw.get("jit_compile", True)
    return {
        "optimizer": serialize_keras_object(optimizer),
        "loss": _map(raw.get("loss"), _serialize_loss),
        "loss_weights": serialize_keras_object(raw.get("loss_weights")),
        "metrics": _map(raw.get("metrics"), _serialize_metric),
        "weighted_metrics": _map(raw.get("weighted_metrics"),
                                 _serialize_metric),
        "run_eagerly": bool(raw.get("run_eagerly", False)),
        "steps_per_execution": raw.get("steps_per_execution", 1),
        "jit_compile": True if jit_compile == "auto" else jit_compile,
    }


def _deserialize_loss(value: Any) -> Any:
    from kerax import losses
    from kerax.saving import registration

    if value is None:
        return None
    if isinstance(value, str):
        custom = registration.get_registered_object(value)
        return custom if custom is not None else value
    return losses.deserialize(
        value, custom_objects=registration.get_custom_objects()
    )


def _deserialize_metric(value: Any) -> Any:
    from kerax import metrics
    from kerax.saving import registration

    if value is None:
        return None
    if isinstance(value, str):
        custom = registration.get_registered_object(value)
        return custom if custom is not None else value
    return metrics.deserialize(
        value, custom_objects=registration.get_custom_objects()
    )


def deserialize_compile_config(config: dict[str, Any]) -> dict[str, Any]:
    """`compile()` keyword arguments from a saved compile config."""
    if not isinstance(config, dict):
        raise DeserializationError(
            f"A compile_config must be a dict. Received: {config!r}"
        )
    try:
        optimizer = config.get("optimizer") or "rmsprop"
        if isinstance(optimizer, dict):
            optimizer = _deserialize_optimizer(optimizer)
        kwargs = {
            "optimizer": optimizer,
            "loss": _map(config.get("loss"), _deserialize_loss),
            "loss_weights": config.get("loss_weights"),
            "metrics": _map(config.get("metrics"), _deserialize_metric),
            "weighted_metrics": _map(config.get("weighted_metrics"),
                                     _deserialize_metric),
        }
    except DeserializationError:
        raise
    except (ValueError, TypeError, KeyError) as error:
        raise DeserializationError(
            f"Could not rebuild the model's compile config: {error}"
        ) from error
    for key in ("run_eagerly", "steps_per_execution", "jit_compile"):
        if key in config:
            kwargs[key] = config[key]
    return kwargs


def _deserialize_optimizer(config: Any) -> Any:
    from kerax import optimizers
    from kerax.saving import legacy_config, registration

    config = legacy_config.fix_optimizer_config(config)
    name = config.get("registered_name") or config.get("class_name")
    if registration.get_registered_object(name) is not None:
        return deserialize_keras_object(config)
    return optimizers.deserialize(
        config, custom_objects=registration.get_custom_objects()
    )


def compile_from_config(model: Any, config: Any) -> None:
    """Compiles `model` from a saved compile config and builds the
    optimizer's state (so saved slot values can be loaded into it)."""
    kwargs = deserialize_compile_config(config)
    model.compile(**kwargs)
    if model.built and model.optimizer is not None:
        model.optimizer.build(model.trainable_variables)
