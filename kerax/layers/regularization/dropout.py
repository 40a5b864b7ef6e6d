"""`Dropout`: randomly zeroes inputs during training.

>>> import numpy as np
>>> layer = Dropout(rate=0.5, seed=0)
>>> x = np.ones((2, 4), "float32")
>>> bool((layer(x) == x).all())   # inference: identity
True
>>> sorted(set(np.asarray(layer(x, training=True)).ravel().tolist()))
[0.0, 2.0]
"""

from kerax import random
from kerax.layers.layer import Layer
from kerax.random.seed_generator import SeedGenerator


class Dropout(Layer):
    """Sets each input entry to 0 with probability `rate` during training
    and scales the kept entries by `1 / (1 - rate)`, so the expected sum
    is unchanged. Outside training (`training=False` or unset) it returns
    its input unchanged.

    Randomness comes from a `SeedGenerator` created here (when
    `rate > 0`), so it advances inside `jax.jit` as ordinary layer state.

    Args:
        rate: float in `[0, 1]`, the fraction of entries to drop.
        noise_shape: optional shape of the binary mask, broadcast against
            the input; `None` entries take the input's size (e.g.
            `(None, 1, features)` drops whole features for all timesteps).
        seed: optional int seed.

    Input shape: any. Output shape: the input shape.
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        if (
            isinstance(rate, bool)
            or not isinstance(rate, (int, float))
            or not 0 <= rate <= 1
        ):
            raise ValueError(
                "Invalid value received for argument `rate`. Expected a "
                f"float value between 0 and 1. Received: rate={rate}"
            )
        if seed is not None and (
            isinstance(seed, bool) or not isinstance(seed, int)
        ):
            raise ValueError(
                "Argument `seed` must be an integer or None. "
                f"Received: seed={seed}"
            )
        self.rate = rate
        self.seed = seed
        self.noise_shape = _validate_noise_shape(noise_shape)
        if rate > 0:
            self.seed_generator = SeedGenerator(seed)
        self.supports_masking = True
        self.built = True

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            return random.dropout(
                inputs,
                self.rate,
                noise_shape=self.noise_shape,
                seed=self.seed_generator,
            )
        return inputs

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


def _validate_noise_shape(noise_shape):
    if noise_shape is None:
        return None
    if isinstance(noise_shape, str):
        raise ValueError(
            "Invalid value received for argument `noise_shape`. Expected a "
            f"tuple or list of integers. Received: noise_shape={noise_shape}"
        )
    try:
        noise_shape = tuple(noise_shape)
    except TypeError:
        raise ValueError(
            "Invalid value received for argument `noise_shape`. Expected an "
            "iterable of integers (e.g. a tuple or list). "
            f"Received: noise_shape={noise_shape}"
        ) from None
    for dim in noise_shape:
        if dim is None:
            continue
        if isinstance(dim, bool) or not isinstance(dim, int) or dim <= 0:
            raise ValueError(
                "Invalid value received for argument `noise_shape`. Expected "
                "positive integers or None. "
                f"Received: noise_shape={noise_shape}"
            )
    return noise_shape
