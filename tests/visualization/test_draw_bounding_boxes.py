"""draw_bounding_boxes draws boxes (and names) onto image arrays."""

import numpy as np
import pytest

from kerax.visualization import draw_bounding_boxes

BOXES = {"boxes": np.array([[[2, 3, 12, 9], [0, 0, 4, 4]]], "float32"),
         "labels": np.array([[1, -1]])}


def test_outline_in_color_inside_untouched_padding_skipped():
    out = draw_bounding_boxes(np.zeros((1, 16, 16, 3)), BOXES, "xyxy",
                              color=(255, 0, 0), line_thickness=1)
    assert out.dtype == np.uint8 and out.shape == (1, 16, 16, 3)
    assert out[0, 3, 2].tolist() == [255, 0, 0]
    assert out[0, 9, 12].tolist() == [255, 0, 0]
    assert out[0, 6, 7].tolist() == [0, 0, 0]
    assert out[0, 0, 0].tolist() == [0, 0, 0]  # label -1: not drawn


def test_formats_layouts_text_and_errors():
    rel = {"boxes": np.array([[[0.125, 0.1875, 0.75, 0.5625]]]),
           "labels": np.array([[1]]),
           "confidences": np.array([[0.9]])}
    images = np.full((1, 3, 16, 16), 0.5, "float32")
    out = draw_bounding_boxes(images, rel, "rel_xyxy", color=(0, 255, 0),
                              line_thickness=1, class_mapping={1: "cat"},
                              data_format="channels_first")
    assert out.shape == (1, 3, 16, 16)
    assert out[0, :, 3, 2].tolist() == [0, 255, 0]
    assert out[0, :, 6, 7].tolist() == [127, 127, 127]
    gray = draw_bounding_boxes(np.zeros((1, 16, 16, 1)), BOXES, "xyxy",
                               color=(90, 90, 90), line_thickness=1)
    assert gray[0, 3, 2, 0] == 90
    with pytest.raises(ValueError, match="rank 4"):
        draw_bounding_boxes(np.zeros((16, 16, 3)), BOXES, "xyxy")
    with pytest.raises(TypeError, match="dict"):
        draw_bounding_boxes(np.zeros((1, 16, 16, 3)), [1], "xyxy")
    with pytest.raises(ValueError, match="labels"):
        draw_bounding_boxes(np.zeros((1, 16, 16, 3)), {"boxes": 1}, "xyxy")
