"""K padding and resizing (channels last and first) against NumPy."""

import numpy as np
import pytest

from kerax import backend as K

RNG = np.random.default_rng(3)
IMG = RNG.normal(size=(2, 3, 4, 2)).astype("float32")
VOL = RNG.normal(size=(1, 2, 3, 2, 2)).astype("float32")


def test_temporal_padding(three_ways):
    x = IMG[:, :, :, 0]
    out = three_ways(K.temporal_padding, (x, (1, 2)), {})
    np.testing.assert_array_equal(out, np.pad(x, ((0, 0), (1, 2), (0, 0))))


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_spatial_padding(three_ways, data_format):
    pads = ((1, 0), (2, 1))
    out = three_ways(K.spatial_2d_padding, (IMG,),
                     {"padding": pads, "data_format": data_format})
    if data_format == "channels_last":
        expected = np.pad(IMG, ((0, 0),) + pads + ((0, 0),))
    else:
        expected = np.pad(IMG, ((0, 0), (0, 0)) + pads)
    np.testing.assert_array_equal(out, expected)
    out3 = three_ways(K.spatial_3d_padding, (VOL,),
                      {"data_format": data_format})
    one = ((1, 1),) * 3
    expected3 = np.pad(VOL, ((0, 0),) + one + ((0, 0),)) if (
        data_format == "channels_last") else np.pad(VOL, ((0, 0),) * 2 + one)
    np.testing.assert_array_equal(out3, expected3)


def test_padding_errors():
    with pytest.raises(ValueError, match="rank-4"):
        K.spatial_2d_padding(IMG[0])
    with pytest.raises(ValueError, match="data_format"):
        K.spatial_2d_padding(IMG, data_format="nhwc")


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_resize_images_nearest(three_ways, data_format):
    out = three_ways(K.resize_images, (IMG, 2, 3, data_format), {})
    axes = (1, 2) if data_format == "channels_last" else (2, 3)
    expected = np.repeat(np.repeat(IMG, 2, axes[0]), 3, axes[1])
    np.testing.assert_array_equal(out, expected)


def test_resize_images_bilinear_keras2_grid():
    x = np.array([0.0, 1.0, 4.0], "float32").reshape(1, 3, 1, 1)
    out = K.resize_images(x, 2, 1, "channels_last",
                          interpolation="bilinear")
    # Output row i samples input row i / 2, clamped at the last row.
    assert np.asarray(out)[0, :, 0, 0].tolist() == [
        0.0, 0.5, 1.0, 2.5, 4.0, 4.0]
    with pytest.raises(ValueError, match="interpolation"):
        K.resize_images(x, 2, 2, "channels_last", interpolation="area")


def test_resize_volumes(three_ways):
    out = three_ways(K.resize_volumes, (VOL, 2, 1, 2, "channels_last"), {})
    expected = np.repeat(np.repeat(VOL, 2, 1), 2, 3)
    np.testing.assert_array_equal(out, expected)
