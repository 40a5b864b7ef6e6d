"""`CutMix`: pastes a random box from a shuffled partner image.

>>> import numpy as np
>>> data = {"images": np.zeros((4, 8, 8, 3)), "labels": np.eye(4)}
>>> out = CutMix(seed=1)(data)
>>> out["images"].shape, out["labels"].shape
((4, 8, 8, 3), (4, 4))
"""

import jax
import jax.numpy as jnp

from kerax.layers.preprocessing.augmentation_layer import (
    AugmentationLayer,
    symmetric_beta,
)
from kerax.layers.preprocessing.random_erasing import box_masks, random_spans


class CutMix(AugmentationLayer):
    """Replaces a random box of each image by the same box of another image
    of the batch, and mixes the labels by the area kept.

    Per call `a` is drawn in `[lower, upper]` of `factor` (plus 1e-6); per
    image a weight `w ~ Beta(a, a)` sets the box sides to `sqrt(1 - w)`
    of the image's; labels become `k * y + (1 - k) * y[partner]` with `k`
    the fraction of the image kept. Takes images or a dict with `"images"`
    and `"labels"`. A single image (rank 3) is returned unchanged. Active
    only with `training=True`.

    Args:
        factor: a float or a pair within [0, 1] (default 1.0).
        seed: int seed of the layer's `SeedGenerator`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
    """

    _KEEPS_GEOMETRY = False

    def __init__(self, factor=1.0, seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.factor = self.parse_factor(factor, (0, 1))
        self._init_seed(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training or self._images_of(data).ndim == 3:
            return None
        keys = self._keys(seed)
        batch = self._batch_size(data)
        height, width, _ = self._image_size(data)
        alpha = jax.random.uniform(keys(), (), minval=self.factor[0],
                                   maxval=self.factor[1]) + 1e-6
        weight = symmetric_beta(keys(), alpha, (batch,))
        ratio = jnp.sqrt(1.0 - weight)
        x0, x1 = random_spans(keys(), batch, width, ratio)
        y0, y1 = random_spans(keys(), batch, height, ratio)
        kept = 1.0 - (x1 - x0) * (y1 - y0) / (width * height)
        return {
            "permutation_order": jax.random.permutation(
                keys(), jnp.arange(batch, dtype="int32")),
            "batch_masks": box_masks(x0, x1, y0, y1, height, width),
            "mix_weight": kept[:, None, None, None],
        }

    def _transform(self, images, transformation):
        if transformation is None:
            return images
        partner = jnp.take(images, transformation["permutation_order"],
                           axis=0)
        return jnp.where(jnp.asarray(transformation["batch_masks"]), partner,
                         images)

    def _transform_masks(self, masks, transformation):
        # The partner's masks inside the same pasted boxes.
        return self._transform(masks, transformation)

    def transform_labels(self, labels, transformation, training=True):
        if not training or transformation is None:
            return labels
        weight = jnp.reshape(transformation["mix_weight"], (-1, 1))
        partner = jnp.take(labels, transformation["permutation_order"],
                           axis=0)
        return weight * labels + (1.0 - weight) * partner

    def get_config(self):
        config = super().get_config()
        config.update({"factor": self.factor, "seed": self.seed})
        return config
