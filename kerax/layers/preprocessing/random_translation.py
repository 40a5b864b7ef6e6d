"""`RandomTranslation`: shifts images by a random offset.

>>> import numpy as np
>>> RandomTranslation(0.2, 0.2, seed=1)(np.ones((1, 5, 5, 1))).shape
(1, 5, 5, 1)
"""

import jax.numpy as jnp

from kerax import random
from kerax.layers.preprocessing.geometric_layer import GeometricImageLayer
from kerax.layers.preprocessing.image_layer import (
    FILL_MODES,
    INTERPOLATIONS,
)


class RandomTranslation(GeometricImageLayer):
    """Translates each image by a random fraction of its size.

    The vertical shift is drawn in `[lower, upper] * height` from
    `height_factor` (positive moves the content down), the horizontal one
    in `[lower, upper] * width` from `width_factor` (positive moves it
    right); uncovered points are filled according to `fill_mode`. Active
    only with `training=True` (the default when called directly). Also
    takes `{"images", "bounding_boxes", "labels", "segmentation_masks"}`
    dicts (see `GeometricImageLayer`).

    Args:
        height_factor: a float `f` (`[-f, f]`) or a pair, within [-1, 1].
        width_factor: same, for the width.
        fill_mode: `"reflect"` (default), `"wrap"`, `"constant"` or
            `"nearest"`.
        interpolation: `"bilinear"` (default) or `"nearest"`.
        seed: int seed of the layer's `SeedGenerator`.
        fill_value: the value outside the image with `"constant"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        bounding_box_format: format of the boxes of dict inputs.

    Input shape: rank 3 or 4 images. Output: same shape, compute dtype.
    """

    def __init__(self, height_factor, width_factor, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.width_factor = width_factor
        self.height_lower, self.height_upper = _parse(height_factor,
                                                      "height_factor")
        self.width_lower, self.width_upper = _parse(width_factor,
                                                    "width_factor")
        self.check_choice(fill_mode, FILL_MODES, "fill_mode")
        self.check_choice(interpolation, INTERPOLATIONS, "interpolation")
        self.fill_mode = fill_mode
        self.interpolation = interpolation
        self.fill_value = fill_value
        self._init_seed(seed)

    def get_random_transformation(self, images_shape, training=True):
        if not training:
            return None
        batch = images_shape[0]
        height, width = self._hw(images_shape)
        dy = random.uniform((batch, 1), minval=self.height_lower,
                            maxval=self.height_upper,
                            seed=self.generator) * height
        dx = random.uniform((batch, 1), minval=self.width_lower,
                            maxval=self.width_upper,
                            seed=self.generator) * width
        return {"translations": jnp.concatenate([dx, dy], axis=1),
                "input_shape": tuple(images_shape)}

    def _warp(self, images, transformation, interpolation):
        shifts = transformation["translations"]
        transforms = translation_matrices(shifts[:, :1], shifts[:, 1:])
        return self._affine(images, transforms, interpolation,
                            self.fill_mode, self.fill_value)

    def _transform_xyxy(self, boxes, transformation, height, width):
        shifts = transformation["translations"].astype(boxes.dtype)
        return boxes + jnp.tile(shifts, (1, 2))[:, None, :]

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "height_factor": self.height_factor,
                "width_factor": self.width_factor,
                "fill_mode": self.fill_mode,
                "interpolation": self.interpolation,
                "seed": self.seed,
                "fill_value": self.fill_value,
            }
        )
        return config


def translation_matrices(dx, dy):
    """`[1, 0, -dx, 0, 1, -dy, 0, 0]` rows for `(batch, 1)` shifts."""
    ones, zeros = jnp.ones_like(dx), jnp.zeros_like(dx)
    return jnp.concatenate(
        [ones, zeros, -dx, zeros, ones, -dy, zeros, zeros], axis=1
    )


def _parse(factor, name):
    message = (
        "The `height_factor` and `width_factor` arguments should be a "
        "number (or a list of two numbers) in the range [-1.0, 1.0]. "
        f"Received: {name}={factor}"
    )
    if isinstance(factor, (tuple, list)):
        if len(factor) != 2 or any(abs(f) > 1.0 for f in factor):
            raise ValueError(message)
        return tuple(sorted(factor))
    if isinstance(factor, (int, float)) and not isinstance(factor, bool):
        if abs(factor) > 1.0:
            raise ValueError(message)
        return -abs(factor), abs(factor)
    raise ValueError(message)
