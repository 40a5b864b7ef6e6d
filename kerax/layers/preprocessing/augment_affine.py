"""Shear, translation and rotation as `AugmentationLayer`s for the
composite augmentations (`RandAugment`, `AugMix`).

They draw from explicit keys (`get_random_transformation(seed=key)`) so
that the composite layers can pick one of them inside a compiled program
(and draw them under `vmap`); the public `RandomShear`,
`RandomTranslation` and `RandomRotation` draw from their own generators.
The matrices are theirs; parameters follow Keras's (fill mode
`"reflect"`, zero fill value).

>>> import numpy as np
>>> out = AffineAugment("rotation", (0.5, 0.5), seed=1)(
...     np.arange(4.0).reshape(1, 2, 2, 1))
>>> np.asarray(out)[0, :, :, 0].round(3).tolist()
[[3.0, 2.0], [1.0, 0.0]]
"""

import jax
import jax.numpy as jnp

from kerax.layers.preprocessing.augmentation_layer import AugmentationLayer
from kerax.layers.preprocessing.geometric_layer import boxes_through_matrix
from kerax.layers.preprocessing.image_layer import (
    _affine_jit,
    rotation_matrices,
)
from kerax.layers.preprocessing.random_shear import shear_matrices
from kerax.layers.preprocessing.random_translation import (
    translation_matrices,
)

KINDS = ("shear", "translation", "rotation")


class AffineAugment(AugmentationLayer):
    """One random affine warp per image (`kind` in `KINDS`).

    `factor` is `(lower, upper)`: shear coefficients (sign drawn at
    random, as Keras's `RandomShear`), translation fractions of the image
    size, or rotation fractions of a full turn.
    """

    def __init__(self, kind, factor, interpolation="bilinear",
                 fill_mode="reflect", fill_value=0.0, seed=None,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.check_choice(kind, KINDS, "kind")
        self.kind = kind
        self.factor = tuple(float(f) for f in factor)
        self.interpolation = interpolation
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self._init_seed(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        keys = self._keys(seed)
        batch = self._batch_size(data)
        lower, upper = self.factor
        if self.kind == "shear":
            sign = jnp.where(jax.random.uniform(keys(), (batch, 1)) > 0.5,
                             -1.0, 1.0)
            shear_y = jax.random.uniform(keys(), (batch, 1), minval=lower,
                                         maxval=upper)
            shear_x = jax.random.uniform(keys(), (batch, 1), minval=lower,
                                         maxval=upper)
            return {"shear_factor": jnp.concatenate([shear_x, shear_y], 1)
                    * sign}
        if self.kind == "translation":
            height, width, _ = self._image_size(data)
            dy = jax.random.uniform(keys(), (batch, 1), minval=lower,
                                    maxval=upper) * height
            dx = jax.random.uniform(keys(), (batch, 1), minval=lower,
                                    maxval=upper) * width
            return {"translations": jnp.concatenate([dx, dy], axis=1)}
        angle = jax.random.uniform(keys(), (batch,), minval=lower * 360.0,
                                   maxval=upper * 360.0)
        return {"angle": angle}

    def _matrices(self, transformation, height, width):
        if self.kind == "rotation":
            return rotation_matrices(jnp.asarray(transformation["angle"]),
                                     height, width)
        if self.kind == "shear":
            return shear_matrices(
                jnp.asarray(transformation["shear_factor"], "float32"))
        t = jnp.asarray(transformation["translations"], "float32")
        return translation_matrices(t[:, :1], t[:, 1:])

    def _boxes_xyxy(self, boxes, transformation, height: int, width: int):
        """Absolute xyxy boxes `(batch, N, 4)` moved as the pixels (each
        result encloses the moved corners; not clipped)."""
        if self.kind == "translation":
            shifts = jnp.asarray(transformation["translations"], boxes.dtype)
            return boxes + jnp.tile(shifts, (1, 2))[:, None, :]
        return boxes_through_matrix(
            boxes, self._matrices(transformation, height, width))

    def _warp(self, images, matrices, interpolation=None):
        out = _affine_jit(images, matrices, float(self.fill_value),
                          interpolation or self.interpolation,
                          self.fill_mode, "channels_last")
        return out.astype(images.dtype)

    def _transform(self, images, transformation):
        _, height, width, _ = images.shape
        return self._warp(images,
                          self._matrices(transformation, height, width))

    def get_config(self):
        config = super().get_config()
        config.update({
            "kind": self.kind, "factor": self.factor,
            "interpolation": self.interpolation, "fill_mode": self.fill_mode,
            "fill_value": self.fill_value, "seed": self.seed,
        })
        return config
