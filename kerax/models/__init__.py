"""Models (Keras's `keras.models`)."""

from kerax.models.functional import Functional
from kerax.models.model import Model
from kerax.models.sequential import Sequential
from kerax.saving.api import clone_model
from kerax.saving.api import load_model
from kerax.saving.api import model_from_json
from kerax.saving.api import save_model
