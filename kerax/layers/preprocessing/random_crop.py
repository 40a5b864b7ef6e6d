"""`RandomCrop`: crops a random `height x width` window of images.

>>> import numpy as np
>>> RandomCrop(2, 3, seed=1)(np.ones((2, 5, 6, 1)), training=True).shape
(2, 2, 3, 1)
"""

import jax
import jax.numpy as jnp

from kerax import random
from kerax.layers.preprocessing.geometric_layer import GeometricImageLayer
from kerax.ops import image as image_ops
from kerax.random.seed_generator import make_default_seed


class RandomCrop(GeometricImageLayer):
    """Crops the same random window out of every image of a batch.

    With `training=True` (the default when called directly) and inputs
    larger than the target in both dimensions, the window's corner is
    drawn uniformly; otherwise (an input too small) the largest centred
    window of the target aspect ratio is cropped and resized to the
    target. As in Keras 3, `training=False` returns the inputs unchanged.
    Also takes `{"images", "bounding_boxes", "labels",
    "segmentation_masks"}` dicts: boxes move into the window's frame and
    are clipped to it (Keras 3.15 subtracts the row offset from x and
    does not clip; kerax follows the pixels).

    Args:
        height, width: ints, the output size.
        seed: int seed of the layer's `SeedGenerator` (a random one is
            stored in the config when None, as Keras does).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        bounding_box_format: format of the boxes of dict inputs.

    Input shape: rank 3 or 4 images. Output: `height x width` images in
    the compute dtype (when training).
    """

    def __init__(self, height, width, seed=None, data_format=None,
                 name=None, **kwargs):
        super().__init__(data_format=data_format, name=name, **kwargs)
        self.height = height
        self.width = width
        self._init_seed(seed)
        self.seed = seed if seed is not None else make_default_seed()
        self.supports_masking = False

    def get_random_transformation(self, images_shape, training=True):
        if not training:
            return None
        height, width = self._hw(images_shape)
        if height > self.height and width > self.width:
            top = random.uniform((), 0, float(height - self.height + 1),
                                 seed=self.generator).astype("int32")
            left = random.uniform((), 0, float(width - self.width + 1),
                                  seed=self.generator).astype("int32")
            return {"top": top, "left": left, "resize": False,
                    "input_shape": tuple(images_shape)}
        # Too small: the largest centred window of the target ratio,
        # resized to the target.
        crop_h = max(min(height, int(width * self.height / self.width)), 1)
        crop_w = max(min(width, int(height * self.width / self.height)), 1)
        return {"top": (height - crop_h) // 2, "left": (width - crop_w) // 2,
                "crop_height": crop_h, "crop_width": crop_w, "resize": True,
                "input_shape": tuple(images_shape)}

    def _warp(self, images, transformation, interpolation):
        if transformation["resize"]:
            return image_ops.resize(
                images, (self.height, self.width), interpolation=interpolation,
                crop_to_aspect_ratio=True, data_format=self.data_format,
            ).astype(images.dtype)
        h_axis, w_axis = self._hw_axes(images.ndim)
        starts = [jnp.int32(0)] * images.ndim
        starts[h_axis] = transformation["top"]
        starts[w_axis] = transformation["left"]
        sizes = list(images.shape)
        sizes[h_axis], sizes[w_axis] = self.height, self.width
        return jax.lax.dynamic_slice(images, starts, sizes)

    def _transform_xyxy(self, boxes, transformation, height, width):
        top = jnp.asarray(transformation["top"], boxes.dtype)
        left = jnp.asarray(transformation["left"], boxes.dtype)
        boxes = boxes - jnp.stack([left, top, left, top])
        if transformation["resize"]:
            sx = self.width / transformation["crop_width"]
            sy = self.height / transformation["crop_height"]
            boxes = boxes * jnp.asarray([sx, sy, sx, sy], boxes.dtype)
        return boxes

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
            {"height": self.height, "width": self.width, "seed": self.seed}
        )
        return config
