"""`RandomColorJitter`: random brightness, contrast, saturation and hue.

>>> import numpy as np
>>> layer = RandomColorJitter(brightness_factor=0.2, hue_factor=0.1, seed=1)
>>> layer(np.full((2, 4, 4, 3), 100.0)).shape
(2, 4, 4, 3)
"""

from kerax.layers.preprocessing.augmentation_layer import AugmentationLayer
from kerax.layers.preprocessing.random_brightness import RandomBrightness
from kerax.layers.preprocessing.random_contrast import RandomContrast
from kerax.layers.preprocessing.random_hue import RandomHue
from kerax.layers.preprocessing.random_saturation import RandomSaturation

_PARTS = (
    ("brightness", RandomBrightness),
    ("contrast", RandomContrast),
    ("saturation", RandomSaturation),
    ("hue", RandomHue),
)


class RandomColorJitter(AugmentationLayer):
    """Applies, in this order, `RandomBrightness`, `RandomContrast`,
    `RandomSaturation` and `RandomHue` for each factor that is not None
    (each factor as those layers take it). Active only with
    `training=True`.

    Args:
        value_range: the `(min, max)` of the pixel values.
        brightness_factor, contrast_factor, saturation_factor, hue_factor:
            the factors of the four layers, or None to skip one.
        seed: int seed of the layer's `SeedGenerator`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
    """

    def __init__(self, value_range=(0, 255), brightness_factor=None,
                 contrast_factor=None, saturation_factor=None,
                 hue_factor=None, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = value_range
        self.brightness_factor = brightness_factor
        self.contrast_factor = contrast_factor
        self.saturation_factor = saturation_factor
        self.hue_factor = hue_factor
        self._init_seed(seed)
        self._parts = {}
        for name, cls in _PARTS:
            factor = getattr(self, f"{name}_factor")
            if factor is not None:
                self._parts[name] = cls(factor, value_range=value_range,
                                        seed=seed, data_format=data_format)
        for name, layer in self._parts.items():
            setattr(self, f"random_{name}", layer)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        keys = self._keys(seed)
        return {name: layer.get_random_transformation(data, seed=keys())
                for name, layer in self._parts.items()}

    def _transform(self, images, transformation):
        for name, layer in self._parts.items():
            images = layer._transform(images, transformation[name])
        return images

    def get_config(self):
        config = super().get_config()
        config.update({
            "value_range": self.value_range,
            "brightness_factor": self.brightness_factor,
            "contrast_factor": self.contrast_factor,
            "saturation_factor": self.saturation_factor,
            "hue_factor": self.hue_factor, "seed": self.seed,
        })
        return config
