"""`RandomFlip`: flips images horizontally and/or vertically at random.

>>> import numpy as np
>>> layer = RandomFlip("horizontal", seed=1)
>>> layer(np.ones((2, 4, 4, 3)), training=True).shape
(2, 4, 4, 3)
"""

import jax.numpy as jnp

from kerax import random
from kerax.layers.preprocessing.geometric_layer import GeometricImageLayer

HORIZONTAL = "horizontal"
VERTICAL = "vertical"
HORIZONTAL_AND_VERTICAL = "horizontal_and_vertical"
_MODES = (HORIZONTAL, VERTICAL, HORIZONTAL_AND_VERTICAL)


class RandomFlip(GeometricImageLayer):
    """Randomly flips each image of a batch (probability 0.5).

    As in Keras, one draw per image decides: with
    `"horizontal_and_vertical"` an image is flipped along both axes or
    left as is. Active only with `training=True` (the default when called
    directly); otherwise the identity. Also takes
    `{"images", "bounding_boxes", "labels", "segmentation_masks"}` dicts
    (see `GeometricImageLayer`).

    Args:
        mode: `"horizontal"` (left-right), `"vertical"` (up-down) or
            `"horizontal_and_vertical"` (default).
        seed: int seed of the layer's `SeedGenerator` (default None).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        bounding_box_format: format of the boxes of dict inputs.

    Input shape: rank 3 or 4 images. Output: same shape, compute dtype.

    >>> import numpy as np
    >>> out = RandomFlip("horizontal", bounding_box_format="xyxy", seed=2)(
    ...     {"images": np.zeros((1, 4, 10, 1)),
    ...      "bounding_boxes": {"boxes": np.array([[[1., 0., 3., 2.]]]),
    ...                         "labels": np.array([[1]])}})
    >>> out["bounding_boxes"]["boxes"].tolist() in ([[[1., 0., 3., 2.]]],
    ...                                             [[[7., 0., 9., 2.]]])
    True
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

    def get_random_transformation(self, images_shape, training=True):
        if not training:
            return None
        flips = random.uniform(
            (images_shape[0], 1, 1, 1), seed=self.generator
        ) <= 0.5
        return {"flips": flips, "input_shape": tuple(images_shape)}

    def _warp(self, images, transformation, interpolation):
        flips = transformation["flips"]
        h_axis, w_axis = self._hw_axes(4)
        if self.mode in (HORIZONTAL, HORIZONTAL_AND_VERTICAL):
            images = jnp.where(flips, jnp.flip(images, axis=w_axis), images)
        if self.mode in (VERTICAL, HORIZONTAL_AND_VERTICAL):
            images = jnp.where(flips, jnp.flip(images, axis=h_axis), images)
        return images

    def _transform_xyxy(self, boxes, transformation, height, width):
        flips = transformation["flips"].reshape(-1, 1, 1)
        x1, y1, x2, y2 = (boxes[..., i:i + 1] for i in range(4))
        if self.mode in (HORIZONTAL, HORIZONTAL_AND_VERTICAL):
            flipped = jnp.concatenate([width - x2, y1, width - x1, y2], -1)
            boxes = jnp.where(flips, flipped, boxes)
            x1, y1, x2, y2 = (boxes[..., i:i + 1] for i in range(4))
        if self.mode in (VERTICAL, HORIZONTAL_AND_VERTICAL):
            flipped = jnp.concatenate([x1, height - y2, x2, height - y1], -1)
            boxes = jnp.where(flips, flipped, boxes)
        return boxes

    def get_config(self):
        config = super().get_config()
        config.update({"seed": self.seed, "mode": self.mode})
        return config
