"""`set_random_seed`: one call makes kerax runs reproducible."""

import random

import numpy as np


def set_random_seed(seed):
    """Seeds Python's `random`, NumPy and kerax's global generator.

    Layers and initializers created afterwards, and `fit`'s shuffling, are
    then reproducible.

    >>> set_random_seed(1337)
    """
    if not isinstance(seed, int):
        raise ValueError(
            "Expected `seed` argument to be an integer. "
            f"Received: seed={seed} (of type {type(seed)})"
        )
    from kerax.random.seed_generator import reset_global_seed_generator

    random.seed(seed)
    np.random.seed(seed)
    reset_global_seed_generator(seed)
