"""Model methods implemented by `kerax.saving` (`save`, `save_weights`,
`load_weights`), and the old path of the functional/sequential
`get_config`/`from_config` (now in `kerax.graph.config`).

The model classes bind them as methods.

>>> import kerax
>>> callable(kerax.Model.save)
True
"""

from __future__ import annotations

from typing import Any

from kerax.core.custom_objects import custom_object_scope
from kerax.graph import config as graph_config


def save(self: Any, filepath: str, overwrite: bool = True,
         zipped: bool | None = None, **kwargs: Any) -> None:
    """Saves the model: `.keras` (Keras 3) or `.h5` (Keras 2)."""
    from kerax.saving.api import save_model

    save_model(self, filepath, overwrite=overwrite, zipped=zipped, **kwargs)


def save_weights(self: Any, filepath: str, overwrite: bool = True,
                 max_shard_size: float | None = None) -> None:
    """Saves the weights: `.weights.h5`, sharded `.weights.json`, or
    Keras 2 `.h5`."""
    from kerax.saving.api import save_weights as _save_weights

    _save_weights(self, filepath, overwrite=overwrite,
                  max_shard_size=max_shard_size)


def load_weights(self: Any, filepath: str, skip_mismatch: bool = False,
                 by_name: bool = False, **kwargs: Any) -> None:
    """Loads weights saved by `save_weights`/`save` (kerax or Keras)."""
    from kerax.saving.api import load_weights as _load_weights

    sync = getattr(self, "sync_state", None)
    if sync is not None:
        sync()
    _load_weights(self, filepath, skip_mismatch=skip_mismatch,
                  by_name=by_name)


def functional_get_config(self: Any) -> dict[str, Any]:
    """`Functional.get_config` (old path; see `kerax.graph.config`)."""
    return graph_config.functional_get_config(self)


def sequential_get_config(self: Any) -> dict[str, Any]:
    """`Sequential.get_config` (old path; see `kerax.graph.config`)."""
    return graph_config.sequential_get_config(self)


def _model_from_config(cls: Any, config: dict[str, Any],
                       custom_objects: dict[str, Any] | None = None) -> Any:
    """A functional or Sequential `cls` from `config` (old path)."""
    from kerax.saving.functional_config import model_from_config as f

    with custom_object_scope(custom_objects):
        return f(cls, config)


# Bound as a classmethod by the model class that takes it.
model_from_config = classmethod(_model_from_config)
