"""`MixUp`: blends each image (and label) with a shuffled partner.

>>> import numpy as np
>>> data = {"images": np.zeros((4, 8, 8, 3)), "labels": np.eye(4)}
>>> out = MixUp(seed=1)(data)
>>> bool(np.allclose(out["labels"].sum(axis=1), 1.0))
True
"""

import jax
import jax.numpy as jnp

from kerax.layers.preprocessing.augmentation_layer import (
    AugmentationLayer,
    symmetric_beta,
)


class MixUp(AugmentationLayer):
    """`w * x + (1 - w) * x[partner]`, with `w ~ Beta(alpha, alpha)` per
    image and a random permutation of the batch; labels (in a dict with
    `"images"` and `"labels"`) are mixed with the same weights. Active only
    with `training=True`.

    Args:
        alpha: the Beta distribution's parameter (default 0.2).
        data_format: `"channels_last"` (default) or `"channels_first"`.
        seed: int seed of the layer's `SeedGenerator`.
    """

    _KEEPS_GEOMETRY = False
    _SOFT_MASKS = True

    def __init__(self, alpha=0.2, data_format=None, seed=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if not isinstance(alpha, (int, float)) or alpha <= 0:
            raise ValueError(
                f"MixUp: `alpha` must be a positive number. Received: "
                f"alpha={alpha}"
            )
        self.alpha = alpha
        self._init_seed(seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        keys = self._keys(seed)
        batch = self._batch_size(data)
        return {
            "mix_weight": symmetric_beta(keys(), self.alpha, (batch,)),
            "permutation_order": jax.random.permutation(
                keys(), jnp.arange(batch, dtype="int32")),
        }

    def _transform(self, images, transformation):
        weight = jnp.asarray(transformation["mix_weight"], images.dtype)
        weight = weight.reshape(-1, 1, 1, 1)
        partner = jnp.take(images, transformation["permutation_order"],
                           axis=0)
        return weight * images + (1.0 - weight) * partner

    def _transform_masks(self, masks, transformation):
        # Blended like the images: soft masks (Keras's blend).
        return self._transform(masks, transformation)

    def transform_bounding_boxes(self, bounding_boxes, transformation,
                                 training=True):
        """Each image keeps its boxes and gains its partner's (both
        images show through the blend): `boxes` `(batch, N, 4)` and their
        `labels` `(batch, N)` become `(batch, 2N, ...)`."""
        if not training or transformation is None:
            return bounding_boxes
        boxes = jnp.asarray(bounding_boxes["boxes"])
        if boxes.ndim != 3:  # an unbatched image mixes with itself
            return bounding_boxes
        order = transformation["permutation_order"]
        out = dict(bounding_boxes)
        for key in ("boxes", "labels"):
            value = jnp.asarray(bounding_boxes[key])
            out[key] = jnp.concatenate(
                [value, jnp.take(value, order, axis=0)], axis=1)
        return out

    def transform_labels(self, labels, transformation, training=True):
        if not training or transformation is None:
            return labels
        weight = jnp.reshape(transformation["mix_weight"], (-1, 1))
        partner = jnp.take(labels, transformation["permutation_order"],
                           axis=0)
        return weight * labels + (1.0 - weight) * partner

    def get_config(self):
        config = super().get_config()
        config.update({"alpha": self.alpha, "seed": self.seed})
        return config
