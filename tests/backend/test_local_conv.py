"""K.local_conv1d / local_conv2d against a NumPy loop over positions."""

import numpy as np
import pytest

from kerax import backend as K

RNG = np.random.default_rng(6)


def _reference(x, kernel, kernel_size, strides, out_shape, channels_first):
    if channels_first:
        x = np.moveaxis(x, 1, -1)
    out = np.zeros((x.shape[0],) + out_shape + (kernel.shape[-1],),
                   "float32")
    for p, pos in enumerate(np.ndindex(*out_shape)):
        index = tuple(slice(i * s, i * s + k)
                      for i, s, k in zip(pos, strides, kernel_size))
        patch = x[(slice(None),) + index]
        if channels_first:
            patch = np.moveaxis(patch, -1, 1)
        flat = patch.reshape(x.shape[0], -1)
        out[(slice(None),) + pos] = flat @ kernel[p]
    return np.moveaxis(out, -1, 1) if channels_first else out


@pytest.mark.parametrize("channels_first", [False, True])
def test_local_conv1d(three_ways, channels_first):
    x = RNG.normal(size=(2, 7, 3)).astype("float32")
    kernel = RNG.normal(size=(3, 6, 4)).astype("float32")
    if channels_first:
        x = np.moveaxis(x, -1, 1)
    fmt = "channels_first" if channels_first else "channels_last"
    out = three_ways(K.local_conv1d, (x, kernel, (2,), (2,)),
                     {"data_format": fmt})
    expected = _reference(x, kernel, (2,), (2,), (3,), channels_first)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("channels_first", [False, True])
def test_local_conv2d(three_ways, channels_first):
    x = RNG.normal(size=(2, 5, 4, 2)).astype("float32")
    kernel = RNG.normal(size=(2 * 3, 2 * 2 * 2, 3)).astype("float32")
    if channels_first:
        x = np.moveaxis(x, -1, 1)
    fmt = "channels_first" if channels_first else "channels_last"
    out = three_ways(K.local_conv2d, (x, kernel, (2, 2), (2, 1), (2, 3)),
                     {"data_format": fmt})
    expected = _reference(x, kernel, (2, 2), (2, 1), (2, 3), channels_first)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-5)


def test_local_conv_kernel_positions_checked():
    with pytest.raises(ValueError, match="positions"):
        K.local_conv2d(np.ones((1, 4, 4, 1)), np.ones((3, 4, 1)), (2, 2),
                       (2, 2), (2, 2))
