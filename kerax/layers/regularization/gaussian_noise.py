"""`GaussianNoise`: adds 0-centered Gaussian noise in training.

>>> import numpy as np
>>> layer = GaussianNoise(0.1, seed=0)
>>> x = np.ones((2, 3), "float32")
>>> bool((np.asarray(layer(x)) == x).all())   # inference: identity
True
"""

from kerax import ops, random
from kerax.layers.layer import Layer
from kerax.layers.regularization.noise_utils import (
    check_seed,
    check_unit_interval,
)
from kerax.random.seed_generator import SeedGenerator


class GaussianNoise(Layer):
    """Additive zero-centered Gaussian noise of standard deviation
    `stddev`, active only when `training=True` (a regularizer and a form
    of data augmentation for real-valued inputs).

    Args:
        stddev: float in `[0, 1]`, the noise's standard deviation.
        seed: optional int seed.

    Input shape: any. Output shape: the input shape.
    """

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        check_unit_interval("stddev", stddev)
        check_seed(seed)
        self.stddev = stddev
        self.seed = seed
        if stddev > 0:
            self.seed_generator = SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if training and self.stddev > 0:
            noise = random.normal(
                ops.shape(inputs),
                mean=0.0,
                stddev=self.stddev,
                dtype=self.compute_dtype,
                seed=self.seed_generator,
            )
            return inputs + noise
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update({"stddev": self.stddev, "seed": self.seed})
        return config
