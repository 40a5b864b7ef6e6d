"""Models (Keras's `keras.models`)."""

from kerax.models import provided
from kerax.models.functional import Functional
from kerax.models.model import Model, register_functional_class
from kerax.models.sequential import Sequential

# `Model(inputs, outputs)` builds a Functional (model.py does not import
# its own subclass).
register_functional_class(Functional)


def __getattr__(name):
    # Names that kerax.saving and the Keras 2 kerax.engine implement
    # (`load_model`, `clone_model`, `model_from_config`, ...) register
    # themselves (see kerax.models.provided); h5py loads on first use.
    if name in provided.provided_names():
        return provided.load_name(name)
    if name in ("Input", "InputLayer"):
        from kerax import layers

        return getattr(layers, name)
    raise AttributeError(f"module 'kerax.models' has no attribute '{name}'")
