"""`RandomInvert`: inverts images (`max - x`) with some probability.

>>> import numpy as np
>>> RandomInvert((1.0, 1.0), seed=1)(np.array([[[[5.0]]]]))[0, 0, 0].tolist()
[250.0]
"""

import jax
import jax.numpy as jnp

from kerax.layers.preprocessing.color_layer import ColorLayer


class RandomInvert(ColorLayer):
    """Replaces an image by `value_range[1] - x` with probability `p`.

    `p` is drawn per image in `[lower, upper]` (a number `f` means
    `[0, f]`), then the image is inverted when a uniform draw falls below
    it. Active only with `training=True`.

    Args:
        factor: a float or a pair `(lower, upper)` within [0, 1]
            (default 1.0).
        value_range: the `(min, max)` of the pixel values.
        seed: int seed of the layer's `SeedGenerator`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
    """

    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, factor=1.0, value_range=(0, 255), seed=None,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._init_color(factor, value_range, seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        keys = self._keys(seed)
        probability = self.draw_factor(data, keys)
        draw = jax.random.uniform(keys(), (self._batch_size(data),))
        return {"apply_inversion": draw < probability}

    def _transform(self, images, transformation):
        apply = jnp.asarray(transformation["apply_inversion"])
        return jnp.where(apply[:, None, None, None],
                         self.value_range[1] - images, images)
