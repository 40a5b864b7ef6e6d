"""`RandomGaussianBlur`: blurs images with a random Gaussian kernel.

>>> import numpy as np
>>> RandomGaussianBlur(seed=1)(np.full((2, 5, 5, 3), 7.0)).shape
(2, 5, 5, 3)
"""

import jax
import jax.numpy as jnp

from kerax.layers.preprocessing.augmentation_layer import (
    AugmentationLayer,
    check_value_range,
)
from kerax.ops import image as image_ops


def _odd_pair(value, name):
    message = (
        f"RandomGaussianBlur: `{name}` must be an odd number or a pair of "
        f"odd numbers. Received: {name}={value}"
    )
    pair = tuple(value) if isinstance(value, (tuple, list)) else (value,
                                                                   value)
    if len(pair) != 2 or not all(
        isinstance(v, (int, float)) and v % 2 == 1 for v in pair
    ):
        raise ValueError(message)
    return int(pair[0]), int(pair[1])


class RandomGaussianBlur(AugmentationLayer):
    """Blurs each image with probability `p` (same kernel for the batch).

    `p` is drawn per image in `[lower, upper]` (a number `f` means
    `[0, f]`); the two standard deviations (width, then height) are drawn
    once per call in `sigma`'s range (a number `s` means `[0, s]`, within
    [0, 1] as in Keras). The result is clipped to `value_range`. Active
    only with `training=True`.

    Args:
        factor: probability range within [0, 1] (default 1.0).
        kernel_size: odd int, or a pair `(width, height)` of odd ints.
        sigma: a float or a pair within [0, 1] (default 1.0).
        value_range: the `(min, max)` of the pixel values.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: int seed of the layer's `SeedGenerator`.
    """

    def __init__(self, factor=1.0, kernel_size=3, sigma=1.0,
                 value_range=(0, 255), data_format=None, seed=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self.parse_factor(factor, (0, 1))
        self.kernel_size = _odd_pair(kernel_size, "kernel_size")
        self.sigma = self.parse_factor(sigma, (0, 1), name="sigma")
        self.value_range = check_value_range(value_range,
                                             "RandomGaussianBlur")
        self._init_seed(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        keys = self._keys(seed)
        batch = self._batch_size(data)
        probability = jax.random.uniform(
            keys(), (batch,), minval=self.factor[0], maxval=self.factor[1])
        apply = jax.random.uniform(keys(), (batch,)) < probability
        sigma = jax.random.uniform(keys(), (2,), minval=self.sigma[0],
                                   maxval=self.sigma[1]) + 1e-6
        return {"should_apply_blur": apply, "blur_factor": sigma}

    def _transform(self, images, transformation):
        sigma = jnp.asarray(transformation["blur_factor"], images.dtype)
        blurred = image_ops.gaussian_blur(
            images, kernel_size=self.kernel_size, sigma=sigma,
            data_format="channels_last",
        )
        apply = jnp.asarray(transformation["should_apply_blur"])
        out = jnp.where(apply[:, None, None, None], blurred, images)
        return jnp.clip(out, *self.value_range).astype(images.dtype)

    def get_config(self):
        config = super().get_config()
        config.update({
            "factor": self.factor, "kernel_size": self.kernel_size,
            "sigma": self.sigma, "value_range": self.value_range,
            "seed": self.seed,
        })
        return config
