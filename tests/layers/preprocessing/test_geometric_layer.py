"""Geometric layers on `{"images", "bounding_boxes", "labels",
"segmentation_masks"}` inputs, against Keras's layers.

Fixed factors make rotation, translation and zoom deterministic; flip,
shear and perspective draw signs/corners at random, so Keras's layer is
fed kerax's drawn transformation (same dict keys as Keras's).
"""

import os

import jax
import numpy as np
import pytest

os.environ["KERAS_BACKEND"] = "jax"
keras = pytest.importorskip("keras")

import kerax  # noqa: E402
from kerax.utils import bounding_boxes as bb  # noqa: E402

RNG = np.random.default_rng(0)
IMAGES = RNG.uniform(0, 255, (2, 12, 16, 3)).astype("float32")
BOXES = np.array([[[2, 3, 8, 9], [5, 1, 14, 6]],
                  [[0, 0, 4, 4], [10, 6, 15, 11]]], "float32")
LABELS = np.array([[1, 2], [3, 4]], "int32")
MASKS = RNG.integers(0, 4, (2, 12, 16, 1)).astype("int32")


def _data(fmt="xyxy", masks=False):
    boxes = np.asarray(bb.convert_format(BOXES, "xyxy", fmt, 12, 16))
    data = {"images": IMAGES.copy(),
            "bounding_boxes": {"boxes": boxes, "labels": LABELS.copy()},
            "labels": np.array([0, 1])}
    if masks:
        data["segmentation_masks"] = MASKS.copy()
    return data


def _xyxy(out, fmt, height=12, width=16):
    return np.asarray(bb.convert_format(out["bounding_boxes"]["boxes"], fmt,
                                        "xyxy", height, width))


def _assert_boxes_match(ours, theirs):
    ours, theirs = np.asarray(ours), np.asarray(theirs)
    iou = np.asarray(bb.compute_iou(ours.reshape(-1, 4),
                                    theirs.reshape(-1, 4), "xyxy"))
    diagonal = np.diag(iou)
    nonempty = (theirs[..., 2] > theirs[..., 0]).reshape(-1)
    assert (diagonal[nonempty] >= 0.99).all(), (ours, theirs)
    np.testing.assert_allclose(ours, theirs, atol=1e-3)


DETERMINISTIC = [
    ("RandomRotation", {"factor": (0.05, 0.05), "fill_mode": "constant"},
     "xyxy"),
    ("RandomTranslation", {"height_factor": (0.1, 0.1),
                           "width_factor": (-0.2, -0.2),
                           "fill_mode": "constant"}, "center_xywh"),
    ("RandomZoom", {"height_factor": (0.2, 0.2), "width_factor": (-0.1, -0.1),
                    "fill_mode": "constant"}, "rel_yxyx"),
    ("RandomZoom", {"height_factor": (-0.3, -0.3)}, "xywh"),
    ("Resizing", {"height": 8, "width": 8}, "xyxy"),
    ("Resizing", {"height": 8, "width": 8, "crop_to_aspect_ratio": True},
     "yxyx"),
    ("Resizing", {"height": 8, "width": 8, "pad_to_aspect_ratio": True},
     "xyxy"),
    ("CenterCrop", {"height": 8, "width": 10}, "xyxy"),
    ("CenterCrop", {"height": 14, "width": 10}, "xyxy"),
]


@pytest.mark.parametrize(("name", "kwargs", "fmt"), DETERMINISTIC)
def test_fixed_factors_match_keras(name, kwargs, fmt):
    ours = getattr(kerax.layers, name)(bounding_box_format=fmt, **kwargs)
    theirs = getattr(keras.layers, name)(bounding_box_format=fmt, **kwargs)
    out, ref = ours(_data(fmt)), theirs(_data(fmt))
    np.testing.assert_allclose(out["images"], ref["images"], atol=1e-3)
    height, width = out["images"].shape[1:3]
    _assert_boxes_match(_xyxy(out, fmt, height, width),
                        _xyxy(ref, fmt, height, width))
    np.testing.assert_array_equal(out["bounding_boxes"]["labels"],
                                  ref["bounding_boxes"]["labels"])
    np.testing.assert_array_equal(out["labels"], [0, 1])


def test_masks_follow_the_pixels_like_keras():
    kwargs = {"factor": (0.1, 0.1), "fill_mode": "constant",
              "bounding_box_format": "xyxy"}
    out = kerax.layers.RandomRotation(**kwargs)(_data(masks=True))
    ref = keras.layers.RandomRotation(**kwargs)(_data(masks=True))
    masks = out["segmentation_masks"]
    assert masks.dtype == np.int32 and masks.shape == MASKS.shape
    np.testing.assert_array_equal(masks, np.asarray(ref["segmentation_masks"]))
    out = kerax.layers.Resizing(6, 8, bounding_box_format="xyxy")(
        _data(masks=True))
    ref = keras.layers.Resizing(6, 8, bounding_box_format="xyxy")(
        _data(masks=True))
    np.testing.assert_array_equal(out["segmentation_masks"],
                                  ref["segmentation_masks"])


def _keras_twin(ours, theirs, data, transformation):
    """Keras's layer transforming `data` with kerax's transformation."""
    transformation = jax.tree_util.tree_map(np.asarray, transformation)
    boxes = dict(data["bounding_boxes"])
    images = theirs.transform_images(data["images"], transformation)
    boxes = theirs.transform_bounding_boxes(boxes, transformation)
    return np.asarray(images), np.asarray(boxes["boxes"])


@pytest.mark.parametrize(("name", "kwargs", "fmt"), [
    ("RandomFlip", {"mode": "horizontal_and_vertical", "seed": 3},
     "rel_center_xywh"),
    ("RandomFlip", {"mode": "horizontal", "seed": 4}, "xyxy"),
    ("RandomShear", {"x_factor": (0.2, 0.3), "seed": 5,
                     "fill_mode": "constant"}, "xyxy"),
    ("RandomShear", {"y_factor": 0.25, "seed": 6}, "xyxy"),
    ("RandomPerspective", {"scale": 0.4, "seed": 7}, "xyxy"),
])
def test_random_layers_match_keras_on_the_same_draw(name, kwargs, fmt):
    # Keras's shear moves boxes in relative units, exact on square images.
    images = IMAGES[:, :12, :12] if name == "RandomShear" else IMAGES
    height, width = images.shape[1:3]
    ours = getattr(kerax.layers, name)(bounding_box_format=fmt, **kwargs)
    theirs = getattr(keras.layers, name)(bounding_box_format=fmt, **kwargs)
    data = _data(fmt)
    data["images"] = images
    transformation = ours.get_random_transformation(images.shape)
    out_images = ours.transform_images(images, transformation)
    out_boxes = ours.transform_bounding_boxes(dict(data["bounding_boxes"]),
                                              transformation)
    ref_images, ref_boxes = _keras_twin(ours, theirs, data, transformation)
    np.testing.assert_allclose(out_images, ref_images, atol=1e-3)
    if name == "RandomPerspective":  # Keras returns its boxes in xyxy
        ref_boxes = bb.convert_format(ref_boxes, "xyxy", fmt, height, width)
    _assert_boxes_match(
        bb.convert_format(out_boxes["boxes"], fmt, "xyxy", height, width),
        bb.convert_format(ref_boxes, fmt, "xyxy", height, width))


def test_random_crop_boxes_follow_the_window():
    # Pixel values encode their coordinates: the crop's corner is read back.
    ys, xs = np.mgrid[0:12, 0:16]
    images = np.stack([ys, xs, xs * 0], -1)[None].astype("float32")
    data = {"images": images,
            "bounding_boxes": {"boxes": BOXES[:1], "labels": LABELS[:1]}}
    out = kerax.layers.RandomCrop(6, 9, seed=2, bounding_box_format="xyxy")(
        data)
    top, left = int(out["images"][0, 0, 0, 0]), int(out["images"][0, 0, 0, 1])
    expected = bb.crop(BOXES[:1], top, left, 6, 9)
    np.testing.assert_allclose(out["bounding_boxes"]["boxes"], expected)
    # Too small an input: the centred window of the target ratio, resized.
    out = kerax.layers.RandomCrop(16, 16, bounding_box_format="xyxy")(data)
    expected = bb.crop(BOXES[:1], 0, 2, 12, 12) * (16 / 12)
    np.testing.assert_allclose(out["bounding_boxes"]["boxes"], expected,
                               rtol=1e-6)


@pytest.mark.parametrize("layer", [
    kerax.layers.RandomFlip(seed=1, bounding_box_format="xyxy"),
    kerax.layers.RandomRotation(0.2, seed=1, bounding_box_format="xyxy"),
    kerax.layers.RandomShear(0.3, 0.3, seed=1, bounding_box_format="xyxy"),
    kerax.layers.RandomPerspective(seed=1, bounding_box_format="xyxy"),
    kerax.layers.RandomCrop(6, 6, seed=1, bounding_box_format="xyxy"),
], ids=lambda layer: type(layer).__name__)
def test_inference_is_identity_and_seed_reproduces(layer):
    out = layer(_data(masks=True), training=False)
    np.testing.assert_array_equal(out["images"], IMAGES)
    np.testing.assert_array_equal(out["bounding_boxes"]["boxes"], BOXES)
    np.testing.assert_array_equal(out["segmentation_masks"], MASKS)
    twin = type(layer).from_config(layer.get_config())
    assert twin.bounding_box_format == "xyxy"
    first, second = layer(_data()), twin(_data())
    np.testing.assert_array_equal(first["images"], second["images"])
    np.testing.assert_array_equal(first["bounding_boxes"]["boxes"],
                                  second["bounding_boxes"]["boxes"])


def test_unbatched_ragged_lists_and_errors():
    layer = kerax.layers.RandomRotation((0.25, 0.25), bounding_box_format="xyxy")
    out = layer({"images": IMAGES[0, :, :12],
                 "bounding_boxes": {"boxes": [[0, 0, 4, 2]], "labels": [7]}})
    assert out["images"].shape == (12, 12, 3)
    np.testing.assert_allclose(out["bounding_boxes"]["boxes"],
                               [[0, 7.0, 2, 11.0]], atol=1e-4)
    assert out["bounding_boxes"]["labels"].tolist() == [7]
    ragged = kerax.layers.MaxNumBoundingBoxes(3)(
        {"images": IMAGES,
         "bounding_boxes": {"boxes": [[[1, 1, 2, 2]], []], "labels": [[1], []]}})
    assert ragged["bounding_boxes"]["labels"].tolist() == [[1, -1, -1]] * 1 + [
        [-1, -1, -1]]
    with pytest.raises(ValueError, match="bounding_box_format"):
        kerax.layers.RandomFlip()(_data())
    with pytest.raises(ValueError, match="bounding_box_format"):
        kerax.layers.RandomFlip(bounding_box_format="corners")
    with pytest.raises(ValueError, match="images"):
        kerax.layers.RandomFlip()({"bounding_boxes": {}})


def test_dict_inputs_inside_jit():
    layer = kerax.layers.RandomTranslation(0.2, 0.2, seed=3,
                                           bounding_box_format="xyxy")
    state = [v.value for v in layer.non_trainable_variables]

    @jax.jit
    def step(state, data):
        out, state = layer.stateless_call([], state, data, training=True)
        return out, state

    out, state = step(state, _data())
    assert out["bounding_boxes"]["boxes"].shape == (2, 2, 4)
    again, _ = step(state, _data())
    assert not np.array_equal(out["images"], again["images"])


def test_layers_train_inside_a_model_and_rest_at_inference():
    layers = kerax.layers
    model = kerax.Sequential([
        kerax.Input((12, 12, 3)),
        layers.RandomShear(0.2, 0.2, seed=1),
        layers.RandomPerspective(scale=0.3, seed=2),
        layers.RandomFlip(seed=3),
        layers.RandomCrop(10, 10, seed=4),
        layers.CenterCrop(8, 8),
        layers.Resizing(6, 6),
        layers.Flatten(),
        layers.Dense(2),
    ])
    model.compile("sgd", "mse")
    x = IMAGES[:, :12, :12] / 255.0
    history = model.fit(x, np.zeros((2, 2)), epochs=2, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    np.testing.assert_array_equal(model.predict(x, verbose=0),
                                  model.predict(x, verbose=0))


def test_symbolic_dict_inputs_in_a_functional_model():
    images = kerax.Input((12, 12, 3))
    boxes = kerax.Input((4, 4))
    labels = kerax.Input((4,), dtype="int32")
    out = kerax.layers.Resizing(6, 6, bounding_box_format="xyxy")(
        {"images": images,
         "bounding_boxes": {"boxes": boxes, "labels": labels}})
    assert out["images"].shape == (None, 6, 6, 3)
    assert out["bounding_boxes"]["boxes"].shape == (None, 4, 4)
    model = kerax.Model([images, boxes, labels],
                        [out["images"], out["bounding_boxes"]["boxes"]])
    result = model.predict([np.zeros((2, 12, 12, 3)), np.full((2, 4, 4), 6.0),
                            np.ones((2, 4), "int32")], verbose=0)
    np.testing.assert_allclose(result[1], 3.0)
    shapes = kerax.layers.MaxNumBoundingBoxes(7).compute_output_shape(
        {"images": (None, 8, 8, 3),
         "bounding_boxes": {"boxes": (None, 3, 4), "labels": (None, 3)}})
    assert shapes["bounding_boxes"] == {"boxes": (None, 7, 4),
                                        "labels": (None, 7)}


def test_boxes_stay_float32_under_mixed_precision():
    layer = kerax.layers.RandomTranslation(
        (0.0, 0.0), (0.0, 0.0), bounding_box_format="xyxy",
        dtype="mixed_bfloat16")
    boxes = np.array([[[300.7, 401.3, 511.1, 599.9]]], "float32")
    out = layer({"images": np.ones((1, 600, 600, 1), "float32"),
                 "bounding_boxes": {"boxes": boxes, "labels": [[1]]}})
    assert out["images"].dtype == jax.numpy.bfloat16
    np.testing.assert_allclose(out["bounding_boxes"]["boxes"], boxes,
                               rtol=1e-6)
    resized = kerax.layers.Resizing(2, 2, dtype="mixed_bfloat16")(
        np.ones((1, 4, 4, 1), "float32"))
    assert resized.dtype == jax.numpy.bfloat16


def test_channels_first_dicts_match_channels_last():
    kwargs = {"factor": (0.1, 0.1), "bounding_box_format": "xyxy",
              "fill_mode": "constant"}
    last = kerax.layers.RandomRotation(**kwargs)(_data(masks=True))
    data = _data(masks=True)
    data["images"] = data["images"].transpose(0, 3, 1, 2)
    data["segmentation_masks"] = MASKS.transpose(0, 3, 1, 2)
    first = kerax.layers.RandomRotation(data_format="channels_first",
                                        **kwargs)(data)
    np.testing.assert_allclose(first["images"].transpose(0, 2, 3, 1),
                               last["images"], atol=1e-4)
    np.testing.assert_array_equal(
        first["segmentation_masks"].transpose(0, 2, 3, 1),
        last["segmentation_masks"])
    np.testing.assert_allclose(first["bounding_boxes"]["boxes"],
                               last["bounding_boxes"]["boxes"], atol=1e-5)


def test_in_a_data_pipeline():
    from kerax.utils import BatchDataset

    def load(indices):
        return {"images": IMAGES[indices % 2],
                "bounding_boxes": {"boxes": BOXES[indices % 2],
                                   "labels": LABELS[indices % 2]}}

    flip = kerax.layers.RandomFlip("horizontal", seed=1,
                                   bounding_box_format="xyxy")
    dataset = BatchDataset(4, load, batch_size=2).map(flip)
    for batch in dataset:
        boxes = np.asarray(batch["bounding_boxes"]["boxes"])
        flipped = np.isclose(boxes[..., 0], 16 - BOXES[..., 2]).all(-1)
        kept = np.isclose(boxes, BOXES).all((-1, -2))
        assert (flipped | kept).all()


@pytest.mark.parametrize(("name", "kwargs"), [
    ("RandomFlip", {"mode": "horizontal", "seed": 1}),
    ("RandomRotation", {"factor": 0.2, "seed": 1}),
    ("RandomTranslation", {"height_factor": 0.1, "width_factor": 0.2}),
    ("RandomZoom", {"height_factor": 0.2}),
    ("RandomCrop", {"height": 4, "width": 4, "seed": 1}),
    ("Resizing", {"height": 4, "width": 4}),
    ("CenterCrop", {"height": 4, "width": 4}),
    ("RandomShear", {"x_factor": 0.2, "y_factor": (0.1, 0.3)}),
    ("RandomPerspective", {"factor": 0.5, "scale": 0.3}),
    ("MaxNumBoundingBoxes", {"max_number": 3}),
])
def test_keras_configs_load(name, kwargs):
    config = getattr(keras.layers, name)(bounding_box_format="yxyx",
                                         **kwargs).get_config()
    layer = getattr(kerax.layers, name).from_config(config)
    assert layer.bounding_box_format == "yxyx"
