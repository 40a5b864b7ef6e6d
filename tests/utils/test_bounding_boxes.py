"""kerax.utils.bounding_boxes against Keras's functions on the same inputs."""

import os

import numpy as np
import pytest

os.environ["KERAS_BACKEND"] = "jax"
keras = pytest.importorskip("keras")
kbb = keras.utils.bounding_boxes

from kerax.utils import bounding_boxes as bb  # noqa: E402

FORMATS = bb.SUPPORTED_FORMATS
RNG = np.random.default_rng(0)
H, W = 40, 60


def _xyxy_boxes(shape):
    x1 = RNG.uniform(0, W / 2, shape)
    y1 = RNG.uniform(0, H / 2, shape)
    x2 = x1 + RNG.uniform(1, W / 2, shape)
    y2 = y1 + RNG.uniform(1, H / 2, shape)
    return np.stack([x1, y1, x2, y2], axis=-1).astype("float32")


BOXES = _xyxy_boxes((2, 5))


def _in(fmt, boxes=BOXES):
    return np.asarray(kbb.convert_format(boxes, "xyxy", fmt, H, W))


@pytest.mark.parametrize("source", FORMATS)
def test_convert_format_matches_keras_from_every_format(source):
    boxes = _in(source)
    for target in FORMATS:
        ours = bb.convert_format(boxes, source, target, height=H, width=W)
        theirs = kbb.convert_format(boxes, source, target, height=H, width=W)
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-5)


def test_convert_format_dict_case_and_errors():
    out = bb.convert_format({"boxes": BOXES, "labels": np.ones((2, 5))},
                            "XYXY", "xywh")
    np.testing.assert_allclose(
        out["boxes"], kbb.convert_format(BOXES, "xyxy", "xywh"), rtol=1e-6)
    assert out["labels"].shape == (2, 5)
    with pytest.raises(ValueError, match="height"):
        bb.convert_format(BOXES, "xyxy", "rel_xyxy")
    with pytest.raises(ValueError, match="source"):
        bb.convert_format(BOXES, "xyz", "xyxy")
    with pytest.raises(ValueError, match="last axis"):
        bb.convert_format(np.zeros((3, 5)), "xyxy", "xywh")


@pytest.mark.parametrize("fmt", ["xyxy", "rel_xyxy"])
def test_clip_to_image_size_matches_keras(fmt):
    boxes = np.array([[[-5, -3, 70, 20], [10, 10, 30, 50], [65, 1, 80, 5]]],
                     "float32")
    if fmt == "rel_xyxy":
        boxes = boxes / np.array([W, H, W, H], "float32")
    data = {"boxes": boxes, "labels": np.array([[1, 2, 3]])}
    ours = bb.clip_to_image_size(dict(data), H, W, fmt)
    theirs = kbb.clip_to_image_size(dict(data), H, W, fmt)
    np.testing.assert_allclose(ours["boxes"], theirs["boxes"], rtol=1e-6)
    np.testing.assert_array_equal(ours["labels"], theirs["labels"])


def test_clip_to_image_size_other_formats():
    data = {"boxes": np.array([[-5., -5., 20., 10.]]), "labels": np.array([4])}
    out = bb.clip_to_image_size(data, H, W, "xywh")
    np.testing.assert_allclose(out["boxes"], [[0., 0., 15., 5.]])
    with pytest.raises(ValueError, match="height"):
        bb.clip_to_image_size(data, bounding_box_format="xyxy")


def test_affine_transform_matches_keras():
    params = [np.array(v, "float32") for v in (
        [15.0, -30.0], [0.1, -0.05], [0.0, 0.2], [1.0, 0.8], [5.0, 0.0],
        [0.0, -8.0])]
    ours = bb.affine_transform(BOXES, *params, H, W)
    theirs = kbb.affine_transform(BOXES, *params, H, W)
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-3)
    ours = bb.affine_transform(BOXES, *params, H, W, center_x=0.2,
                               center_y=0.7)
    theirs = kbb.affine_transform(BOXES, *params, H, W, center_x=0.2,
                                  center_y=0.7)
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-3)
    # Other formats: converted to xyxy and back.
    rel = bb.affine_transform(_in("rel_xyxy"), *params, H, W,
                              bounding_box_format="rel_xyxy")
    np.testing.assert_allclose(
        bb.convert_format(rel, "rel_xyxy", "xyxy", H, W),
        kbb.affine_transform(BOXES, *params, H, W), rtol=1e-4, atol=1e-3)


def test_crop_and_pad_match_keras():
    ours = bb.crop(BOXES, 5, 7, 20, 30)
    theirs = kbb.crop(BOXES, 5, 7, 20, 30)
    np.testing.assert_allclose(ours, theirs, rtol=1e-6)
    np.testing.assert_allclose(bb.pad(BOXES, 3, 4), kbb.pad(BOXES, 3, 4),
                               rtol=1e-6)
    yxyx = bb.pad(_in("yxyx"), 3, 4, bounding_box_format="yxyx")
    np.testing.assert_allclose(bb.convert_format(yxyx, "yxyx", "xyxy"),
                               kbb.pad(BOXES, 3, 4), rtol=1e-6)


@pytest.mark.parametrize("encoding", ["center_yxhw", "center_xywh"])
@pytest.mark.parametrize("variance", [None, [0.1, 0.1, 0.2, 0.2]])
def test_encode_decode_match_keras(encoding, variance):
    anchors = _xyxy_boxes((5,))
    kwargs = {"variance": variance, "image_shape": (H, W, 3)}
    ours = bb.encode_box_to_deltas(anchors, _in("rel_xywh"), "xyxy",
                                   "rel_xywh", encoding, **kwargs)
    theirs = kbb.encode_box_to_deltas(anchors, _in("rel_xywh"), "xyxy",
                                      "rel_xywh", encoding, **kwargs)
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-5)
    back = bb.decode_deltas_to_boxes(anchors, ours, "xyxy", "yxyx",
                                     encoding, **kwargs)
    their_back = kbb.decode_deltas_to_boxes(anchors, theirs, "xyxy", "yxyx",
                                            encoding, **kwargs)
    np.testing.assert_allclose(back, their_back, rtol=1e-4, atol=1e-3)
    np.testing.assert_allclose(back, _in("yxyx"), rtol=1e-4, atol=1e-3)
    levels = bb.decode_deltas_to_boxes({"p3": anchors}, {"p3": ours}, "xyxy",
                                       "yxyx", encoding, **kwargs)
    np.testing.assert_allclose(levels["p3"], back, rtol=1e-6)
    with pytest.raises(ValueError, match="encoding_format"):
        bb.encode_box_to_deltas(anchors, BOXES, "xyxy", "xyxy", "xyxy")
    with pytest.raises(ValueError, match="variance"):
        bb.encode_box_to_deltas(anchors, BOXES, "xyxy", "xyxy",
                                variance=[1.0, 2.0])


@pytest.mark.parametrize("fmt", ["xyxy", "yxyx", "center_xywh"])
def test_compute_iou_matches_keras(fmt):
    first = _in(fmt)
    second = _in(fmt, _xyxy_boxes((2, 3)))
    for a, b in ((first, second), (first[0], second[0]), (first, second[0]),
                 (first[0], second)):
        np.testing.assert_allclose(bb.compute_iou(a, b, fmt),
                                   kbb.compute_iou(a, b, fmt), atol=1e-6)
    masked = second.copy()
    masked[:, 1] = -1
    np.testing.assert_allclose(
        bb.compute_iou(first, masked, fmt, use_masking=True, mask_val=-2),
        kbb.compute_iou(first, masked, fmt, use_masking=True, mask_val=-2),
        atol=1e-6)
    rel = bb.compute_iou(_in("rel_xyxy"), _in("rel_xyxy"), "rel_xyxy",
                         image_shape=(H, W, 3))
    np.testing.assert_allclose(rel, kbb.compute_iou(BOXES, BOXES, "xyxy"),
                               atol=1e-5)
    with pytest.raises(ValueError, match="image_shape"):
        bb.compute_iou(BOXES, BOXES, "rel_xyxy")
    with pytest.raises(ValueError, match="rank"):
        bb.compute_iou(BOXES[0, 0], BOXES, "xyxy")


@pytest.mark.parametrize("fmt", ["xyxy", "xywh", "center_yxhw"])
def test_compute_ciou_matches_keras(fmt):
    first, second = _in(fmt), _in(fmt, _xyxy_boxes((2, 5)))
    np.testing.assert_allclose(bb.compute_ciou(first, second, fmt),
                               kbb.compute_ciou(first, second, fmt),
                               rtol=1e-5, atol=1e-6)
