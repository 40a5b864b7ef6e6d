"""`GaussianDropout`: multiplies by 1-centered Gaussian noise in training.

>>> import numpy as np
>>> layer = GaussianDropout(0.5, seed=0)
>>> x = np.ones((2, 3), "float32")
>>> bool((np.asarray(layer(x)) == x).all())   # inference: identity
True
"""

import math

from kerax import ops, random
from kerax.layers.layer import Layer
from kerax.layers.regularization.noise_utils import (
    check_seed,
    check_unit_interval,
)
from kerax.random.seed_generator import SeedGenerator


class GaussianDropout(Layer):
    """Multiplicative 1-centered Gaussian noise, active only when
    `training=True`: `x * n` with `n ~ Normal(1, sqrt(rate / (1 - rate)))`.

    Args:
        rate: float in `[0, 1]`, the drop probability this noise mimics.
        seed: optional int seed.

    Input shape: any. Output shape: the input shape.
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        check_unit_interval("rate", rate)
        check_seed(seed)
        self.rate = rate
        self.seed = seed
        if rate > 0:
            self.seed_generator = SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            if self.rate >= 1:
                raise ValueError(
                    "GaussianDropout with rate=1 has an infinite noise "
                    "standard deviation; use a rate below 1. "
                    f"Received: rate={self.rate}"
                )
            stddev = math.sqrt(self.rate / (1.0 - self.rate))
            noise = random.normal(
                ops.shape(inputs),
                mean=1.0,
                stddev=stddev,
                dtype=self.compute_dtype,
                seed=self.seed_generator,
            )
            return inputs * noise
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({"rate": self.rate, "seed": self.seed})
        return config
