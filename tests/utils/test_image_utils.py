"""load_img / img_to_array / array_to_img / save_img."""

import io

import numpy as np
import pytest

from kerax import config
from kerax.utils import array_to_img, img_to_array, load_img, save_img


def test_round_trip_png(tmp_path):
    x = np.random.RandomState(0).randint(0, 256, (5, 7, 3)).astype("float32")
    path = tmp_path / "a.png"
    save_img(path, x, scale=False)
    img = load_img(path)
    assert img.size == (7, 5) and img.mode == "RGB"
    np.testing.assert_array_equal(img_to_array(img), x)
    gray = img_to_array(load_img(str(path), color_mode="grayscale"))
    assert gray.shape == (5, 7, 1)
    rgba = load_img(io.BytesIO(path.read_bytes()), color_mode="rgba")
    assert img_to_array(rgba).shape == (5, 7, 4)


def test_resize_and_keep_aspect_ratio(tmp_path):
    x = np.zeros((4, 8, 3))
    x[:, 2:6] = 255
    path = tmp_path / "b.png"
    save_img(path, x, scale=False)
    img = load_img(path, target_size=(2, 4), interpolation="bilinear")
    assert img_to_array(img).shape == (2, 4, 3)
    cropped = img_to_array(load_img(path, target_size=(4, 4),
                                    keep_aspect_ratio=True))
    assert cropped.min() == 255  # the centre square is all white
    with pytest.raises(ValueError, match="interpolation=cubic"):
        load_img(path, target_size=(2, 2), interpolation="cubic")
    with pytest.raises(ValueError, match="color_mode=cmyk"):
        load_img(path, color_mode="cmyk")
    with pytest.raises(TypeError, match="path"):
        load_img(42)


def test_array_to_img_scaling_and_formats():
    img = array_to_img(np.array([[[0.0], [0.5]], [[1.0], [0.25]]]))
    assert img.mode == "L" and np.asarray(img).max() == 255
    chw = np.zeros((3, 2, 5))
    assert array_to_img(chw, data_format="channels_first").size == (5, 2)
    assert img_to_array(array_to_img(np.zeros((2, 5, 3))),
                        data_format="channels_first").shape == (3, 2, 5)
    assert img_to_array(array_to_img(np.zeros((2, 5, 1))),
                        dtype="uint8").dtype == np.uint8
    with pytest.raises(ValueError, match="rank 3"):
        array_to_img(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="2 channels"):
        array_to_img(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="data_format=nhwc"):
        img_to_array(array_to_img(np.zeros((2, 2, 3))), data_format="nhwc")
    assert config.image_data_format() == "channels_last"


def test_save_jpeg_rgba_warns(tmp_path):
    with pytest.warns(UserWarning, match="RGBA"):
        save_img(tmp_path / "c.jpg", np.zeros((2, 2, 4)))
    assert load_img(tmp_path / "c.jpg").mode == "RGB"
