"""`CenterCrop`: crops the central `height x width` window of images.

>>> import numpy as np
>>> CenterCrop(2, 2)(np.ones((1, 4, 6, 3))).shape
(1, 2, 2, 3)
"""

import jax

from kerax.layers.preprocessing.image_layer import BaseImageLayer
from kerax.ops import image as image_ops


class CenterCrop(BaseImageLayer):
    """Returns the centred `height x width` crop of each image.

    When an input is smaller than the target in height or width, the
    largest centred window of the target aspect ratio is cropped and
    resized (bilinear) to the target, like Keras's `smart_resize`.

    Args:
        height, width: ints, the output size.
        data_format: `"channels_last"` (default) or `"channels_first"`.

    Input shape: rank 3 or 4 images. Output: `height x width` images in
    the compute dtype.
    """

    def __init__(self, height, width, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.height = height
        self.width = width

    def call(self, inputs):
        images = self._to_compute(inputs)
        self._check_rank(images, "CenterCrop")
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
            images, (self.height, self.width), crop_to_aspect_ratio=True,
            data_format=self.data_format,
        ).astype(images.dtype)

    def compute_output_shape(self, input_shape):
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
