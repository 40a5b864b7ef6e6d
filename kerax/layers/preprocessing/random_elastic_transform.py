"""`RandomElasticTransform`: smooth random local displacements.

>>> import numpy as np
>>> RandomElasticTransform(seed=1)(np.full((2, 8, 8, 1), 3.0)).shape
(2, 8, 8, 1)
"""

import jax
import jax.numpy as jnp

from kerax.layers.preprocessing.augmentation_layer import (
    AugmentationLayer,
    check_value_range,
)
from kerax.layers.preprocessing.image_layer import INTERPOLATIONS

_FILL_MODES = ("constant", "nearest", "wrap", "mirror", "reflect")
_ORDERS = {"nearest": 0, "bilinear": 1}


def _blur(noise, size, sigma):
    """Zero-padded Gaussian blur of `(batch, h, w)` noise, kernel `size`."""
    offsets = jnp.arange(size, dtype=noise.dtype) - (size - 1) / 2
    weights = jnp.exp(-0.5 * jnp.square(offsets / sigma))
    weights = weights / jnp.sum(weights)
    kernel = (weights[:, None] * weights[None, :])[:, :, None, None]
    out = jax.lax.conv_general_dilated(
        noise[..., None], kernel, (1, 1), "SAME",
        dimension_numbers=("NHWC", "HWIO", "NHWC"),
    )
    return out[..., 0]


class RandomElasticTransform(AugmentationLayer):
    """Warps each image (with probability `p`) along a smooth random field.

    Per call a distortion `d` is drawn in `scale`; the field is Gaussian
    noise (`sigma = 0.05 * d * min(h, w)`) blurred by a Gaussian of that
    `sigma` and multiplied by `alpha = 0.1 * d * max(h, w)`, the same
    displacement applied to rows and columns as in Keras's JAX backend.
    The kernel spans `6 * sigma` of the largest `d` (Keras sizes it from
    the drawn `d`; the two agree when `scale` is fixed). The result is
    clipped to `value_range`. Active only with `training=True`.

    Args:
        factor: probability range within [0, 1] (default 1.0).
        scale: distortion range within [0, 1] (default 1.0, `[0, 1]`).
        interpolation: `"bilinear"` (default) or `"nearest"`.
        fill_mode: `"reflect"` (default), `"constant"`, `"nearest"`,
            `"wrap"` or `"mirror"`.
        fill_value: the value outside the image with `"constant"`.
        value_range: the `(min, max)` of the pixel values.
        seed: int seed of the layer's `SeedGenerator`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
    """

    _KEEPS_GEOMETRY = False

    def __init__(self, factor=1.0, scale=1.0, interpolation="bilinear",
                 fill_mode="reflect", fill_value=0.0, value_range=(0, 255),
                 seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self.parse_factor(factor, (0, 1))
        self.scale = self.parse_factor(scale, (0, 1), name="scale")
        self.check_choice(interpolation, INTERPOLATIONS, "interpolation")
        self.check_choice(fill_mode, _FILL_MODES, "fill_mode")
        self.interpolation = interpolation
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.value_range = check_value_range(value_range,
                                             "RandomElasticTransform")
        self._init_seed(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training or self.scale[1] == 0 or self.factor[1] == 0:
            return None
        keys = self._keys(seed)
        batch = self._batch_size(data)
        probability = jax.random.uniform(
            keys(), (batch,), minval=self.factor[0], maxval=self.factor[1])
        apply = jax.random.uniform(keys(), (batch,)) < probability
        distortion = jax.random.uniform(
            keys(), (), minval=self.scale[0], maxval=self.scale[1])
        return {"apply_transform": apply, "distortion_factor": distortion,
                "seed": keys()}

    def _transform(self, images, transformation):
        return self._warp(images, transformation, self.interpolation)

    def _transform_masks(self, masks, transformation):
        # The same field, sampled at the nearest pixel (as Keras).
        return self._warp(masks, transformation, "nearest")

    def _warp(self, images, transformation, interpolation):
        if transformation is None:
            return images
        batch, height, width, _ = images.shape
        distortion = jnp.asarray(transformation["distortion_factor"])
        alpha = max(height, width) * 0.1 * distortion
        sigma = min(height, width) * 0.05 * distortion
        size = int(6 * min(height, width) * 0.05 * self.scale[1]) | 1
        noise = jax.random.normal(transformation["seed"],
                                  (batch, height, width), images.dtype)
        shift = alpha * _blur(noise * sigma, size, sigma)
        ys, xs = jnp.meshgrid(jnp.arange(height), jnp.arange(width),
                              indexing="ij")
        order = _ORDERS[interpolation]

        def warp(channel, d):
            return jax.scipy.ndimage.map_coordinates(
                channel, [ys + d, xs + d], order, self.fill_mode,
                self.fill_value)

        per_channel = jax.vmap(warp, in_axes=(2, None), out_axes=2)
        warped = jax.vmap(per_channel)(images, shift)
        apply = jnp.asarray(transformation["apply_transform"])
        out = jnp.where(apply[:, None, None, None], warped, images)
        return jnp.clip(out, *self.value_range).astype(images.dtype)

    def get_config(self):
        config = super().get_config()
        config.update({
            "factor": self.factor, "scale": self.scale,
            "interpolation": self.interpolation, "fill_mode": self.fill_mode,
            "fill_value": self.fill_value, "value_range": self.value_range,
            "seed": self.seed,
        })
        return config
