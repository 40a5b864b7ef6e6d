"""Random functions and `SeedGenerator` (Keras's `keras.random`)."""

from kerax.random.random import beta
from kerax.random.random import binomial
from kerax.random.random import categorical
from kerax.random.random import dropout
from kerax.random.random import gamma
from kerax.random.random import normal
from kerax.random.random import randint
from kerax.random.random import shuffle
from kerax.random.random import truncated_normal
from kerax.random.random import uniform
from kerax.random.seed_generator import SeedGenerator
