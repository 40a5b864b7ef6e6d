"""`RandomGrayscale`: turns images to grayscale with a probability.

>>> import numpy as np
>>> out = RandomGrayscale(1.0, seed=1)(np.array([[[[255.0, 0.0, 0.0]]]]))
>>> [round(float(v), 2) for v in out[0, 0, 0]]
[76.22, 76.22, 76.22]
"""

import jax
import jax.numpy as jnp

from kerax.layers.preprocessing.augmentation_layer import AugmentationLayer
from kerax.ops import image as image_ops


class RandomGrayscale(AugmentationLayer):
    """Replaces each image by its luma (kept as 3 channels) with
    probability `factor`. Active only with `training=True`.

    Args:
        factor: the probability, in [0, 1] (default 0.5).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: int seed of the layer's `SeedGenerator`.
    """

    def __init__(self, factor=0.5, data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if (not isinstance(factor, (int, float)) or isinstance(factor, bool)
                or not 0 <= factor <= 1):
            raise ValueError(
                "RandomGrayscale: `factor` must be a number in [0, 1]. "
                f"Received: factor={factor}"
            )
        self.factor = factor
        self._init_seed(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        """Keras's transformation: a `(batch, 1, 1, 1)` boolean array."""
        if not training:
            return None
        keys = self._keys(seed)
        draw = jax.random.uniform(keys(), (self._batch_size(data),))
        return (draw < self.factor)[:, None, None, None]

    def _transform(self, images, transformation):
        gray = image_ops.rgb_to_grayscale(images)
        return jnp.where(jnp.asarray(transformation), gray, images)

    # Keras's RandomGrayscale names these parameters its own way.
    def transform_labels(self, labels, transformations=None, **kwargs):
        return labels

    def transform_bounding_boxes(self, bounding_boxes, **kwargs):
        return bounding_boxes

    def transform_segmentation_masks(self, segmentation_masks,
                                     transformations=None, **kwargs):
        return segmentation_masks

    def get_config(self):
        config = super().get_config()
        config.update({"factor": self.factor, "seed": self.seed})
        return config
