"""`ColorLayer`: the colour augmentations' shared factor handling.

The per-pixel colour layers (`RandomBrightness`, `RandomContrast`,
`RandomHue`, `RandomSaturation`, `RandomColorDegeneration`,
`RandomSharpness`, `RandomPosterization`, `RandomInvert`) all take a
`factor` (a number or a `(lower, upper)` pair, validated against the
layer's `_FACTOR_BOUNDS` as in Keras), a `value_range` and a `seed`, draw
one factor per image and serialize those three arguments. This base holds
that once; each layer keeps its own Keras signature and calls
`_init_color`.

>>> import numpy as np
>>> from kerax.layers import RandomSharpness
>>> layer = RandomSharpness((0.2, 0.4), value_range=(0, 1), seed=3)
>>> layer.factor, layer.value_range
((0.2, 0.4), [0, 1])
>>> f = layer.draw_factor(np.zeros((5, 2, 2, 3)), seed=1)
>>> f.shape, bool(((f >= 0.2) & (f <= 0.4)).all())
((5,), True)
"""

from __future__ import annotations

import jax

from kerax.layers.preprocessing.augmentation_layer import (
    AugmentationLayer,
    check_value_range,
)


class ColorLayer(AugmentationLayer):
    """Base of the colour layers with one random `factor` per image."""

    # Keras's bounds of `factor` for the layer (a number `f` means
    # `(max(-f, lower bound), f)`).
    _FACTOR_BOUNDS: tuple = (-1, 1)

    def _init_color(self, factor, value_range, seed) -> None:
        """Parses `factor` and `value_range` and sets up the seed."""
        try:
            self.factor = self.parse_factor(factor, self._FACTOR_BOUNDS)
        except ValueError as error:
            raise ValueError(f"{type(self).__name__}: {error}") from None
        self.value_range = check_value_range(value_range,
                                             type(self).__name__)
        self._init_seed(seed)

    def draw_factor(self, data, seed=None, shape: tuple = (),
                    bounds: tuple | None = None):
        """One factor per image of `data`, uniform in `bounds` (default
        `self.factor`), of shape `(batch,) + shape`; `seed` as in
        `get_random_transformation` (or a key stream of `key_stream`)."""
        lower, upper = self.factor if bounds is None else bounds
        return jax.random.uniform(
            self._keys(seed)(), (self._batch_size(data),) + tuple(shape),
            minval=lower, maxval=upper,
        )

    def get_config(self):
        config = super().get_config()
        config.update({"factor": self.factor, "value_range": self.value_range,
                       "seed": self.seed})
        return config
