"""`RandomContrast`: scales each image's contrast by a random factor.

>>> import numpy as np
>>> RandomContrast(0.5, seed=1)(np.ones((2, 4, 4, 3))).shape
(2, 4, 4, 3)
"""

import jax.numpy as jnp

from kerax.layers.preprocessing.color_layer import ColorLayer


class RandomContrast(ColorLayer):
    """Randomly adjusts contrast: `(x - mean) * c + mean`, clipped.

    `mean` is the per-image, per-channel mean over height and width; `c`
    is drawn per image in `[1 - lower, 1 + upper]`, and the result is
    clipped to `value_range`. As in Keras, a single number `f` gives
    `(lower, upper) = (0, f)` (factors are bounded to [0, 1]). Active only
    with `training=True` (the default when called directly).

    Args:
        factor: a float or a pair `(lower, upper)` within [0, 1].
        value_range: the `(min, max)` of the pixel values (default
            `(0, 255)`).
        seed: int seed of the layer's `SeedGenerator`.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape: rank 3 or 4 images. Output: same shape, compute dtype.
    """

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor, value_range=(0, 255), seed=None,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._init_color(factor, value_range, seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        lower, upper = self.factor
        factor = self.draw_factor(data, seed, (1, 1, 1),
                                  bounds=(1.0 - lower, 1.0 + upper))
        return {"contrast_factor": factor}

    def _transform(self, images, transformation):
        factor = jnp.asarray(transformation["contrast_factor"], images.dtype)
        # Height then width, as Keras: one reduction over both axes
        # compiles to a different (not lighter) XLA reduction kernel.
        mean = jnp.mean(jnp.mean(images, axis=1, keepdims=True), axis=2,
                        keepdims=True)
        out = (images - mean) * factor + mean
        return jnp.clip(out, self.value_range[0], self.value_range[1])
