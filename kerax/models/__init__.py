"""Models (Keras's `keras.models`)."""

from kerax.models.functional import Functional
from kerax.models.model import Model
from kerax.models.sequential import Sequential

_SAVING_NAMES = frozenset(
    {"clone_model", "load_model", "model_from_json", "save_model"})


def __getattr__(name):
    # kerax.saving (h5py) loads on first use, not with `import kerax`.
    if name in _SAVING_NAMES:
        from kerax.saving import api

        return getattr(api, name)
    raise AttributeError(f"module 'kerax.models' has no attribute '{name}'")
