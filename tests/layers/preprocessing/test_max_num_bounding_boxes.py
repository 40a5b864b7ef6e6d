"""MaxNumBoundingBoxes against Keras's."""

import os

import numpy as np
import pytest

os.environ["KERAS_BACKEND"] = "jax"
keras = pytest.importorskip("keras")

from kerax.layers import MaxNumBoundingBoxes  # noqa: E402

IMAGES = np.zeros((2, 4, 4, 3), "float32")
BOXES = np.arange(2 * 3 * 4, dtype="float32").reshape(2, 3, 4)
LABELS = np.array([[1, 2, 3], [4, 5, 6]], "int32")


@pytest.mark.parametrize("max_number", [2, 5])
def test_matches_keras(max_number):
    def data():
        return {"images": IMAGES,
                "bounding_boxes": {"boxes": BOXES, "labels": LABELS}}

    ours = MaxNumBoundingBoxes(max_number, fill_value=-2)(data())
    theirs = keras.layers.MaxNumBoundingBoxes(
        max_number, fill_value=-2, bounding_box_format="xyxy")(data())
    for key in ("boxes", "labels"):
        np.testing.assert_array_equal(ours["bounding_boxes"][key],
                                      theirs["bounding_boxes"][key])
    np.testing.assert_array_equal(ours["images"], IMAGES)


def test_unbatched_plain_images_config_and_errors():
    layer = MaxNumBoundingBoxes(4)
    out = layer({"images": IMAGES[0],
                 "bounding_boxes": {"boxes": BOXES[0], "labels": LABELS[0]}})
    assert out["bounding_boxes"]["boxes"].shape == (4, 4)
    assert out["bounding_boxes"]["labels"].tolist() == [1, 2, 3, -1]
    np.testing.assert_array_equal(layer(IMAGES), IMAGES)
    twin = MaxNumBoundingBoxes.from_config(layer.get_config())
    assert (twin.max_number, twin.fill_value) == (4, -1)
    with pytest.raises(ValueError, match="max_number"):
        MaxNumBoundingBoxes(0)
