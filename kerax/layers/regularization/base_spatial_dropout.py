"""Shared base of `SpatialDropout1D/2D/3D` (private).

A spatial dropout drops whole feature maps: one Bernoulli draw per
(sample, channel), broadcast over the spatial axes.
"""

from kerax import random
from kerax.layers.input_spec import InputSpec
from kerax.layers.regularization.dropout import Dropout


class BaseSpatialDropout(Dropout):
    """Dropout whose mask is shared across the spatial axes.

    Subclasses set `_rank` (the input rank) and, for 2D/3D,
    `data_format`.
    """

    _rank = None

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(rate, seed=seed, **kwargs)
        self.input_spec = InputSpec(ndim=self._rank)

    def _noise_shape(self, shape):
        channels_first = getattr(self, "data_format", None) == (
            "channels_first"
        )
        spatial = (1,) * (len(shape) - 2)
        if channels_first:
            return (shape[0], shape[1]) + spatial
        return (shape[0],) + spatial + (shape[-1],)

    def call(self, inputs, training=False):
        if training and self.rate > 0:
            return random.dropout(
                inputs,
                self.rate,
                noise_shape=self._noise_shape(tuple(inputs.shape)),
                seed=self.seed_generator,
            )
        return inputs

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        config.pop("noise_shape", None)
        return config
