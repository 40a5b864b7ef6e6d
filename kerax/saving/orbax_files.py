"""`load_weights` and `load_model` for `OrbaxCheckpoint` directories.

`kerax.saving.load_model(directory)` and `model.load_weights(directory)`
read the newest step of a checkpoint root, or the step directory given,
as Keras 3 does; arrays are placed with the shardings of the model's
variables (the active distribution's layouts), whatever mesh wrote them.
"""

from __future__ import annotations

from typing import Any

from kerax.callbacks.orbax_state import (
    GROUPS,
    WEIGHT_GROUPS,
    assign,
    is_checkpoint_directory,
    read,
    read_config,
    resolve,
)

__all__ = ["is_checkpoint_directory", "load_model", "load_weights"]


def load_weights(model: Any, path: str) -> None:
    """`model.load_weights(path)` for a checkpoint root (newest step) or a
    step directory: the weights, and the optimizer and metric state when
    the step holds matching ones, placed with the active distribution's
    layouts."""
    root, step = resolve(path)
    plan, _, _ = read(root, step, model, required=WEIGHT_GROUPS,
                      optional=GROUPS[2:], with_order=False)
    assign(plan)


def load_model(path: str, custom_objects: dict[str, Any] | None = None,
               compile: bool = True, safe_mode: bool = True) -> Any:
    """`load_model(path)` for a checkpoint written with
    `save_weights_only=False`: rebuilds the model from its config, then
    loads its state as `load_weights` does."""
    from kerax.saving import legacy_config
    from kerax.saving.serialization import deserialize_keras_object

    root, step = resolve(path)
    config = read_config(root, step)
    if config is None:
        raise ValueError(
            f"OrbaxCheckpoint: step {step} in '{root}' holds no model "
            "config (it was saved with `save_weights_only=True`): build the "
            "model in code and call `model.load_weights(path)`.")
    config = legacy_config.upgrade_model_config(config)
    model = deserialize_keras_object(config, custom_objects=custom_objects,
                                     safe_mode=safe_mode, compile=compile)
    plan, _, _ = read(root, step, model, required=WEIGHT_GROUPS,
                      optional=GROUPS[2:] if compile else (),
                      with_order=False)
    assign(plan)
    return model
