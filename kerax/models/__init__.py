"""Models (Keras's `keras.models`)."""

from kerax.models.functional import Functional
from kerax.models.model import Model
from kerax.models.sequential import Sequential

_SAVING_NAMES = frozenset(
    {"clone_model", "load_model", "model_from_json", "save_model"})
# Keras 2 names of `keras.models`.
_KERAS2_NAMES = frozenset({"model_from_config", "model_from_yaml"})


def __getattr__(name):
    # kerax.saving (h5py) loads on first use, not with `import kerax`.
    if name in _SAVING_NAMES:
        from kerax.saving import api

        return getattr(api, name)
    if name in _KERAS2_NAMES:
        from kerax.engine import saving

        return getattr(saving, name)
    if name in ("Input", "InputLayer"):
        from kerax import layers

        return getattr(layers, name)
    raise AttributeError(f"module 'kerax.models' has no attribute '{name}'")
