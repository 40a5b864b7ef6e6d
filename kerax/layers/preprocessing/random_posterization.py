"""`RandomPosterization`: keeps only the top bits of each 8-bit value.

>>> import numpy as np
>>> RandomPosterization((1, 1), seed=1)(np.array([[[[200.0, 100.0, 0.0]]]])
...                                     )[0, 0, 0].tolist()
[128.0, 0.0, 0.0]
"""

import jax
import jax.numpy as jnp

from kerax.layers.preprocessing.augmentation_layer import rescale
from kerax.layers.preprocessing.color_layer import ColorLayer


class RandomPosterization(ColorLayer):
    """Reduces each channel to `b` bits (values mapped to [0, 255] first).

    `b` is drawn per image as an integer in `[lower, upper)` (Keras's
    `randint`; `lower` itself when the two are equal); a number `f` means
    `(1, f)`. Active only with `training=True`.

    Args:
        factor: an int or a pair `(lower, upper)` within [1, 8].
        value_range: the `(min, max)` of the pixel values.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: int seed of the layer's `SeedGenerator`.
    """

    _FACTOR_BOUNDS = (1, 8)

    def __init__(self, factor, value_range=(0, 255), data_format=None,
                 seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._init_color(factor, value_range, seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        keys = self._keys(seed)
        batch = self._batch_size(data)
        lower, upper = int(self.factor[0]), int(self.factor[1])
        if lower != upper:
            bits = jax.random.randint(keys(), (batch,), lower, upper)
        else:
            bits = jnp.full((batch,), lower)
        return {"shift_factor": (8 - bits).astype("uint8")}

    def _transform(self, images, transformation):
        dtype = images.dtype
        shift = jnp.asarray(transformation["shift_factor"], "uint8")
        shift = shift.reshape(-1, 1, 1, 1)
        x = rescale(images, self.value_range, (0, 255))
        x = jnp.clip(x, 0, 255).astype("uint8")
        x = jnp.left_shift(jnp.right_shift(x, shift), shift)
        return rescale(x.astype(dtype), (0, 255), self.value_range
                       ).astype(dtype)
