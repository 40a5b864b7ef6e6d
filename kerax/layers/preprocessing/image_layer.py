"""`BaseImageLayer`: what the image preprocessing layers share.

Images are `(batch, height, width, channels)` (or `(height, width,
channels)` unbatched; channels first with `data_format="channels_first"`).
Random layers hold a `SeedGenerator` (`self.generator`) and draw from it
only when `training` is true. As in Keras, `training` defaults to True when
a random layer is called directly; `fit` passes True and
`predict`/`evaluate` pass False, where they are the identity.

The geometric layers (flip, rotation, translation, zoom, shear,
perspective, crops, resizing) build on `GeometricImageLayer`
(`geometric_layer.py`), which adds Keras's `{"images", "bounding_boxes",
"labels", "segmentation_masks"}` dict inputs and `bounding_box_format`.
"""

from __future__ import annotations

import functools
import math

import jax
import jax.numpy as jnp

from kerax import config
from kerax.layers.layer import Layer
from kerax.random.seed_generator import SeedGenerator

FILL_MODES = ("reflect", "wrap", "constant", "nearest")
INTERPOLATIONS = ("nearest", "bilinear")


class BaseImageLayer(Layer):
    """Base of the image layers: data format, factors, seed, batching."""

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = config.standardize_data_format(data_format)

    # ---------------------------------------------------------- geometry
    def _hw_axes(self, ndim):
        if self.data_format == "channels_first":
            return ndim - 2, ndim - 1
        return ndim - 3, ndim - 2

    def _hw(self, shape):
        h_axis, w_axis = self._hw_axes(len(shape))
        return shape[h_axis], shape[w_axis]

    @staticmethod
    def _check_rank(images, layer):
        if images.ndim not in (3, 4):
            raise ValueError(
                f"{layer} expects images of rank 3 (unbatched) or 4 "
                f"(batched). Received: images.shape={images.shape}"
            )

    def _batched(self, images):
        """`(images, was_unbatched)` with a leading batch axis."""
        images = jnp.asarray(images)
        self._check_rank(images, self.__class__.__name__)
        if images.ndim == 3:
            return images[None], True
        return images, False

    def _to_compute(self, images):
        images = jnp.asarray(images)
        if images.dtype != self.compute_dtype:
            images = images.astype(self.compute_dtype)
        return images

    # ---------------------------------------------------------- factors
    @staticmethod
    def parse_factor(factor, bounds, name="factor"):
        """`(lower, upper)` from a number `f` (`(-f, f)` clipped to the
        lower bound) or a pair, validated against `bounds`."""
        message = (
            f"The `{name}` argument should be a number (or a list of two "
            f"numbers) in the range [{bounds[0]}, {bounds[1]}]. "
            f"Received: {name}={factor}"
        )
        if isinstance(factor, (tuple, list)):
            if len(factor) != 2:
                raise ValueError(message)
            if factor[0] > bounds[1] or factor[1] < bounds[0]:
                raise ValueError(message)
            lower, upper = sorted(factor)
            return lower, upper
        if isinstance(factor, (int, float)) and not isinstance(factor, bool):
            if factor < bounds[0] or factor > bounds[1]:
                raise ValueError(message)
            factor = abs(factor)
            return max(-factor, bounds[0]), factor
        raise ValueError(message)

    @staticmethod
    def check_choice(value, allowed, name):
        if value not in allowed:
            raise NotImplementedError(
                f"Unknown `{name}` {value}. Expected of one {allowed}."
            )

    # ---------------------------------------------------------- seeding
    def _init_seed(self, seed):
        self.seed = seed
        self.generator = SeedGenerator(seed)

    # ---------------------------------------------------------- affine
    def _affine(self, images, transforms, interpolation, fill_mode,
                fill_value):
        # One compiled program (cached per shape and mode) instead of the
        # dozens of eager ops `map_coordinates` dispatches otherwise.
        return _affine_jit(images, transforms, float(fill_value),
                           interpolation, fill_mode, self.data_format)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self):
        config_ = super().get_config()
        config_["data_format"] = self.data_format
        return config_


@functools.partial(jax.jit, static_argnums=(2, 3, 4, 5))
def _affine_jit(images, transforms, fill_value, interpolation, fill_mode,
                data_format):
    from kerax.ops import image as image_ops

    return image_ops.affine_transform(
        images, transforms, interpolation=interpolation,
        fill_mode=fill_mode, fill_value=fill_value, data_format=data_format,
    )


def rotation_matrices(angles_deg, height, width):
    """Keras's `[a0, a1, a2, b0, b1, b2, 0, 0]` rotation about the image
    centre for each angle (degrees), as a `(batch, 8)` array."""
    angle = angles_deg * (math.pi / 180.0)
    cx = 0.5 * (width - 1)
    cy = 0.5 * (height - 1)
    cos, sin = jnp.cos(angle), jnp.sin(angle)
    a0, a1 = cos, -sin
    b0, b1 = sin, cos
    a2 = cx - cx * a0 - cy * a1
    b2 = cy - cx * b0 - cy * b1
    zeros = jnp.zeros_like(angle)
    return jnp.stack([a0, a1, a2, b0, b1, b2, zeros, zeros], axis=-1)
