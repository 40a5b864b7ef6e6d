"""Random functions and `SeedGenerator` (Keras's `keras.random`)."""

from kerax.random.random import (
    beta,
    binomial,
    categorical,
    dropout,
    gamma,
    normal,
    randint,
    shuffle,
    truncated_normal,
    uniform,
)
from kerax.random.seed_generator import SeedGenerator
