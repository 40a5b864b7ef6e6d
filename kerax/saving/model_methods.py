"""Fills `kerax.models.provided` with what `kerax.saving` implements.

`Model.save`, `save_weights`, `load_weights` and `to_json`, and the
`kerax.models` names `clone_model`, `load_model`, `model_from_json` and
`save_model` (resolved on first use, so `import kerax` loads no h5py).
`kerax/__init__` imports this module.

>>> import kerax
>>> model = kerax.Sequential([kerax.Input((2,)), kerax.layers.Dense(1)])
>>> kerax.models.model_from_json(model.to_json()).count_params()
3
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from kerax.models import provided
from kerax.saving.model_hooks import load_weights, save, save_weights
from kerax.saving.serialization import serialize_keras_object


def to_json(self: Any, **kwargs: Any) -> str:
    """The model's config as a JSON string (`model_from_json` reads it)."""
    return json.dumps(serialize_keras_object(self), **kwargs)


def _api(name: str) -> Callable[[], Any]:
    def load() -> Any:
        from kerax.saving import api

        return getattr(api, name)

    return load


for _method in (save, save_weights, load_weights, to_json):
    provided.provide_method(_method.__name__, _method)
for _name in ("clone_model", "load_model", "model_from_json", "save_model"):
    provided.provide_name(_name, _api(_name))
