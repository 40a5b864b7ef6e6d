"""The plot_* galleries write image files that Pillow opens."""

import numpy as np
import pytest
from PIL import Image

pytest.importorskip("matplotlib")

from kerax import visualization

RNG = np.random.default_rng(0)
IMAGES = RNG.uniform(0, 1, (3, 12, 12, 3)).astype("float32")


def _open(path):
    with Image.open(path) as image:
        image.load()
        assert image.format == "PNG"
        assert image.size[0] > 10 and image.size[1] > 10
        return np.asarray(image)


def test_plot_image_gallery_writes_png(tmp_path):
    path = tmp_path / "gallery.png"
    visualization.plot_image_gallery(
        IMAGES, y_true=np.array([0, 1, 0]), y_pred=np.array([1, 1, 0]),
        label_map={0: "cat", 1: "dog"}, value_range=(0, 1), path=str(path))
    pixels = _open(path)
    assert pixels[..., :3].max() > 0
    single = tmp_path / "single.png"
    visualization.plot_image_gallery(IMAGES[:1, :, :, :1] * 255,
                                     path=str(single), transparent=False)
    _open(single)
    with pytest.raises(ValueError, match="label_map"):
        visualization.plot_image_gallery(IMAGES, y_true=[0, 1, 0],
                                         path=str(path))
    with pytest.raises(ValueError, match="path"):
        visualization.plot_image_gallery(IMAGES, path=str(path), show=True)


def test_plot_bounding_box_gallery_writes_png(tmp_path):
    path = tmp_path / "boxes.png"
    boxes = {"boxes": np.array([[[1, 1, 8, 8]]] * 3, "float32"),
             "labels": np.zeros((3, 1), "int32")}
    visualization.plot_bounding_box_gallery(
        IMAGES, "xyxy", y_true=boxes, y_pred=boxes, value_range=(0, 1),
        class_mapping={0: "thing"}, legend=True, rows=1, cols=3,
        path=str(path))
    _open(path)
    with pytest.raises(ValueError, match="legend"):
        visualization.plot_bounding_box_gallery(
            IMAGES, "xyxy", legend=True, legend_handles=[1], path=str(path))


def test_plot_segmentation_mask_gallery_writes_png(tmp_path):
    path = tmp_path / "masks.png"
    masks = RNG.integers(0, 3, (3, 12, 12, 1)).astype("int32")
    visualization.plot_segmentation_mask_gallery(
        IMAGES.transpose(0, 3, 1, 2), num_classes=3, value_range=(0, 1),
        y_true=masks.transpose(0, 3, 1, 2), y_pred=masks.transpose(0, 3, 1, 2),
        data_format="channels_first", path=str(path))
    _open(path)
