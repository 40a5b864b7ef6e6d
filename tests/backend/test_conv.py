"""K convolutions and pooling against real Keras 3's `keras.ops`
(channels last and first)."""

import numpy as np
import pytest

from kerax import backend as K

RNG = np.random.default_rng(5)


def _r(*shape):
    return RNG.normal(size=shape).astype("float32")


def _first(x):
    return np.moveaxis(x, -1, 1)


@pytest.mark.parametrize("rank,strides,padding,dilation", [
    (1, 1, "valid", 1), (1, 2, "same", 1), (2, (2, 1), "same", (1, 1)),
    (2, (1, 1), "valid", (2, 2)), (3, (1, 2, 1), "same", (1, 1, 1)),
])
def test_conv_matches_keras_ops(keras, three_ways, rank, strides, padding,
                                dilation):
    x = _r(*((2,) + (7,) * rank + (3,)))
    kernel = _r(*((3,) * rank + (3, 4)))
    fn = getattr(K, f"conv{rank}d")
    ours = three_ways(fn, (x, kernel), {"strides": strides,
                                        "padding": padding,
                                        "dilation_rate": dilation})
    theirs = keras.ops.conv(x, kernel, strides=strides, padding=padding,
                            dilation_rate=dilation)
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-4)
    first = fn(_first(x), kernel, strides=strides, padding=padding,
               data_format="channels_first", dilation_rate=dilation)
    np.testing.assert_allclose(first, _first(np.asarray(theirs)),
                               rtol=1e-4, atol=1e-4)


def test_conv1d_causal(keras):
    x, kernel = _r(2, 6, 3), _r(3, 3, 2)
    ours = K.conv1d(x, kernel, padding="causal", dilation_rate=2)
    padded = np.pad(x, ((0, 0), (4, 0), (0, 0)))
    theirs = keras.ops.conv(padded, kernel, dilation_rate=2)
    assert ours.shape == (2, 6, 2)
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("strides,padding", [((2, 2), "same"),
                                             ((1, 1), "valid"),
                                             ((2, 2), "valid")])
def test_conv2d_transpose_matches_keras_ops(keras, three_ways, strides,
                                            padding):
    x, kernel = _r(2, 4, 4, 3), _r(3, 3, 5, 3)
    theirs = np.asarray(keras.ops.conv_transpose(
        x, kernel, strides=strides, padding=padding))
    ours = three_ways(K.conv2d_transpose, (x, kernel, theirs.shape),
                      {"strides": strides, "padding": padding})
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-4)
    first = K.conv2d_transpose(
        _first(x), kernel, _first(theirs).shape, strides=strides,
        padding=padding, data_format="channels_first")
    np.testing.assert_allclose(first, _first(theirs), rtol=1e-4, atol=1e-4)


def test_conv3d_transpose_and_bad_output_shape(keras):
    x, kernel = _r(1, 3, 3, 3, 2), _r(2, 2, 2, 4, 2)
    theirs = np.asarray(keras.ops.conv_transpose(x, kernel, strides=2,
                                                 padding="same"))
    ours = K.conv3d_transpose(x, kernel, theirs.shape, strides=(2, 2, 2),
                              padding="same")
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-4)
    with pytest.raises(ValueError, match="output_shape"):
        K.conv2d_transpose(_r(1, 4, 4, 3), _r(3, 3, 5, 3), (1, 9, 9, 5),
                           strides=(2, 2), padding="same")


def test_depthwise_and_separable_match_keras_ops(keras, three_ways):
    x = _r(2, 6, 6, 3)
    depthwise, pointwise = _r(3, 3, 3, 2), _r(1, 1, 6, 4)
    ours = three_ways(K.depthwise_conv2d, (x, depthwise),
                      {"strides": (2, 2), "padding": "same"})
    theirs = keras.ops.depthwise_conv(x, depthwise, strides=2,
                                      padding="same")
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-4)
    ours = three_ways(K.separable_conv2d, (x, depthwise, pointwise), {})
    theirs = keras.ops.separable_conv(x, depthwise, pointwise)
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-4)
    x1 = x[:, 0]
    ours = K.separable_conv1d(x1, depthwise[0], pointwise[0],
                              dilation_rate=2, padding="same")
    theirs = keras.ops.separable_conv(x1, depthwise[0], pointwise[0],
                                      dilation_rate=2, padding="same")
    np.testing.assert_allclose(ours, theirs, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("mode,keras_name", [("max", "max_pool"),
                                             ("avg", "average_pool")])
@pytest.mark.parametrize("padding", ["valid", "same"])
def test_pooling_matches_keras_ops(keras, three_ways, mode, keras_name,
                                   padding):
    x = _r(2, 5, 5, 3)
    ours = three_ways(K.pool2d, (x, (2, 2)), {
        "strides": (2, 2), "padding": padding, "pool_mode": mode})
    theirs = getattr(keras.ops, keras_name)(x, 2, strides=2, padding=padding)
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)
    v = _r(1, 4, 4, 4, 2)
    ours = K.pool3d(v, (2, 2, 2), strides=(2, 2, 2), padding=padding,
                    pool_mode=mode, data_format="channels_first")
    theirs = getattr(keras.ops, keras_name)(
        v, 2, strides=2, padding=padding, data_format="channels_first")
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_defaults_and_errors():
    x = _r(1, 4, 4, 1)
    assert K.pool2d(x, (2, 2)).shape == (1, 3, 3, 1)  # Keras 2: strides 1
    with pytest.raises(ValueError, match="pool_mode"):
        K.pool2d(x, (2, 2), pool_mode="min")
    with pytest.raises(ValueError, match="padding"):
        K.conv2d(x, _r(2, 2, 1, 1), padding="full")
    with pytest.raises(ValueError, match="rank-4"):
        K.conv2d(x[0], _r(2, 2, 1, 1))
    with pytest.raises(ValueError, match="strides"):
        K.conv2d(x, _r(2, 2, 1, 1), strides=(1, 1, 1))
