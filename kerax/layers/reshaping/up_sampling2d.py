"""`UpSampling2D`: enlarges images by integer factors.

>>> import numpy as np
>>> UpSampling2D((2, 3))(np.ones((1, 2, 2, 4))).shape
(1, 4, 6, 4)
"""

from kerax import ops
from kerax.layers.argument_validation import (
    standardize_data_format,
    standardize_tuple,
)
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer

_INTERPOLATIONS = (
    "nearest", "bilinear", "bicubic", "lanczos3", "lanczos5",
)


class UpSampling2D(Layer):
    """Upsamples rows by `size[0]` and columns by `size[1]`.

    With `"nearest"` each pixel is repeated; other interpolations resize
    the image to `(rows * size[0], cols * size[1])` with that method
    (half-pixel centres, as `kerax.ops.image.resize`).

    Args:
        size: int or `(rows_factor, cols_factor)` positive ints (default
            `(2, 2)`).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        interpolation: `"nearest"` (default), `"bilinear"`, `"bicubic"`,
            `"lanczos3"` or `"lanczos5"`.

    Input shape: `(batch, rows, cols, channels)` (channels last). Output:
    `(batch, rows * size[0], cols * size[1], channels)`.
    """

    def __init__(self, size=(2, 2), data_format=None, interpolation="nearest",
                 **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format, layer=self)
        self.size = standardize_tuple(size, 2, "size", layer=self)
        method = str(interpolation).lower()
        if method not in _INTERPOLATIONS:
            raise ValueError(
                "Invalid value for argument `interpolation` of layer "
                f"UpSampling2D '{self.name}': expected one of "
                f"{_INTERPOLATIONS}. Received: interpolation={interpolation}"
            )
        self.interpolation = method
        self.input_spec = InputSpec(ndim=4)
        self.built = True

    def _axes(self):
        return (1, 2) if self.data_format == "channels_last" else (2, 3)

    def call(self, inputs):
        rows, cols = self._axes()
        if self.interpolation == "nearest":
            x = ops.repeat(inputs, self.size[0], axis=rows)
            return ops.repeat(x, self.size[1], axis=cols)
        size = (
            inputs.shape[rows] * self.size[0],
            inputs.shape[cols] * self.size[1],
        )
        return ops.image.resize(
            inputs, size, interpolation=self.interpolation,
            data_format=self.data_format,
        )

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        for axis, factor in zip(self._axes(), self.size):
            if shape[axis] is not None:
                shape[axis] *= factor
        return tuple(shape)

    def get_config(self):
        config = super().get_config()
        config.update(
            {
                "size": self.size,
                "data_format": self.data_format,
                "interpolation": self.interpolation,
            }
        )
        return config
