"""Utilities (Keras's `keras.utils`). Each module adds its own exports here."""

from kerax.utils.rng_utils import set_random_seed
