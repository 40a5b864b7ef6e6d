"""RandAugment's bounding boxes: moved by the drawn shears, translations
and rotations (equal to Keras's on Keras's draws, consistent with the
pixels and with the public layers), kept by the colour operations."""

import functools

import jax
import numpy as np
import pytest

from kerax import layers
from kerax.utils import bounding_boxes as bb
from tests.layers.preprocessing.augmentation_parity import as_numpy

# Square images: Keras's shear moves boxes in relative units (exact there).
IMAGES = np.random.default_rng(3).uniform(0, 255, (2, 12, 12, 3)).astype(
    "float32")
BOXES = np.array([[[2, 3, 8, 9], [5, 1, 11, 6]],
                  [[0, 0, 4, 4], [7, 6, 11, 11]]], "float32")
LABELS = np.array([[1, 2], [3, 4]], "int32")
# Index pairs whose geometric operations come in Keras's operation order,
# once each (where Keras's boxes follow its images): shear 0,
# translation 1, rotation 2, colour operations 3-10.
DRAWS = ([0, 4], [3, 1], [2, 9], [1, 2], [0, 2], [5, 6])


def _jit_over_arrays(fn):
    """`fn` jitted over the array leaves of its arguments; the Python
    scalars among them (Keras's image sizes) stay static. Eager, each
    call of the boxes' `lax.scan` compiles anew."""
    array = object()

    @functools.lru_cache
    def compiled(tree, static):
        def run(arrays):
            it = iter(arrays)
            leaves = [next(it) if v is array else v for v in static]
            return fn(*jax.tree_util.tree_unflatten(tree, leaves))
        return jax.jit(run)

    def call(*args):
        leaves, tree = jax.tree_util.tree_flatten(args)
        static = tuple(array if hasattr(v, "shape") else v for v in leaves)
        return compiled(tree, static)(
            [v for v in leaves if hasattr(v, "shape")])
    return call


def _boxes():
    return {"boxes": BOXES.copy(), "labels": LABELS.copy()}


def test_boxes_match_keras_on_keras_draws(keras):
    theirs = keras.layers.RandAugment(num_ops=2, factor=0.5, seed=1,
                                      bounding_box_format="xyxy")
    ours = layers.RandAugment(num_ops=2, factor=0.5,
                              bounding_box_format="xyxy")
    move = _jit_over_arrays(ours.transform_bounding_boxes)
    moved = 0
    for draw in DRAWS:
        t = theirs.get_random_transformation(IMAGES, training=True)
        t["layer_idxes"] = keras.ops.convert_to_tensor(draw, "int32")
        # Keras shears x then y from the sheared x (exact for one of the
        # two); kerax moves the corners through the warp itself.
        shear = t["transforms"]["random_shear"]
        shear["shear_factor"] = shear["shear_factor"] * np.array([1., 0.])
        expected = theirs.transform_bounding_boxes(_boxes(), t)
        got = move(_boxes(), as_numpy(t))
        np.testing.assert_allclose(got["boxes"], expected["boxes"],
                                   atol=1e-3, err_msg=str(draw))
        np.testing.assert_array_equal(got["labels"], expected["labels"])
        moved += not np.allclose(expected["boxes"], BOXES)
    assert moved >= 4  # the draws with a geometric operation


def test_boxes_follow_the_drawn_order_as_the_public_layers():
    """Rotation then shear (the reverse of Keras's operation order): the
    boxes go through the public layers' box transforms in that order."""
    layer = layers.RandAugment(num_ops=2, factor=0.4, seed=2,
                               bounding_box_format="xyxy")
    t = layer.get_random_transformation(IMAGES, seed=5)
    t["layer_idxes"] = np.array([2, 0])
    got = layer.transform_bounding_boxes(_boxes(), t)
    rotation = layers.RandomRotation(0.1, bounding_box_format="xyxy")
    shear = layers.RandomShear(0.1, bounding_box_format="xyxy")
    angle = t["transforms"]["random_rotation"]["angle"]
    step = rotation.transform_bounding_boxes(_boxes(), {
        "angle": angle, "input_shape": IMAGES.shape,
        "rotation_matrix": layer.random_rotation._matrices(
            {"angle": angle}, 12, 12)})
    step = shear.transform_bounding_boxes(step, {
        "shear_factor": t["transforms"]["random_shear"]["shear_factor"],
        "input_shape": IMAGES.shape})
    np.testing.assert_allclose(got["boxes"], step["boxes"], atol=1e-4)
    np.testing.assert_array_equal(got["labels"], step["labels"])


def test_boxes_enclose_the_moved_object():
    """A bright square on black, translated, sheared (both ways) and
    rotated: the moved box matches where the square's pixels went."""
    image = np.zeros((1, 24, 24, 3), "float32")
    image[:, 8:16, 6:14] = 255.0
    box = {"boxes": np.array([[[6., 8., 14., 16.]]]),
           "labels": np.array([[1]])}
    layer = layers.RandAugment(num_ops=3, factor=0.15, seed=4,
                               interpolation="nearest",
                               bounding_box_format="xyxy")
    t = layer.get_random_transformation(image, seed=9)
    t["layer_idxes"] = np.array([1, 0, 2])
    out = np.asarray(layer.transform_images(image, t))[0, ..., 0]
    got = np.asarray(layer.transform_bounding_boxes(box, t)["boxes"])
    ys, xs = np.nonzero(out > 127)
    seen = np.array([[[xs.min(), ys.min(), xs.max() + 1, ys.max() + 1]]],
                    "float32")
    iou = float(np.asarray(bb.compute_iou(got[0], seen[0], "xyxy"))[0, 0])
    assert iou > 0.8, (got, seen)


def test_called_boxes_stay_valid_reproduce_and_skip_inference():
    fmt = "rel_center_xywh"
    boxes = {"boxes": bb.convert_format(BOXES, "xyxy", fmt, 12, 12),
             "labels": LABELS}
    data = {"images": IMAGES, "bounding_boxes": boxes}
    runs = []
    for _ in range(2):
        layer = layers.RandAugment(num_ops=3, factor=0.5, seed=7,
                                   bounding_box_format=fmt)
        runs.append([np.asarray(layer(data)["bounding_boxes"]["boxes"])
                     for _ in range(4)])
    np.testing.assert_array_equal(runs[0], runs[1])  # the seed reproduces
    moved = [not np.allclose(b, boxes["boxes"]) for b in runs[0]]
    assert any(moved)
    for out in runs[0]:
        xyxy = np.asarray(bb.convert_format(out, fmt, "xyxy", 12, 12))
        assert (xyxy >= -1e-4).all() and (xyxy <= 12 + 1e-4).all()
    kept = layer(data, training=False)["bounding_boxes"]
    np.testing.assert_array_equal(kept["boxes"], boxes["boxes"])
    # One image and its (N, 4) boxes.
    single = layer({"images": IMAGES[0], "bounding_boxes": {
        "boxes": boxes["boxes"][0], "labels": LABELS[0]}})
    assert single["bounding_boxes"]["boxes"].shape == (2, 4)
    assert single["bounding_boxes"]["labels"].shape == (2,)


def test_aug_mix_keeps_the_boxes():
    boxes = _boxes()
    layer = layers.AugMix(num_chains=1, chain_depth=1, all_ops=False,
                          seed=1, bounding_box_format="xyxy")
    out = layer({"images": IMAGES, "bounding_boxes": boxes})
    np.testing.assert_array_equal(out["bounding_boxes"]["boxes"], BOXES)
    np.testing.assert_array_equal(out["bounding_boxes"]["labels"], LABELS)
    assert not np.allclose(out["images"], IMAGES)


@pytest.mark.parametrize("layer", [
    layers.RandAugment(seed=1), layers.AugMix(seed=1),
    layers.RandomHue(0.2, seed=1), layers.MixUp(seed=1),
])
def test_boxes_need_a_format(layer):
    """As Keras: boxes in the input need the layer's
    `bounding_box_format`."""
    name = type(layer).__name__
    with pytest.raises(ValueError, match=f"{name}.*bounding_box_format"):
        layer({"images": IMAGES, "bounding_boxes": _boxes()})
