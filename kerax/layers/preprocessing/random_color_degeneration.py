"""`RandomColorDegeneration`: blends images towards their grayscale.

>>> import numpy as np
>>> layer = RandomColorDegeneration((1.0, 1.0), seed=1)
>>> out = layer(np.array([[[[255.0, 0.0, 0.0]]]]))
>>> [round(float(v), 2) for v in out[0, 0, 0]]
[76.22, 76.22, 76.22]
"""

import jax.numpy as jnp

from kerax.layers.preprocessing.color_layer import ColorLayer
from kerax.ops import image as image_ops


class RandomColorDegeneration(ColorLayer):
    """`x + f * (gray(x) - x)`, clipped to `value_range`.

    `f` is drawn per image in `[lower, upper]` (a number `f` means
    `[0, f]`): 0 keeps the image, 1 makes it grayscale. Expects RGB
    images (3 channels). Active only with `training=True`.

    Args:
        factor: a float or a pair `(lower, upper)` within [0, 1].
        value_range: the `(min, max)` of the pixel values.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: int seed of the layer's `SeedGenerator`.
    """

    def __init__(self, factor, value_range=(0, 255), data_format=None,
                 seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._init_color(factor, value_range, seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        return {"factor": self.draw_factor(data, seed, (1, 1, 1))}

    def _transform(self, images, transformation):
        if images.shape[-1] != 3:
            raise ValueError(
                "RandomColorDegeneration expects RGB images (3 channels). "
                f"Received {images.shape[-1]} channels."
            )
        factor = jnp.asarray(transformation["factor"], images.dtype)
        gray = image_ops.rgb_to_grayscale(images)
        out = images + factor * (gray - images)
        return jnp.clip(out, *self.value_range).astype(images.dtype)
