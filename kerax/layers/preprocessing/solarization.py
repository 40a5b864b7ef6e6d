"""`Solarization`: inverts the pixels above a random threshold.

>>> import numpy as np
>>> Solarization(seed=1)(np.array([[[[10.0, 200.0]]]]))[0, 0, 0].tolist()
[245.0, 55.0]
"""

import jax
import jax.numpy as jnp

from kerax.layers.preprocessing.augmentation_layer import (
    AugmentationLayer,
    check_value_range,
    rescale,
)


def _factor(value, name):
    message = (
        f"Solarization: `{name}` must be a number or a pair of numbers in "
        f"[0, 1]. Received: {name}={value}"
    )
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ValueError(message)
        pair = sorted(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        pair = [0, value]
    else:
        raise ValueError(message)
    if not all(0 <= v <= 1 for v in pair):
        raise ValueError(message)
    return tuple(pair)


class Solarization(AugmentationLayer):
    """Adds `a`, clips, then maps `x` to `255 - x` where `x >= t`.

    Values are mapped to [0, 255] first and back to `value_range` after.
    `a` and `t` are drawn per image uniformly between `lower` and
    `upper * 255` of `addition_factor` and `threshold_factor` (Keras's
    ranges; a number `f` means `(0, f)`). With the defaults (`t = 0`)
    every pixel is inverted. Active only with `training=True`.

    Args:
        addition_factor: a number or pair within [0, 1] (default 0).
        threshold_factor: a number or pair within [0, 1] (default 0).
        value_range: the `(min, max)` of the pixel values.
        seed: int seed of the layer's `SeedGenerator`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
    """

    def __init__(self, addition_factor=0.0, threshold_factor=0.0,
                 value_range=(0, 255), seed=None, data_format=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.addition_factor = _factor(addition_factor, "addition_factor")
        self.threshold_factor = _factor(threshold_factor, "threshold_factor")
        self.value_range = check_value_range(value_range, "Solarization")
        self._init_seed(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        keys = self._keys(seed)
        shape = (self._batch_size(data), 1, 1, 1)

        def draw(bounds):
            return jax.random.uniform(keys(), shape, minval=bounds[0],
                                      maxval=bounds[1] * 255)

        return {"additions": draw(self.addition_factor),
                "thresholds": draw(self.threshold_factor)}

    def _transform(self, images, transformation):
        dtype = images.dtype
        x = rescale(images, self.value_range, (0, 255))
        x = jnp.clip(x + jnp.asarray(transformation["additions"], dtype),
                     0, 255)
        x = jnp.where(x < jnp.asarray(transformation["thresholds"], dtype),
                      x, 255 - x)
        return rescale(x, (0, 255), self.value_range).astype(dtype)

    def get_config(self):
        config = super().get_config()
        config.update({
            "addition_factor": self.addition_factor,
            "threshold_factor": self.threshold_factor,
            "value_range": self.value_range, "seed": self.seed,
        })
        return config
