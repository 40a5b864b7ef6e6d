"""`AugMix`: a random mix of several chains of augmentations.

>>> import numpy as np
>>> AugMix(seed=1)(np.full((2, 8, 8, 3), 100.0)).shape
(2, 8, 8, 3)
"""

import jax
import jax.numpy as jnp

from kerax.layers.preprocessing.augmentation_layer import (
    AugmentationLayer,
    key_stream,
)
from kerax.layers.preprocessing.rand_augment import OPS, apply_op, build_ops

# Without `all_ops`, Keras leaves out the colour operations that overlap
# common test-time corruptions.
_BASIC_OPS = ("random_shear", "random_translation", "random_rotation",
              "random_posterization", "solarization", "auto_contrast",
              "equalization")


class AugMix(AugmentationLayer):
    """`w * x + (1 - w) * sum_i m_i * chain_i(x)`, clipped to
    `value_range`.

    Each of the `num_chains` chains applies `chain_depth` steps, each step
    one operation drawn (for the whole batch) among the candidates or none;
    `m ~ Dirichlet(alpha)` and `w ~ Beta(alpha, alpha)`, per call. Keras
    draws the steps with Python's `random` (fixed once compiled); here
    they are drawn from the layer's seed at every call, and only the drawn
    operation runs. Active only with `training=True`. Dict inputs may
    hold `"segmentation_masks"` (moved by each chain's geometric
    operations and blended: soft masks) and `"bounding_boxes"` (with
    `bounding_box_format`), which come back unchanged, as in Keras:
    the chains' shears, translations and rotations move the pixels but
    not the boxes, so boxes may no longer fit the objects exactly.

    Args:
        value_range: the `(min, max)` of the pixel values.
        num_chains: number of chains (default 3).
        chain_depth: steps per chain (default 3).
        factor: magnitude, a float or a pair within [0, 1] (default 0.3).
        alpha: Dirichlet and Beta parameter (default 1.0).
        all_ops: include brightness, color degeneration, contrast and
            sharpness (default True).
        interpolation: `"bilinear"` (default) or `"nearest"`.
        seed: int seed of the layer's `SeedGenerator`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        bounding_box_format: format of the boxes of dict inputs.

    >>> import numpy as np
    >>> boxes = {"boxes": np.array([[[1., 1., 5., 5.]]]), "labels": [[2]]}
    >>> out = AugMix(seed=1, bounding_box_format="xyxy")(
    ...     {"images": np.full((1, 8, 8, 3), 9.0), "bounding_boxes": boxes})
    >>> out["bounding_boxes"]["boxes"].tolist()
    [[[1.0, 1.0, 5.0, 5.0]]]
    """

    _KEEPS_GEOMETRY = False
    _SOFT_MASKS = True

    def __init__(self, value_range=(0, 255), num_chains=3, chain_depth=3,
                 factor=0.3, alpha=1.0, all_ops=True,
                 interpolation="bilinear", seed=None, data_format=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        for name, value in (("num_chains", num_chains),
                            ("chain_depth", chain_depth)):
            if not isinstance(value, int) or value < 1:
                raise ValueError(
                    f"AugMix: `{name}` must be an int >= 1. Received: "
                    f"{name}={value}"
                )
        self.value_range = value_range
        self.num_chains = num_chains
        self.chain_depth = chain_depth
        self.factor = self.parse_factor(factor, (0, 1))
        self.alpha = alpha
        self.all_ops = all_ops
        self.interpolation = interpolation
        self._init_seed(seed)
        names = OPS if all_ops else _BASIC_OPS
        ops = build_ops(self.factor, value_range, interpolation, seed,
                        data_format)
        self._ops = {name: ops[name] for name in names}
        for name, layer in self._ops.items():
            setattr(self, name, layer)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        keys = self._keys(seed)
        # Dirichlet and Beta from one log-gamma draw: normalized gammas.
        logs = jax.random.loggamma(keys(), self.alpha,
                                   (self.num_chains + 2,))
        weights = jax.nn.softmax(logs[:self.num_chains])
        sample = jax.nn.sigmoid(logs[-2] - logs[-1])
        # Index len(ops) is "no operation", as Keras's `None` choice.
        indices = jax.random.randint(
            keys(), (self.num_chains, self.chain_depth), 0,
            len(self._ops) + 1)
        step_keys = jax.random.split(
            keys(), self.num_chains * self.chain_depth)

        def draw(key):
            sub = key_stream(key, None)
            return {name: layer.get_random_transformation(data, seed=sub())
                    for name, layer in self._ops.items()}

        steps = jax.vmap(draw)(step_keys)
        steps = jax.tree_util.tree_map(
            lambda v: v.reshape((self.num_chains, self.chain_depth)
                                + v.shape[1:]), steps)
        return {"chain_mixing_weights": weights, "weight_sample": sample,
                "layer_idxes": indices, "chain_transforms": steps}

    def transform_bounding_boxes(self, bounding_boxes, transformation,
                                 training=True):
        """The boxes, unchanged (as Keras's AugMix; see the class
        docstring)."""
        return bounding_boxes

    def _transform_masks(self, masks, transformation):
        # Each chain's shears, translations and rotations move the masks
        # (nearest pixel), then they are blended as the images: soft
        # masks, as Keras's.
        return self._transform(masks, transformation, masks=True)

    def _transform(self, images, transformation, masks=False):
        dtype = images.dtype
        weights = jnp.asarray(transformation["chain_mixing_weights"], dtype)
        sample = jnp.asarray(transformation["weight_sample"], dtype)
        indices = jnp.asarray(transformation["layer_idxes"], "int32")

        def depth_step(x, step):
            index, transforms = step
            return apply_op(self._ops, index, x, transforms, masks), None

        def chain(mixed, step):
            weight, chain_indices, chain_transforms = step
            out = jax.lax.scan(depth_step, images,
                               (chain_indices, chain_transforms))[0]
            return mixed + out * weight, None

        # Scans compile the candidate operations once for all steps.
        mixed = jax.lax.scan(
            chain, jnp.zeros_like(images),
            (weights, indices, transformation["chain_transforms"]))[0]
        out = sample * images + (1 - sample) * mixed
        if masks:
            return out
        return jnp.clip(out, *sorted(self.value_range)).astype(dtype)

    def get_config(self):
        config = super().get_config()
        config.update({
            "value_range": self.value_range, "num_chains": self.num_chains,
            "chain_depth": self.chain_depth, "factor": self.factor,
            "alpha": self.alpha, "all_ops": self.all_ops,
            "interpolation": self.interpolation, "seed": self.seed,
        })
        return config
