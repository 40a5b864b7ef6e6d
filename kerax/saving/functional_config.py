"""Model configs, saving's side: `kerax.graph.config` writes and reads the
functional/Sequential schema (with the serializer that
`kerax.saving.config_codec` registers); this module picks the model class
a config rebuilds (`model_from_config`). Old path of the config functions.

>>> import kerax
>>> x = kerax.Input((3,), name="x")
>>> model = kerax.Model(x, kerax.layers.Dense(2, name="out")(x))
>>> config = functional_get_config(model)
>>> clone = model_from_config(kerax.Model, config)
>>> type(clone).__name__, [layer.name for layer in clone.layers]
('Functional', ['x', 'out'])
"""

from __future__ import annotations

from typing import Any

from kerax.graph.config import (
    build_functional,
    build_sequential,
    functional_get_config,
    rebuild,
    sequential_get_config,
)
from kerax.models.functional import Functional
from kerax.models.model import Model
from kerax.models.sequential import Sequential

__all__ = [
    "functional_from_config",
    "functional_get_config",
    "model_from_config",
    "sequential_from_config",
    "sequential_get_config",
]


def functional_from_config(cls: Any, config: dict[str, Any]) -> Any:
    """Rebuilds a functional model (Keras 3 or Keras 2 config); `Model`
    and non-model classes give a `Functional`."""
    if cls is Model or not (isinstance(cls, type) and issubclass(cls, Model)):
        cls = Functional
    return build_functional(cls, config)


def sequential_from_config(cls: Any, config: dict[str, Any]) -> Any:
    """Rebuilds a Sequential model (Keras 3 or Keras 2 config)."""
    return build_sequential(cls, config)


def model_from_config(cls: Any, config: dict[str, Any]) -> Any:
    """Functional or Sequential `cls` from `config`."""
    if isinstance(cls, type) and issubclass(cls, Sequential):
        return rebuild(sequential_from_config, cls, config)
    return rebuild(functional_from_config, cls, config)
