"""`RandomFlip`: flips images horizontally and/or vertically at random.

>>> import numpy as np
>>> layer = RandomFlip("horizontal", seed=1)
>>> layer(np.ones((2, 4, 4, 3)), training=True).shape
(2, 4, 4, 3)
"""

import jax.numpy as jnp

from kerax import random
from kerax.layers.preprocessing.image_layer import BaseImageLayer

HORIZONTAL = "horizontal"
VERTICAL = "vertical"
HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical"
_MODES = (HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL)


class RandomFlip(BaseImageLayer):
    """Randomly flips each image of a batch (probability 0.5).

    As in Keras, one draw per image decides: with
    `"horizontal_and_vertical"` an image is flipped along both axes or
    left as is. Active only with `training=True` (the default when called
    directly); otherwise the identity.

    Args:
        mode: `"horizontal"` (left-right), `"vertical"` (up-down) or
            `"horizontal_and_vertical"` (default).
        seed: int seed of the layer's `SeedGenerator` (default None).
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape: rank 3 or 4 images. Output: same shape, compute dtype.
    """

    def __init__(self, mode=HORIZONTAL_AND_VERTICAL, seed=None,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if mode not in _MODES:
            raise ValueError(
                f"RandomFlip layer {self.name} received an unknown mode "
                f"argument {mode}; expected one of {_MODES}."
            )
        self.mode = mode
        self._init_seed(seed)

    def call(self, inputs, training=True):
        images = self._to_compute(inputs)
        if not training:
            return images
        images, unbatched = self._batched(images)
        flips = random.uniform(
            (images.shape[0], 1, 1, 1), seed=self.generator
        ) <= 0.5
        h_axis, w_axis = self._hw_axes(4)
        if self.mode in (HORIZONTAL, HORIZONTAL_AND_VERTICAL):
            images = jnp.where(flips, jnp.flip(images, axis=w_axis), images)
        if self.mode in (VERTICAL, HORIZONTAL_AND_VERTICAL):
            images = jnp.where(flips, jnp.flip(images, axis=h_axis), images)
        return images[0] if unbatched else images

    def get_config(self):
        config = super().get_config()
        config.update({"seed": self.seed, "mode": self.mode})
        return config
