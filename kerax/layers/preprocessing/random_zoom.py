"""`RandomZoom`: zooms images in or out by a random factor.

>>> import numpy as np
>>> RandomZoom(0.2, seed=1)(np.ones((1, 5, 5, 1))).shape
(1, 5, 5, 1)
"""

import jax.numpy as jnp

from kerax import random
from kerax.layers.preprocessing.geometric_layer import (
    GeometricImageLayer,
    boxes_through_matrix,
)
from kerax.layers.preprocessing.image_layer import (
    FILL_MODES,
    INTERPOLATIONS,
)


class RandomZoom(GeometricImageLayer):
    """Zooms each image about its centre by a random factor.

    Each axis samples at `1 + z` times the pixel spacing, `z` drawn in
    `[lower, upper]`: positive factors zoom out (the content shrinks),
    negative ones zoom in. `width_factor=None` reuses the height zoom
    (aspect ratio kept). Active only with `training=True` (the default
    when called directly). Also takes `{"images", "bounding_boxes",
    "labels", "segmentation_masks"}` dicts (see `GeometricImageLayer`).

    Args:
        height_factor: a float `f` (`[-f, f]`) or a pair, in (-1, 1].
        width_factor: same for the width, or None (default).
        fill_mode: `"reflect"` (default), `"wrap"`, `"constant"` or
            `"nearest"`.
        interpolation: `"bilinear"` (default) or `"nearest"`.
        seed: int seed of the layer's `SeedGenerator`.
        fill_value: the value outside the image with `"constant"`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        bounding_box_format: format of the boxes of dict inputs.

    Input shape: rank 3 or 4 images. Output: same shape, compute dtype.
    """

    def __init__(self, height_factor, width_factor=None, fill_mode="reflect",
                 interpolation="bilinear", seed=None, fill_value=0.0,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height_factor = height_factor
        self.width_factor = width_factor
        self.height_lower, self.height_upper = _parse(height_factor,
                                                      "height_factor")
        if width_factor is not None:
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
        shape = (images_shape[0], 1)
        zy = random.uniform(shape, minval=1.0 + self.height_lower,
                            maxval=1.0 + self.height_upper,
                            seed=self.generator)
        if self.width_factor is None:
            zx = zy
        else:
            zx = random.uniform(shape, minval=1.0 + self.width_lower,
                                maxval=1.0 + self.width_upper,
                                seed=self.generator)
        return {"height_zoom": zy, "width_zoom": zx,
                "input_shape": tuple(images_shape)}

    def _matrix(self, transformation, height, width):
        return zoom_matrices(transformation["width_zoom"],
                             transformation["height_zoom"], height, width)

    def _warp(self, images, transformation, interpolation):
        height, width = self._hw(images.shape)
        return self._affine(images, self._matrix(transformation, height,
                                                 width),
                            interpolation, self.fill_mode, self.fill_value)

    def _transform_xyxy(self, boxes, transformation, height, width):
        return boxes_through_matrix(
            boxes, self._matrix(transformation, height, width)
        )

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


def zoom_matrices(zx, zy, height, width):
    """Scaling about the centre, rows `[zx, 0, ox, 0, zy, oy, 0, 0]`."""
    ox = (width - 1.0) / 2.0 * (1.0 - zx)
    oy = (height - 1.0) / 2.0 * (1.0 - zy)
    zeros = jnp.zeros_like(zx)
    return jnp.concatenate(
        [zx, zeros, ox, zeros, zy, oy, zeros, zeros], axis=1
    )


def _parse(factor, name):
    message = (
        "The `height_factor` and `width_factor` arguments should be a "
        "number (or a list of two numbers) in the range (-1.0, 1.0]. "
        f"Received: {name}={factor}"
    )
    values = factor if isinstance(factor, (tuple, list)) else [factor]
    if (
        isinstance(factor, (tuple, list)) and len(factor) != 2
    ) or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool)
        for v in values
    ) or any(v > 1.0 or v <= -1.0 for v in values):
        raise ValueError(message)
    if isinstance(factor, (tuple, list)):
        return tuple(sorted(factor))
    return -abs(factor), abs(factor)
