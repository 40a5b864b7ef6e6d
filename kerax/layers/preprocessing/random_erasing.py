"""`RandomErasing`: overwrites a random rectangle of each image.

>>> import numpy as np
>>> layer = RandomErasing(fill_value=0.0, seed=1)
>>> layer(np.full((2, 8, 8, 3), 9.0)).shape
(2, 8, 8, 3)
"""

import jax
import jax.numpy as jnp

from kerax.layers.preprocessing.augmentation_layer import (
    AugmentationLayer,
    check_value_range,
)


def box_masks(x0, x1, y0, y1, height, width):
    """`(batch, height, width, 1)` masks of the pixels inside the boxes
    `[x0, x1) x [y0, y1)` (one box per image)."""
    ys = jnp.arange(height, dtype="float32")[None, :, None, None]
    xs = jnp.arange(width, dtype="float32")[None, None, :, None]

    def col(v):
        return v[:, None, None, None]

    return ((xs >= col(x0)) & (xs < col(x1)) & (ys >= col(y0))
            & (ys < col(y1)))


def random_spans(key, batch, length, ratio):
    """Random `[start, start + ratio * length)` spans inside `length`."""
    size = ratio * length
    start = jax.random.uniform(key, (batch,)) * (length - size)
    return start, start + size


class RandomErasing(AugmentationLayer):
    """With probability `p`, fills a random rectangle of each image.

    `p` is drawn per image in `[lower, upper]` of `factor`; each side of
    the rectangle is `sqrt(s)` times the image side, `s` drawn per side in
    `scale`. The fill is `fill_value` (a number or one per RGB channel) or,
    when None, Gaussian noise times `value_range[1]`, clipped to
    `value_range`. Active only with `training=True`.

    Args:
        factor: a float or a pair within [0, 1] (default 1.0).
        scale: area-fraction range, a float or a pair within [0, 1]
            (default `(0.02, 0.33)`).
        fill_value: None, a number, or a list of 3 numbers.
        value_range: the `(min, max)` of the pixel values.
        seed: int seed of the layer's `SeedGenerator`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
    """

    def __init__(self, factor=1.0, scale=(0.02, 0.33), fill_value=None,
                 value_range=(0, 255), seed=None, data_format=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self.parse_factor(factor, (0, 1))
        self.scale = self.parse_factor(scale, (0, 1), name="scale")
        if fill_value is not None and not (
            isinstance(fill_value, (int, float))
            or (isinstance(fill_value, (tuple, list)) and len(fill_value) == 3)
        ):
            raise ValueError(
                "RandomErasing: `fill_value` must be None, a number or a "
                f"list of three numbers. Received: fill_value={fill_value}"
            )
        self.fill_value = fill_value
        self.value_range = check_value_range(value_range, "RandomErasing")
        self._init_seed(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        keys = self._keys(seed)
        batch = self._batch_size(data)
        height, width, channels = self._image_size(data)
        side = jnp.sqrt(jax.random.uniform(
            keys(), (batch, 2), minval=self.scale[0], maxval=self.scale[1]))
        x0, x1 = random_spans(keys(), batch, width, side[:, 0])
        y0, y1 = random_spans(keys(), batch, height, side[:, 1])
        probability = jax.random.uniform(
            keys(), (batch,), minval=self.factor[0], maxval=self.factor[1])
        apply = jax.random.uniform(keys(), (batch,)) < probability
        shape = (batch, height, width, channels)
        if self.fill_value is None:
            fill = jax.random.normal(keys(), shape) * self.value_range[1]
        else:
            fill = jnp.broadcast_to(
                jnp.asarray(self.fill_value, "float32"), shape)
        fill = jnp.clip(fill, *self.value_range)
        return {"apply_erasing": apply,
                "batch_masks": box_masks(x0, x1, y0, y1, height, width),
                "fill_value": fill}

    def _transform(self, images, transformation):
        fill = jnp.asarray(transformation["fill_value"], images.dtype)
        erased = jnp.where(jnp.asarray(transformation["batch_masks"]), fill,
                           images)
        apply = jnp.asarray(transformation["apply_erasing"])
        return jnp.where(apply[:, None, None, None], erased, images)

    def get_config(self):
        config = super().get_config()
        config.update({
            "factor": self.factor, "scale": self.scale,
            "fill_value": self.fill_value, "value_range": self.value_range,
            "seed": self.seed,
        })
        return config
