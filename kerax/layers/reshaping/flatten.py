"""`Flatten`: flattens each sample to one dimension.

>>> import numpy as np
>>> Flatten()(np.zeros((2, 3, 4))).shape
(2, 12)
"""

import math

from kerax import ops
from kerax.config import standardize_data_format
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer


class Flatten(Layer):
    """Reshapes `(batch, d1, ..., dn)` to `(batch, d1 * ... * dn)`; the
    batch axis is kept. A rank-1 input `(batch,)` becomes `(batch, 1)`.

    Args:
        data_format: `"channels_last"` (default, from
            `kerax.config.image_data_format()`) or `"channels_first"`; with
            `"channels_first"` the channel axis is moved last before
            flattening, so the element order matches a channels-last model.

    Input shape: `(batch, ...)`, rank >= 1. Output: `(batch, prod(...))`.
    """

    def __init__(self, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = standardize_data_format(data_format)
        self.input_spec = InputSpec(min_ndim=1)
        self.built = True

    def call(self, inputs):
        shape = tuple(inputs.shape)
        rank = len(shape)
        if self.data_format == "channels_first" and rank > 2:
            inputs = ops.transpose(inputs, axes=(0, *range(2, rank), 1))
        size = math.prod(shape[1:])
        return ops.reshape(inputs, (shape[0], size))

    def get_config(self):
        config = super().get_config()
        config["data_format"] = self.data_format
        return config
