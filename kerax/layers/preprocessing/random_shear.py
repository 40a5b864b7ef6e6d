"""`RandomShear`: shears images along x and/or y by random amounts.

>>> import numpy as np
>>> RandomShear(x_factor=0.2, seed=1)(np.ones((2, 5, 5, 1))).shape
(2, 5, 5, 1)
"""

import jax.numpy as jnp

from kerax import random
from kerax.layers.preprocessing.geometric_layer import (
    GeometricImageLayer,
    boxes_through_matrix,
)
from kerax.layers.preprocessing.image_layer import FILL_MODES, INTERPOLATIONS


class RandomShear(GeometricImageLayer):
    """Shears each image by a random amount along x and y.

    For each image a shear `s_x` is drawn in `x_factor`'s range and `s_y`
    in `y_factor`'s, both with one random sign per image; the output pixel
    `(x, y)` samples the input at `(x + s_x y, s_y x + y)`. Uncovered
    points are filled according to `fill_mode`. Active only with
    `training=True` (the default when called directly). Also takes
    `{"images", "bounding_boxes", "labels", "segmentation_masks"}` dicts
    (boxes enclose their sheared corners; see `GeometricImageLayer`).

    Args:
        x_factor: a float `f` (shears in `[-f, f]`) or a pair of floats,
            all within [0, 1]. Default 0.0 (no x shear).
        y_factor: same, for y.
        interpolation: `"bilinear"` (default) or `"nearest"`.
        fill_mode: `"reflect"` (default), `"wrap"`, `"constant"` or
            `"nearest"`.
        fill_value: the value outside the image with `"constant"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: int seed of the layer's `SeedGenerator`.
        bounding_box_format: format of the boxes of dict inputs.

    Input shape: rank 3 or 4 images. Output: same shape, compute dtype.
    """

    def __init__(self, x_factor=0.0, y_factor=0.0, interpolation="bilinear",
                 fill_mode="reflect", fill_value=0.0, data_format=None,
                 seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self._factor_args = (x_factor, y_factor)
        self.x_factor = _parse(x_factor, "x_factor")
        self.y_factor = _parse(y_factor, "y_factor")
        self.check_choice(fill_mode, FILL_MODES, "fill_mode")
        self.check_choice(interpolation, INTERPOLATIONS, "interpolation")
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.interpolation = interpolation
        self._init_seed(seed)

    def get_random_transformation(self, images_shape, training=True):
        if not training:
            return None
        shape = (images_shape[0], 1)
        sign = jnp.where(random.uniform(shape, seed=self.generator) > 0.5,
                         -1.0, 1.0)
        shear_y = random.uniform(shape, self.y_factor[0], self.y_factor[1],
                                 seed=self.generator)
        shear_x = random.uniform(shape, self.x_factor[0], self.x_factor[1],
                                 seed=self.generator)
        return {"shear_factor": jnp.concatenate([shear_x, shear_y], 1) * sign,
                "input_shape": tuple(images_shape)}

    def _warp(self, images, transformation, interpolation):
        return self._affine(images, shear_matrices(
            transformation["shear_factor"]), interpolation, self.fill_mode,
            self.fill_value)

    def _transform_xyxy(self, boxes, transformation, height, width):
        return boxes_through_matrix(
            boxes, shear_matrices(transformation["shear_factor"])
        )

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "x_factor": self._factor_args[0],
                "y_factor": self._factor_args[1],
                "fill_mode": self.fill_mode,
                "interpolation": self.interpolation,
                "seed": self.seed,
                "fill_value": self.fill_value,
            }
        )
        return config


def shear_matrices(shear):
    """`[1, s_x, 0, s_y, 1, 0, 0, 0]` rows from `(batch, 2)` shears."""
    ones = jnp.ones_like(shear[:, 0])
    zeros = jnp.zeros_like(ones)
    return jnp.stack([ones, shear[:, 0], zeros, shear[:, 1], ones, zeros,
                      zeros, zeros], axis=1)


def _parse(factor, name):
    message = (
        f"RandomShear: `{name}` should be a number or a pair of numbers in "
        f"the range [0, 1]. Received: {name}={factor}"
    )
    if isinstance(factor, (tuple, list)):
        if len(factor) != 2 or any(
            isinstance(f, bool) or not isinstance(f, (int, float))
            or f < -1 or f > 1 for f in factor
        ):
            raise ValueError(message)
        lower, upper = sorted(factor)
        # Keras's configs store a number `f` as `(-f, f)`: accepted too.
        if lower < 0 and lower != -upper:
            raise ValueError(message)
        return lower, upper
    if isinstance(factor, bool) or not isinstance(factor, (int, float)):
        raise ValueError(message)
    if factor < 0 or factor > 1:
        raise ValueError(message)
    return -abs(factor), abs(factor)
