import numpy as np
import pytest

from kerax.utils import conv_utils


@pytest.mark.parametrize("padding,expected", [
    ("valid", 4), ("same", 5), ("full", 6), ("causal", 5)])
def test_conv_output_length(padding, expected):
    assert conv_utils.conv_output_length(10, 3, padding, 2) == expected
    assert conv_utils.conv_output_length(None, 3, padding, 2) is None


def test_conv_output_length_with_dilation_and_bad_padding():
    assert conv_utils.conv_output_length(10, 3, "valid", 1, dilation=2) == 6
    with pytest.raises(ValueError, match="padding=bogus"):
        conv_utils.conv_output_length(10, 3, "bogus", 1)


def test_conv_input_length_inverts_the_output_length():
    for padding in ("valid", "same", "full"):
        out = conv_utils.conv_output_length(11, 3, padding, 1)
        assert conv_utils.conv_input_length(out, 3, padding, 1) == 11


def test_deconv_length_matches_conv2d_transpose():
    from kerax.layers import Conv2DTranspose

    for padding in ("valid", "same"):
        layer = Conv2DTranspose(1, 3, strides=2, padding=padding)
        out = layer(np.zeros((1, 4, 4, 1), "float32"))
        assert conv_utils.deconv_length(4, 2, 3, padding, None) == (
            out.shape[1])
    assert conv_utils.deconv_length(4, 2, 3, "same", 1) == 8
    assert conv_utils.deconv_length(None, 2, 3, "same", None) is None


def test_normalize_tuple_and_padding():
    assert conv_utils.normalize_tuple(np.int64(2), 2, "strides") == (2, 2)
    assert conv_utils.normalize_tuple((1, 3), 2, "kernel_size") == (1, 3)
    with pytest.raises(ValueError, match="strides"):
        conv_utils.normalize_tuple((1, 2, 3), 2, "strides")
    assert conv_utils.normalize_padding("SAME") == "same"
    with pytest.raises(ValueError, match="padding=full"):
        conv_utils.normalize_padding("full")


def test_convert_kernel_flips_the_spatial_axes_only():
    kernel = np.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5)
    flipped = conv_utils.convert_kernel(kernel)
    np.testing.assert_array_equal(flipped, kernel[::-1, ::-1])
    np.testing.assert_array_equal(conv_utils.convert_kernel(flipped), kernel)
