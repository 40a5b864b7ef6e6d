"""`AugmentationLayer`: the base of Keras 3's modern image augmentations.

Each layer splits its work as Keras does:

- `get_random_transformation(data, training=True, seed=None)` draws the
  random parameters of one call (a dict, the keys Keras uses) for a batch
  or a single image;
- `transform_images(images, transformation, training=True)` applies them
  (pure: the same transformation gives the same images);
- `transform_labels(labels, transformation, training=True)` (identity
  except where the labels mix, `MixUp`/`CutMix`).

`call` accepts an image tensor (rank 3 or 4) or a dict with `"images"` and
optionally `"labels"`, `"segmentation_masks"` and `"bounding_boxes"`
(other entries pass through unchanged). Colour layers leave masks and
boxes as they are; layers that move pixels move the masks where Keras
does (`_transform_masks`: elastic warp, CutMix, MixUp, RandAugment,
AugMix) and refuse boxes unless they define `transform_bounding_boxes`
(MixUp, RandAugment; AugMix keeps them as Keras does). Every layer takes
Keras's `bounding_box_format`, required (as in Keras) when the input has
boxes. Inside a
model the layer runs traced, drawing its key from its `SeedGenerator`;
called eagerly (a data pipeline on NumPy batches) it runs one compiled
program per input shape. Like Keras, random layers are the identity with
`training=False` (`predict`/`evaluate`), and layers whose Keras version
also transforms at inference (`AutoContrast`,
`ContrastLimitedAdaptiveHistogramEqualization`) set
`_ACTIVE_AT_INFERENCE`.

Transformations hold image-shaped entries (masks, fill values) in
channels-last layout whatever the layer's `data_format`: the transforms
work on channels-last batches internally.

>>> import numpy as np
>>> from kerax.layers import RandomInvert
>>> layer = RandomInvert(factor=(1.0, 1.0), seed=1)
>>> t = layer.get_random_transformation(np.zeros((2, 4, 4, 3)), seed=7)
>>> t["apply_inversion"].tolist()
[True, True]
>>> float(layer.transform_images(np.zeros((2, 4, 4, 3)), t)[0, 0, 0, 0])
255.0
"""

from __future__ import annotations

from collections.abc import Callable

import jax
import jax.numpy as jnp

from kerax.layers.preprocessing import bounding_boxes as bbox_utils
from kerax.layers.preprocessing.image_layer import BaseImageLayer
from kerax.random.seed_generator import SeedGenerator, draw_seed


def check_value_range(value_range, layer: str) -> list:
    """`value_range` as a sorted `[min, max]` list, or a clear error."""
    if not isinstance(value_range, (tuple, list)) or len(value_range) != 2:
        raise ValueError(
            f"{layer}: `value_range` must be a list of two numbers "
            f"(min, max). Received: value_range={value_range}"
        )
    return sorted(value_range)


def rescale(images, source, target):
    """Maps `images` linearly from the range `source` to `target`."""
    if tuple(source) == tuple(target):
        return images
    lo, hi = float(source[0]), float(source[1])
    t_lo, t_hi = float(target[0]), float(target[1])
    return (images - lo) / (hi - lo) * (t_hi - t_lo) + t_lo


def symmetric_beta(key, alpha, shape=()):
    """`Beta(alpha, alpha)` samples as `sigmoid(log G1 - log G2)` from one
    log-gamma draw (stable for small `alpha`, one sampler to compile)."""
    logs = jax.random.loggamma(key, alpha, (2,) + tuple(shape))
    return jax.nn.sigmoid(logs[0] - logs[1])


def key_stream(seed, fallback: SeedGenerator | None) -> Callable:
    """A function returning a fresh key at each call.

    `seed` is None (draw from `fallback`), a `SeedGenerator`, a key
    stream (returned as is), an int or a key array (keys derived from it
    by counter, never the key itself: a composite layer hands its keys to
    its parts, whose own streams must not meet its next keys).
    """
    if seed is None:
        seed = fallback
    if isinstance(seed, SeedGenerator):
        return seed.next
    if callable(seed):
        return seed
    base = draw_seed(seed)
    count = [0]

    def next_key():
        count[0] += 1
        return jax.random.fold_in(base, count[0])

    return next_key


# Compiled eager programs by (class, config): see `_compiled`.
_COMPILED: dict = {}


def _is_concrete(tree) -> bool:
    return not any(isinstance(leaf, jax.core.Tracer)
                   for leaf in jax.tree_util.tree_leaves(tree))


class AugmentationLayer(BaseImageLayer):
    """Base of the augmentation layers (see the module docstring)."""

    _RANDOM = True
    _ACTIVE_AT_INFERENCE = False
    # Whether bounding boxes and segmentation masks in dict inputs stay
    # valid unchanged (colour layers); the others refuse them unless they
    # define `_transform_masks`.
    _KEEPS_GEOMETRY = True
    # Whether transformed masks are blends (MixUp, AugMix): kept in the
    # compute dtype instead of the masks' own.
    _SOFT_MASKS = False

    def __init__(self, bounding_box_format=None, data_format=None,
                 **kwargs):
        # Every Keras image layer takes `bounding_box_format` (colour
        # layers leave the boxes unchanged whatever their format).
        super().__init__(data_format=data_format, **kwargs)
        if bounding_box_format is not None:
            bounding_box_format = bbox_utils._check_format(
                bounding_box_format, "bounding_box_format")
        self.bounding_box_format = bounding_box_format

    # ---------------------------------------------------------- helpers
    def _images_of(self, data):
        images = data["images"] if isinstance(data, dict) else data
        images = jnp.asarray(images)
        self._check_rank(images, self.__class__.__name__)
        return images

    def _batch_size(self, data) -> int:
        images = self._images_of(data)
        return 1 if images.ndim == 3 else images.shape[0]

    def _image_size(self, data) -> tuple:
        """`(height, width, channels)` of `data`'s images."""
        shape = self._images_of(data).shape[-3:]
        if self.data_format == "channels_first":
            return shape[1], shape[2], shape[0]
        return shape

    def _keys(self, seed) -> Callable:
        return key_stream(seed, getattr(self, "generator", None))

    def _nhwc(self, images):
        """`(batched channels-last images, restore)`."""
        images = self._to_compute(images)
        unbatched = images.ndim == 3
        if unbatched:
            images = images[None]
        first = self.data_format == "channels_first"
        if first:
            images = jnp.transpose(images, (0, 2, 3, 1))

        def restore(out):
            if first:
                out = jnp.transpose(out, (0, 3, 1, 2))
            return out[0] if unbatched else out

        return images, restore

    # ---------------------------------------------------------- Keras API
    def get_random_transformation(self, data, training=True, seed=None):
        """The random parameters of one call (None when there are none)."""
        return None

    def transform_images(self, images, transformation, training=True):
        """Applies `transformation` to rank 3 or 4 `images`."""
        images = jnp.asarray(images)
        self._check_rank(images, self.__class__.__name__)
        if not (training or self._ACTIVE_AT_INFERENCE):
            return self._to_compute(images)
        batch, restore = self._nhwc(images)
        return restore(self._transform(batch, transformation))

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def _require_box_format(self) -> str:
        """The layer's `bounding_box_format`, or a clear error (Keras
        needs one for any input with boxes)."""
        if not self.bounding_box_format:
            raise ValueError(
                f"{self.__class__.__name__}: the input has "
                "'bounding_boxes' but the layer has no "
                "`bounding_box_format`; pass one, e.g. "
                "`bounding_box_format='xyxy'`."
            )
        return self.bounding_box_format

    def _geometry_unchanged(self, value, what):
        if not self._KEEPS_GEOMETRY:
            raise ValueError(
                f"{self.__class__.__name__} does not transform `{what}`."
            )
        return value

    def transform_bounding_boxes(self, bounding_boxes, transformation,
                                 training=True):
        """Boxes are unchanged by colour layers (others refuse them)."""
        return self._geometry_unchanged(bounding_boxes, "bounding_boxes")

    def transform_segmentation_masks(self, segmentation_masks,
                                     transformation, training=True):
        """Masks move with the pixels where Keras moves them (nearest
        sampling, the masks' dtype kept; blended by the mixing layers,
        whose masks come back in the compute dtype); colour layers leave
        them unchanged, other layers refuse them."""
        if not self._transforms_masks():
            return self._geometry_unchanged(segmentation_masks,
                                            "segmentation_masks")
        masks = jnp.asarray(segmentation_masks)
        self._check_rank(masks, self.__class__.__name__)
        if transformation is None or not (
            training or self._ACTIVE_AT_INFERENCE
        ):
            return masks
        batch, restore = self._nhwc(masks)
        out = restore(self._transform_masks(batch, transformation))
        return out if self._SOFT_MASKS else out.astype(masks.dtype)

    def _transforms_boxes(self) -> bool:
        return type(self).transform_bounding_boxes is not (
            AugmentationLayer.transform_bounding_boxes)

    def _transforms_masks(self) -> bool:
        return type(self)._transform_masks is not (
            AugmentationLayer._transform_masks)

    def _transform_masks(self, masks, transformation):
        """Channels-last float batch of masks -> transformed (subclasses
        that move pixels)."""
        return masks

    def _transform(self, images, transformation):
        """Channels-last batch -> transformed batch (subclasses)."""
        raise TypeError(
            f"{self.__class__.__name__} must define `_transform` (or "
            "override `transform_images`)."
        )

    # ---------------------------------------------------------- call
    def _augment(self, images, labels, masks, boxes, key):
        transformation = self.get_random_transformation(
            images, training=True, seed=key
        )
        images = self.transform_images(images, transformation)
        if labels is not None:
            labels = self.transform_labels(labels, transformation)
        if masks is not None:
            masks = self.transform_segmentation_masks(masks, transformation)
        if boxes is not None:
            boxes = self.transform_bounding_boxes(boxes, transformation)
        return images, labels, masks, boxes

    def _compiled(self):
        """The compiled `_augment` for eager calls, shared by the kerax
        layers whose configs (name and seed aside) are equal."""
        fn = self.__dict__.get("_compiled_augment")
        if fn is None:
            key = None
            if type(self).__module__.startswith("kerax."):
                config = {k: v for k, v in self.get_config().items()
                          if k not in ("name", "seed")}
                key = (type(self), repr(sorted(config.items())))
            fn = _COMPILED.get(key) if key else None
            if fn is None:
                fn = jax.jit(self._augment)
                if key:
                    _COMPILED[key] = fn
            self.__dict__["_compiled_augment"] = fn
        return fn

    def call(self, inputs, training=True):
        data = dict(inputs) if isinstance(inputs, dict) else None
        masks = boxes = None
        if data is not None:
            if "bounding_boxes" in data:
                self._require_box_format()
            if "bounding_boxes" in data and self._transforms_boxes():
                boxes = {k: jnp.asarray(v)
                         for k, v in dict(data["bounding_boxes"]).items()}
            elif "bounding_boxes" in data:
                self._geometry_unchanged(data["bounding_boxes"],
                                         "bounding_boxes")
            if data.get("segmentation_masks") is not None:
                masks = jnp.asarray(data["segmentation_masks"])
                if not self._transforms_masks():
                    masks = self._geometry_unchanged(masks,
                                                     "segmentation_masks")
                    masks = None  # unchanged: left in `data` as given
        images = self._images_of(inputs)
        labels = None
        if data is not None and data.get("labels") is not None:
            labels = jnp.asarray(data["labels"])
        if training or self._ACTIVE_AT_INFERENCE:
            key = self.generator.next() if self._RANDOM else None
            fn = self._augment
            if _is_concrete((images, labels, masks, boxes, key)):
                fn = self._compiled()
            images, labels, masks, boxes = fn(images, labels, masks, boxes,
                                              key)
        else:
            images = self._to_compute(images)
        if data is None:
            return images
        data["images"] = images
        if labels is not None:
            data["labels"] = labels
        if masks is not None:
            data["segmentation_masks"] = masks
        if boxes is not None:
            data["bounding_boxes"] = boxes
        return data

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        config = super().get_config()
        if self.bounding_box_format is not None:
            config["bounding_box_format"] = self.bounding_box_format
        return config
