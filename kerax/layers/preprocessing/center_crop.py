"""`CenterCrop`: crops the central `height x width` window of images.

>>> import numpy as np
>>> CenterCrop(2, 2)(np.ones((1, 4, 6, 3))).shape
(1, 2, 2, 3)
"""

import jax
import jax.numpy as jnp

from kerax.layers.preprocessing.geometric_layer import GeometricImageLayer
from kerax.ops import image as image_ops


class CenterCrop(GeometricImageLayer):
    """Returns the centred `height x width` crop of each image.

    When an input is smaller than the target in height or width, the
    largest centred window of the target aspect ratio is cropped and
    resized (bilinear) to the target, like Keras's `smart_resize`.
    Also takes `{"images", "bounding_boxes", "labels",
    "segmentation_masks"}` dicts (boxes follow the crop and resize and
    are clipped to the output).

    Args:
        height, width: ints, the output size.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        bounding_box_format: format of the boxes of dict inputs.

    Input shape: rank 3 or 4 images. Output: `height x width` images in
    the compute dtype.
    """

    def __init__(self, height, width, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height = height
        self.width = width

    def get_random_transformation(self, images_shape, training=True):
        return {"input_shape": tuple(images_shape)}

    def _window(self, height, width):
        """`(top, left, crop_height, crop_width)` of the input window."""
        if height >= self.height and width >= self.width:
            return ((height - self.height) // 2, (width - self.width) // 2,
                    self.height, self.width)
        crop_h = max(min(height, int(width * self.height / self.width)), 1)
        crop_w = max(min(width, int(height * self.width / self.height)), 1)
        return (height - crop_h) // 2, (width - crop_w) // 2, crop_h, crop_w

    def _transform_xyxy(self, boxes, transformation, height, width):
        top, left, crop_h, crop_w = self._window(height, width)
        x1, y1, x2, y2 = (boxes[..., i:i + 1] for i in range(4))
        x1, x2 = (jnp.clip(x, left, left + crop_w) - left for x in (x1, x2))
        y1, y2 = (jnp.clip(y, top, top + crop_h) - top for y in (y1, y2))
        sx, sy = self.width / crop_w, self.height / crop_h
        return jnp.concatenate([x1 * sx, y1 * sy, x2 * sx, y2 * sy], -1)

    def _output_hw(self, height, width):
        return self.height, self.width

    def _warp(self, images, transformation, interpolation):
        h_axis, w_axis = self._hw_axes(images.ndim)
        height, width = images.shape[h_axis], images.shape[w_axis]
        if height >= self.height and width >= self.width:
            top = (height - self.height) // 2
            left = (width - self.width) // 2
            images = jax.lax.slice_in_dim(images, top, top + self.height,
                                          axis=h_axis)
            return jax.lax.slice_in_dim(images, left, left + self.width,
                                        axis=w_axis)
        return image_ops.resize(
            images, (self.height, self.width), interpolation=interpolation,
            crop_to_aspect_ratio=True, data_format=self.data_format,
        ).astype(images.dtype)

    def _image_output_shape(self, input_shape):
        shape = list(input_shape)
        if len(shape) not in (3, 4):
            raise ValueError(
                "`input_shape` must have rank 3 (unbatched) or 4 (batched). "
                f"Received: input_shape={input_shape}"
            )
        h_axis, w_axis = self._hw_axes(len(shape))
        shape[h_axis], shape[w_axis] = self.height, self.width
        return tuple(shape)

    def get_config(self):
        config = super().get_config()
        config.update({"height": self.height, "width": self.width})
        return config
