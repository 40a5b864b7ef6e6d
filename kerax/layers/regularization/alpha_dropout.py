"""`AlphaDropout`: dropout that keeps SELU's self-normalizing statistics.

>>> import numpy as np
>>> layer = AlphaDropout(0.2, seed=0)
>>> x = np.ones((2, 3), "float32")
>>> bool((np.asarray(layer(x)) == x).all())   # inference: identity
True
"""

from kerax import ops, random
from kerax.layers.layer import Layer
from kerax.layers.regularization.dropout import _validate_noise_shape
from kerax.layers.regularization.noise_utils import (
    check_seed,
    check_unit_interval,
)
from kerax.random.seed_generator import SeedGenerator

_ALPHA = 1.6732632423543772848170429916717
_SCALE = 1.0507009873554804934193349852946


class AlphaDropout(Layer):
    """Alpha dropout, active only when `training=True`.

    Each entry is kept with probability `1 - rate` or set to SELU's
    negative saturation value `alpha' = -alpha * scale`; then an affine
    map `a * x + b` with `a = ((1 - rate) * (1 + rate * alpha'^2))^-0.5`
    and `b = -a * alpha' * rate` restores the mean and variance of
    standardized inputs.

    Args:
        rate: float in `[0, 1]`, the drop probability.
        noise_shape: optional shape of the keep mask, broadcast against
            the input; `None` entries take the input's size.
        seed: optional int seed.

    Input shape: any. Output shape: the input shape.
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        check_unit_interval("rate", rate)
        check_seed(seed)
        self.rate = rate
        self.seed = seed
        self.noise_shape = _validate_noise_shape(noise_shape)
        if rate > 0:
            self.seed_generator = SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if not (training and self.rate > 0):
            return inputs
        shape = tuple(inputs.shape)
        noise_shape = (
            shape
            if self.noise_shape is None
            else tuple(
                shape[i] if d is None else d
                for i, d in enumerate(self.noise_shape)
            )
        )
        alpha_p = -_ALPHA * _SCALE
        kept = ops.greater_equal(
            random.uniform(noise_shape, seed=self.seed_generator), self.rate
        )
        kept = ops.cast(kept, inputs.dtype)
        a = ((1 - self.rate) * (1 + self.rate * alpha_p**2)) ** -0.5
        b = -a * alpha_p * self.rate
        x = inputs * kept + alpha_p * (1 - kept)
        return a * x + b

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "rate": self.rate,
                "seed": self.seed,
                "noise_shape": self.noise_shape,
            }
        )
        return config
