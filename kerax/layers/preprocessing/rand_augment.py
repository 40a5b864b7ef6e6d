"""`RandAugment`: `num_ops` augmentations picked at random per call.

>>> import numpy as np
>>> RandAugment(seed=1)(np.full((2, 8, 8, 3), 100.0)).shape
(2, 8, 8, 3)
"""

import jax
import jax.numpy as jnp

from kerax.layers.preprocessing import bounding_boxes as bbox_utils
from kerax.layers.preprocessing.augment_affine import AffineAugment
from kerax.layers.preprocessing.augmentation_layer import AugmentationLayer
from kerax.layers.preprocessing.auto_contrast import AutoContrast
from kerax.layers.preprocessing.equalization import Equalization
from kerax.layers.preprocessing.random_brightness import RandomBrightness
from kerax.layers.preprocessing.random_color_degeneration import (
    RandomColorDegeneration,
)
from kerax.layers.preprocessing.random_contrast import RandomContrast
from kerax.layers.preprocessing.random_posterization import (
    RandomPosterization,
)
from kerax.layers.preprocessing.random_sharpness import RandomSharpness
from kerax.layers.preprocessing.solarization import Solarization

# Keras's order of the candidate operations.
OPS = ("random_shear", "random_translation", "random_rotation",
       "random_brightness", "random_color_degeneration", "random_contrast",
       "random_sharpness", "random_posterization", "solarization",
       "auto_contrast", "equalization")


def build_ops(factor, value_range, interpolation, seed, data_format):
    """The candidate augmentation layers, by name, at one `factor`."""
    common = {"seed": seed, "data_format": data_format}
    colour = dict(common, value_range=value_range)
    return {
        "random_shear": AffineAugment("shear", factor, interpolation,
                                      **common),
        "random_translation": AffineAugment("translation", factor,
                                            interpolation, **common),
        "random_rotation": AffineAugment("rotation", factor, interpolation,
                                         **common),
        "random_brightness": RandomBrightness(factor, **colour),
        "random_color_degeneration": RandomColorDegeneration(factor,
                                                             **colour),
        "random_contrast": RandomContrast(factor, **colour),
        "random_sharpness": RandomSharpness(factor, **colour),
        "random_posterization": RandomPosterization(
            max(1, int(8 * factor[1])), **colour),
        "solarization": Solarization(factor, factor, **colour),
        "auto_contrast": AutoContrast(value_range, data_format=data_format),
        "equalization": Equalization(value_range, data_format=data_format),
    }


def apply_op(layers, index, images, transforms, masks=False):
    """`layers[index]` (a traced int; `len(layers)`: identity) applied to
    NHWC `images` with its transformation from `transforms`; only the
    drawn operation runs. The affine operations share one warp (their
    matrices are picked, then one resampling is compiled for all). With
    `masks`, `images` are segmentation masks: the warps sample the
    nearest pixel and the colour operations leave them unchanged."""
    names = list(layers)
    affine = [n for n in names if isinstance(layers[n], AffineAugment)]
    others = [n for n in names if n not in affine]
    branch_of = [0 if n in affine else 1 + others.index(n) for n in names]
    branch_of.append(len(others) + 1)
    within = [affine.index(n) if n in affine else 0 for n in names] + [0]

    def warp(x, t):
        _, height, width, _ = x.shape
        matrices = jax.lax.switch(
            jnp.asarray(within)[index],
            [(lambda t, n=n: layers[n]._matrices(t[n], height, width))
             for n in affine], t)
        return layers[affine[0]]._warp(
            x, matrices, "nearest" if masks else None)

    branches = [warp] if affine else [lambda x, t: x]
    branches += [
        (lambda x, t: x) if masks else
        (lambda x, t, n=n: layers[n]._transform(x, t[n]).astype(x.dtype))
        for n in others
    ]
    branches.append(lambda x, t: x)
    return jax.lax.switch(jnp.asarray(branch_of)[index], branches, images,
                          transforms)


def move_boxes(layers, indices, boxes, labels, transforms, height: int,
               width: int):
    """Absolute xyxy `boxes` `(batch, N, 4)` and their `labels`
    `(batch, N)` through the drawn operations `indices`, in the drawn
    order as the images: the shears, translations and rotations move
    them (each clipped to the image, emptied boxes labelled -1), the
    colour operations keep them."""
    affine = [n for n in layers if isinstance(layers[n], AffineAugment)]
    branch_of = [1 + affine.index(n) if n in affine else 0
                 for n in layers] + [0]

    def mover(name):
        def move(state):
            moved = layers[name]._boxes_xyxy(state[0], transforms[name],
                                             height, width)
            out = bbox_utils.clip_to_image_size(
                {"boxes": moved, "labels": state[1]}, height, width, "xyxy")
            return out["boxes"], out["labels"]
        return move

    branches = [lambda state: state] + [mover(n) for n in affine]

    def step(state, index):
        return jax.lax.switch(jnp.asarray(branch_of)[index], branches,
                              state), None

    return jax.lax.scan(step, (boxes, labels), indices)[0]


def image_hw(transformation, data_format) -> tuple:
    """The `(height, width)` of the images a RandAugment transformation
    was drawn for (kerax's `"input_shape"`, or Keras's sub-transforms')."""
    shape = transformation.get("input_shape")
    for sub in transformation["transforms"].values():
        if shape is None and isinstance(sub, dict):
            if "image_height" in sub:
                return int(sub["image_height"]), int(sub["image_width"])
            shape = sub.get("input_shape")
    if shape is None:
        raise ValueError(
            "RandAugment: the transformation holds no `input_shape`; draw "
            "it with `get_random_transformation(images)`."
        )
    if data_format == "channels_first":
        return int(shape[-2]), int(shape[-1])
    return int(shape[-3]), int(shape[-2])


class RandAugment(AugmentationLayer):
    """Applies `num_ops` operations, each drawn (for the whole batch) from
    shear, translation, rotation, brightness, color degeneration, contrast,
    sharpness, posterization, solarization, auto-contrast and
    equalization, all at magnitude `factor`; only the drawn operation runs.
    Active only with `training=True`. Dict inputs may hold
    `"segmentation_masks"` (moved by the geometric operations, nearest
    pixel) and `"bounding_boxes"` (with `bounding_box_format`: moved by
    the shears, translations and rotations in the drawn order, clipped to
    the image; Keras moves them in its operation order, once per
    operation, which differs only when two geometric operations are drawn
    out of that order or one twice).

    Args:
        value_range: the `(min, max)` of the pixel values.
        num_ops: operations per call (default 2).
        factor: magnitude, a float or a pair within [0, 1] (a number `f`
            means `(0, f)`; default 0.5).
        interpolation: `"bilinear"` (default) or `"nearest"`.
        seed: int seed of the layer's `SeedGenerator`.
        data_format: `"channels_last"` (default) or `"channels_first"`.
        bounding_box_format: format of the boxes of dict inputs.

    >>> import numpy as np
    >>> layer = RandAugment(num_ops=1, seed=1, bounding_box_format="xyxy")
    >>> out = layer({"images": np.zeros((1, 8, 8, 3)), "bounding_boxes": {
    ...     "boxes": np.array([[[2., 2., 6., 6.]]]), "labels": [[1]]}})
    >>> out["bounding_boxes"]["boxes"].shape
    (1, 1, 4)
    """

    _KEEPS_GEOMETRY = False

    def __init__(self, value_range=(0, 255), num_ops=2, factor=0.5,
                 interpolation="bilinear", seed=None, data_format=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if not isinstance(num_ops, int) or num_ops < 0:
            raise ValueError(
                f"RandAugment: `num_ops` must be an int >= 0. Received: "
                f"num_ops={num_ops}"
            )
        self.value_range = value_range
        self.num_ops = num_ops
        self.factor = self.parse_factor(factor, (0, 1))
        self.interpolation = interpolation
        self._init_seed(seed)
        self._ops = build_ops(self.factor, value_range, interpolation, seed,
                              data_format)
        for name, layer in self._ops.items():
            setattr(self, name, layer)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        keys = self._keys(seed)
        indices = jax.random.randint(keys(), (self.num_ops,), 0,
                                     len(self._ops))
        transforms = {name: layer.get_random_transformation(data,
                                                            seed=keys())
                      for name, layer in self._ops.items()}
        return {"transforms": transforms, "layer_idxes": indices,
                "input_shape": tuple(self._images_of(data).shape)}

    def _transform(self, images, transformation, masks=False):
        indices = jnp.asarray(transformation["layer_idxes"], "int32")
        transforms = transformation["transforms"]

        def step(x, index):
            return apply_op(self._ops, index, x, transforms, masks), None

        # A scan compiles the candidate operations once, not per op.
        return jax.lax.scan(step, images, indices)[0]

    def _transform_masks(self, masks, transformation):
        # The drawn shears, translations and rotations move the masks.
        return self._transform(masks, transformation, masks=True)

    def transform_bounding_boxes(self, bounding_boxes, transformation,
                                 training=True):
        """`{"boxes", "labels"}` (batched, or one image's) in the layer's
        `bounding_box_format`, moved by the drawn geometric operations."""
        if not training or transformation is None:
            return bounding_boxes
        fmt = self._require_box_format()
        height, width = image_hw(transformation, self.data_format)
        boxes = jnp.asarray(bounding_boxes["boxes"])
        unbatched = boxes.ndim == 2
        xyxy = bbox_utils.convert_format(boxes, fmt, "xyxy", height, width)
        xyxy = xyxy.astype(jnp.promote_types(boxes.dtype, "float32"))
        labels = bounding_boxes.get("labels")
        labels = jnp.asarray(xyxy[..., 0] if labels is None else labels)
        if unbatched:
            xyxy, labels = xyxy[None], labels[None]
        moved, moved_labels = move_boxes(
            self._ops, jnp.asarray(transformation["layer_idxes"], "int32"),
            xyxy, labels, transformation["transforms"], height, width)
        if unbatched:
            moved, moved_labels = moved[0], moved_labels[0]
        out = dict(bounding_boxes)
        out["boxes"] = bbox_utils.convert_format(moved, "xyxy", fmt, height,
                                                 width)
        if "labels" in bounding_boxes:
            out["labels"] = moved_labels
        return out

    def get_config(self):
        config = super().get_config()
        config.update({
            "value_range": self.value_range, "num_ops": self.num_ops,
            "factor": self.factor, "interpolation": self.interpolation,
            "seed": self.seed,
        })
        return config
