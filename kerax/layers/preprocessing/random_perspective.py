"""`RandomPerspective`: random perspective warps of images.

>>> import numpy as np
>>> RandomPerspective(scale=0.5, seed=1)(np.ones((2, 6, 6, 1))).shape
(2, 6, 6, 1)
"""

import functools

import jax
import jax.numpy as jnp

from kerax import random
from kerax.layers.preprocessing.geometric_layer import (
    GeometricImageLayer,
    boxes_through_matrix,
)
from kerax.layers.preprocessing.image_layer import INTERPOLATIONS
from kerax.ops import image as image_ops
from kerax.ops.homography import homography_coefficients


class RandomPerspective(GeometricImageLayer):
    """Moves the image corners at random and warps the image to match.

    Each image is warped with probability `p`, itself drawn per image in
    `factor`'s range: every corner `c` moves to `c * (1 + u)` with `u`
    uniform in `[-scale / 2, scale / 2]` per coordinate. Points mapped
    from outside the input take `fill_value`. Active only with
    `training=True` (the default when called directly). Also takes
    `{"images", "bounding_boxes", "labels", "segmentation_masks"}` dicts
    (boxes enclose their warped corners; see `GeometricImageLayer`).

    Args:
        factor: probability range: a float `f` (`[0, f]`) or a pair, in
            [0, 1]. Default 1.0.
        scale: corner displacement, in [0, 1]. Default 1.0.
        interpolation: `"bilinear"` (default) or `"nearest"`.
        fill_value: the value outside the warped image (default 0.0).
        seed: int seed of the layer's `SeedGenerator`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        bounding_box_format: format of the boxes of dict inputs.

    Input shape: rank 3 or 4 images. Output: same shape, compute dtype.
    """

    def __init__(self, factor=1.0, scale=1.0, interpolation="bilinear",
                 fill_value=0.0, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self.parse_factor(factor, (0, 1))
        if not isinstance(scale, (int, float)) or not 0.0 <= scale <= 1.0:
            raise ValueError(
                "RandomPerspective: `scale` should be a number in [0, 1]. "
                f"Received: scale={scale}"
            )
        self.check_choice(interpolation, INTERPOLATIONS, "interpolation")
        self.scale = scale
        self.fill_value = fill_value
        self.interpolation = interpolation
        self._init_seed(seed)

    def get_random_transformation(self, images_shape, training=True):
        if not training:
            return None
        batch = images_shape[0]
        height, width = self._hw(images_shape)
        probability = random.uniform((batch,), self.factor[0],
                                     self.factor[1], seed=self.generator)
        threshold = random.uniform((batch,), seed=self.generator)
        shift = random.uniform((batch, 4, 2), -0.5 * self.scale,
                               0.5 * self.scale, seed=self.generator)
        start = jnp.asarray([[0.0, 0.0], [width - 1, 0.0],
                             [0.0, height - 1], [width - 1, height - 1]],
                            "float32")
        start = jnp.broadcast_to(start, (batch, 4, 2))
        return {
            "apply_perspective": threshold < probability,
            "start_points": start,
            "end_points": start + start * shift,
            "input_shape": tuple(images_shape),
        }

    def _warp(self, images, transformation, interpolation):
        warped = _perspective_jit(
            images, transformation["start_points"],
            transformation["end_points"], float(self.fill_value),
            interpolation, self.data_format,
        ).astype(images.dtype)
        apply = transformation["apply_perspective"][:, None, None, None]
        return jnp.where(apply, warped, images)

    def _transform_xyxy(self, boxes, transformation, height, width):
        coefficients = homography_coefficients(
            transformation["start_points"].astype("float32"),
            transformation["end_points"].astype("float32"),
        )
        moved = boxes_through_matrix(boxes, coefficients)
        apply = transformation["apply_perspective"][:, None, None]
        return jnp.where(apply, moved, boxes)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "factor": self.factor,
                "scale": self.scale,
                "interpolation": self.interpolation,
                "fill_value": self.fill_value,
                "seed": self.seed,
            }
        )
        return config


@functools.partial(jax.jit, static_argnums=(3, 4, 5))
def _perspective_jit(images, start, end, fill_value, interpolation,
                     data_format):
    return image_ops.perspective_transform(
        images, start, end, interpolation=interpolation,
        fill_value=fill_value, data_format=data_format,
    )
