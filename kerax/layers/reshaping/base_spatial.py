"""Shared base of the cropping and zero-padding layers: per-axis
`(before, after)` amounts applied to the spatial axes.

>>> import numpy as np
>>> from kerax.layers.reshaping.zero_padding2d import ZeroPadding2D
>>> ZeroPadding2D(((1, 0), (2, 2)))(np.ones((1, 3, 3, 1))).shape
(1, 4, 7, 1)
"""

from kerax import ops
from kerax.layers.argument_validation import standardize_data_format
from kerax.layers.input_spec import InputSpec
from kerax.layers.layer import Layer


class BaseSpatialAmounts(Layer):
    """Crops (`sign = -1`) or zero-pads (`sign = +1`) the spatial axes by
    `self.amounts`, a tuple of `(before, after)` pairs, one per axis.

    Subclasses set `argument` (the constructor argument's name), `sign`
    and `has_data_format`, and call `_setup(amounts, rank, data_format)`.
    """

    argument = "padding"
    sign = 1
    has_data_format = True

    def _setup(self, amounts, rank, data_format):
        self.rank = rank
        self.data_format = standardize_data_format(data_format, layer=self)
        self.amounts = amounts
        self.input_spec = InputSpec(ndim=rank + 2)
        self.built = True

    def _first_axis(self):
        return 1 if self.data_format == "channels_last" else 2

    def _new_length(self, length, pair, input_shape):
        if length is None:
            return None
        new = length + self.sign * (pair[0] + pair[1])
        if new <= 0:
            raise ValueError(
                f"The `{self.argument}` argument of layer "
                f"{type(self).__name__} '{self.name}' must be smaller than "
                "the corresponding spatial dimension of the input. "
                f"Received: input_shape={tuple(input_shape)}, "
                f"{self.argument}={self.amounts}"
            )
        return new

    def compute_output_shape(self, input_shape):
        shape = list(input_shape)
        first = self._first_axis()
        for i, pair in enumerate(self.amounts):
            shape[first + i] = self._new_length(
                shape[first + i], pair, input_shape
            )
        return tuple(shape)

    def call(self, inputs):
        first = self._first_axis()
        if self.sign > 0:
            widths = [(0, 0)] * inputs.ndim
            for i, pair in enumerate(self.amounts):
                widths[first + i] = pair
            return ops.pad(inputs, widths)
        index = [slice(None)] * inputs.ndim
        for i, (before, after) in enumerate(self.amounts):
            length = inputs.shape[first + i]
            self._new_length(length, (before, after), inputs.shape)
            index[first + i] = slice(before, length - after)
        return inputs[tuple(index)]

    def get_config(self):
        config = super().get_config()
        # 1D layers take (and report) a single `(before, after)` pair.
        config[self.argument] = (
            self.amounts[0] if self.rank == 1 else self.amounts
        )
        if self.has_data_format:
            config["data_format"] = self.data_format
        return config
