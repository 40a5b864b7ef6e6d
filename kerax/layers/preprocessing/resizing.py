"""`Resizing`: resizes images to `height x width`.

>>> import numpy as np
>>> Resizing(2, 3)(np.ones((1, 4, 4, 3))).shape
(1, 2, 3, 3)
"""

import functools

import jax
import jax.numpy as jnp

from kerax.layers.preprocessing.geometric_layer import GeometricImageLayer
from kerax.ops import image as image_ops

_INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic")


class Resizing(GeometricImageLayer):
    """Resizes a batch of images (or one image) to a target size.

    Optionally the largest centred window of the target aspect ratio is
    cropped first (`crop_to_aspect_ratio`), or the image is padded with
    `fill_value` to that ratio (`pad_to_aspect_ratio`), so nothing is
    distorted. Integer images are rounded and clipped back to their dtype,
    float images keep theirs. Also takes `{"images", "bounding_boxes",
    "labels", "segmentation_masks"}` dicts: boxes are scaled (and shifted
    for the crop or padding) with the pixels, all-zero or all -1 padding
    boxes stay zero, masks are resized with nearest sampling.

    Args:
        height, width: ints, the output size.
        interpolation: `"bilinear"` (default), `"nearest"`, `"bicubic"`,
            `"lanczos3"` or `"lanczos5"`.
        crop_to_aspect_ratio: crop to the target ratio first (False).
        pad_to_aspect_ratio: pad to the target ratio first (False).
        fill_mode: only `"constant"` (padding value `fill_value`).
        fill_value: padding value (default 0.0).
        antialias: antialias when downsampling (default False).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        bounding_box_format: format of the boxes of dict inputs.

    Input shape: rank 3 or 4 images. Output: `height x width` images.
    """

    def __init__(self, height, width, interpolation="bilinear",
                 crop_to_aspect_ratio=False, pad_to_aspect_ratio=False,
                 fill_mode="constant", fill_value=0.0, antialias=False,
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if interpolation not in _INTERPOLATIONS:
            raise ValueError(
                "Invalid value for argument `interpolation`: expected one "
                f"of {_INTERPOLATIONS}. Received: "
                f"interpolation={interpolation}"
            )
        if crop_to_aspect_ratio and pad_to_aspect_ratio:
            raise ValueError(
                "Only one of `pad_to_aspect_ratio` & `crop_to_aspect_ratio` "
                "can be `True`."
            )
        self.height = height
        self.width = width
        self.interpolation = interpolation
        self.crop_to_aspect_ratio = crop_to_aspect_ratio
        self.pad_to_aspect_ratio = pad_to_aspect_ratio
        self.fill_mode = fill_mode
        self.fill_value = fill_value
        self.antialias = bool(antialias)

    def get_random_transformation(self, images_shape, training=True):
        return {"input_shape": tuple(images_shape)}

    def transform_images(self, images, transformation=None, training=True):
        images = jnp.asarray(images)
        if jnp.issubdtype(images.dtype, jnp.floating):
            images = self._to_compute(images)
        return self._warp(images, transformation, self.interpolation)

    def _warp(self, images, transformation, interpolation):
        options = (
            (self.height, self.width), interpolation, self.antialias,
            self.crop_to_aspect_ratio, self.pad_to_aspect_ratio,
            self.fill_mode, float(self.fill_value), self.data_format,
            self.compute_dtype,
        )
        return _resize(images, options)

    def transform_bounding_boxes(self, bounding_boxes, transformation,
                                 training=True, height=None, width=None):
        boxes = jnp.asarray(bounding_boxes["boxes"])
        padding = jnp.all(boxes == -1, axis=-1) | jnp.all(boxes == 0, axis=-1)
        result = super().transform_bounding_boxes(
            bounding_boxes, transformation, training, height, width
        )
        result["boxes"] = jnp.where(padding[..., None], 0.0,
                                    result["boxes"]).astype(
                                        result["boxes"].dtype)
        return result

    def _transform_xyxy(self, boxes, transformation, height, width):
        if self.pad_to_aspect_ratio:
            ratio = min(self.height / height, self.width / width)
            sx = sy = ratio
            dx = (self.width - width * ratio) // 2
            dy = (self.height - height * ratio) // 2
        elif self.crop_to_aspect_ratio:
            source, target = width / height, self.width / self.height
            if source > target:
                new_w, new_h = self.height * source, self.height
            else:
                new_w, new_h = self.width, self.width / source
            sx, sy = new_w / width, new_h / height
            dx = -((new_w - self.width) // 2)
            dy = -((new_h - self.height) // 2)
        else:
            sx, sy = self.width / width, self.height / height
            dx = dy = 0.0
        scale = jnp.asarray([sx, sy, sx, sy], boxes.dtype)
        shift = jnp.asarray([dx, dy, dx, dy], boxes.dtype)
        return boxes * scale + shift

    def _output_hw(self, height, width):
        return self.height, self.width

    def _image_output_shape(self, input_shape):
        shape = list(input_shape)
        h_axis, w_axis = self._hw_axes(len(shape))
        shape[h_axis], shape[w_axis] = self.height, self.width
        return tuple(shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "height": self.height,
                "width": self.width,
                "interpolation": self.interpolation,
                "crop_to_aspect_ratio": self.crop_to_aspect_ratio,
                "pad_to_aspect_ratio": self.pad_to_aspect_ratio,
                "fill_mode": self.fill_mode,
                "fill_value": self.fill_value,
                "antialias": self.antialias,
            }
        )
        return config


@functools.partial(jax.jit, static_argnums=1)
def _resize(images, options):
    """One compiled resize per shape and option tuple."""
    (size, interpolation, antialias, crop, pad, fill_mode, fill_value,
     data_format, compute_dtype) = options
    source = images
    if not jnp.issubdtype(images.dtype, jnp.floating):
        images = images.astype(compute_dtype)
    resized = image_ops.resize(
        images, size, interpolation=interpolation, antialias=antialias,
        crop_to_aspect_ratio=crop, pad_to_aspect_ratio=pad,
        fill_mode=fill_mode, fill_value=fill_value, data_format=data_format,
    )
    if resized.dtype == source.dtype:
        return resized
    if jnp.issubdtype(source.dtype, jnp.integer):
        info = jnp.iinfo(source.dtype)
        resized = jnp.clip(jnp.round(resized), info.min, info.max)
    return resized.astype(source.dtype)
