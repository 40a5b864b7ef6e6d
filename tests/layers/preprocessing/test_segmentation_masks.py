"""Segmentation masks in the augmentation layers whose Keras versions
move them (elastic warp, CutMix, MixUp, RandAugment, AugMix): nearest
sampling keeps the class ids, the masks follow the pixels."""

import jax
import numpy as np
import pytest

from kerax import layers
from tests.layers.preprocessing.augmentation_parity import as_numpy

RNG = np.random.default_rng(5)
MASKS = RNG.integers(0, 4, (3, 12, 10, 1)).astype("int32")
# Images equal to the masks: a layer that moves pixels without changing
# their values must give masks equal to its images.
IMAGES = np.repeat(MASKS, 3, axis=-1).astype("float32")


BOXES = {"boxes": np.array([[[1, 1, 4, 4]], [[2, 2, 6, 6]],
                            [[0, 0, 3, 5]]], "float32"),
         "labels": np.array([[1], [2], [3]], "int32")}


def _call(layer):
    return layer({"images": IMAGES, "segmentation_masks": MASKS})


@pytest.fixture(scope="module")
def mix_up_called():
    """One MixUp call on images, masks and boxes (one compile shared by
    the mask and the box tests)."""
    layer = layers.MixUp(seed=2, bounding_box_format="xyxy")
    return layer({"images": IMAGES, "segmentation_masks": MASKS,
                  "bounding_boxes": BOXES})


def test_elastic_masks_match_keras_and_follow_the_pixels(keras):
    t = {"apply_transform": np.array([True, False, True]),
         "distortion_factor": 0.8, "seed": 5}
    kwargs = {"scale": (0.8, 0.8), "interpolation": "nearest"}
    theirs = keras.layers.RandomElasticTransform(**kwargs)
    ours = layers.RandomElasticTransform(**kwargs)
    # Keras draws its noise in the masks' dtype: float masks there.
    expected = theirs.transform_segmentation_masks(
        MASKS.astype("float32"), t)
    got = ours.transform_segmentation_masks(
        MASKS, dict(t, seed=np.array([5, 0], "uint32")))
    assert got.dtype == np.int32
    np.testing.assert_array_equal(got, np.asarray(expected))
    out = _call(layers.RandomElasticTransform(
        scale=(0.8, 0.8), interpolation="nearest", seed=2))
    np.testing.assert_array_equal(out["segmentation_masks"][..., 0],
                                  out["images"][..., 0])
    assert not np.array_equal(out["segmentation_masks"], MASKS)


def test_cut_mix_pastes_the_partner_masks():
    out = _call(layers.CutMix(seed=3))
    masks = np.asarray(out["segmentation_masks"])
    assert masks.dtype == np.int32
    np.testing.assert_array_equal(masks[..., 0], out["images"][..., 0])


def test_mix_up_blends_the_masks(mix_up_called):
    layer = layers.MixUp(alpha=0.5, seed=4)
    t = layer.get_random_transformation(IMAGES, seed=9)
    got = np.asarray(layer.transform_segmentation_masks(MASKS, t))
    weight = np.asarray(t["mix_weight"]).reshape(-1, 1, 1, 1)
    partner = MASKS[np.asarray(t["permutation_order"])]
    np.testing.assert_allclose(got, weight * MASKS + (1 - weight) * partner,
                               rtol=1e-6)
    assert mix_up_called["segmentation_masks"].dtype == np.float32


def test_rand_augment_masks_match_keras_on_keras_draws(keras):
    theirs = keras.layers.RandAugment(num_ops=2, factor=0.5, seed=1,
                                      interpolation="nearest")
    ours = layers.RandAugment(num_ops=2, factor=0.5,
                              interpolation="nearest")
    apply = jax.jit(ours.transform_segmentation_masks)
    moved = 0
    for _ in range(3):
        t = theirs.get_random_transformation(IMAGES, training=True)
        expected = np.asarray(theirs.transform_segmentation_masks(MASKS, t))
        got = apply(MASKS, as_numpy(t))
        np.testing.assert_array_equal(got, expected)
        moved += not np.array_equal(expected, MASKS)
    assert moved  # a shear, translation or rotation was drawn


def test_aug_mix_masks_are_soft_blends_in_range():
    out = _call(layers.AugMix(num_chains=2, chain_depth=2, seed=6))
    masks = np.asarray(out["segmentation_masks"])
    assert masks.shape == MASKS.shape and masks.dtype == np.float32
    assert masks.min() >= 0 and masks.max() <= 3


@pytest.mark.parametrize("layer", [
    layers.RandomElasticTransform(seed=1), layers.CutMix(seed=1),
    layers.RandAugment(seed=1),
])
def test_masks_unchanged_at_inference(layer):
    out = layer({"images": IMAGES, "segmentation_masks": MASKS},
                training=False)
    np.testing.assert_array_equal(out["segmentation_masks"], MASKS)


def test_every_augmentation_takes_a_bounding_box_format(mix_up_called):
    """Keras's image layers all take `bounding_box_format`; the colour
    layers keep the boxes, MixUp adds each partner's boxes."""
    boxes = BOXES
    hue = layers.RandomHue(0.3, bounding_box_format="xyxy", seed=1)
    assert hue.get_config()["bounding_box_format"] == "xyxy"
    out = hue({"images": IMAGES, "bounding_boxes": boxes})
    np.testing.assert_array_equal(out["bounding_boxes"]["boxes"],
                                  boxes["boxes"])
    with pytest.raises(ValueError, match="bounding_box_format"):
        layers.RandomSaturation(0.3, bounding_box_format="corners")
    mix = layers.MixUp(seed=2, bounding_box_format="xyxy")
    t = mix.get_random_transformation(IMAGES, seed=4)
    got = mix.transform_bounding_boxes(boxes, t)
    order = np.asarray(t["permutation_order"])
    np.testing.assert_array_equal(
        got["boxes"], np.concatenate([boxes["boxes"],
                                      boxes["boxes"][order]], axis=1))
    np.testing.assert_array_equal(
        got["labels"], np.concatenate([boxes["labels"],
                                       boxes["labels"][order]], axis=1))
    assert mix_up_called["bounding_boxes"]["boxes"].shape == (3, 2, 4)
