"""Convolution, pooling, attention and CTC ops against real Keras 3."""

import jax
import numpy as np
import pytest

from kerax import ops

RNG = np.random.default_rng(1)


def _arr(*shape):
    return RNG.normal(size=shape).astype("float32")


def _close(actual, expected, tol=1e-4):
    expected = np.asarray(expected)
    actual = np.asarray(actual)
    assert actual.shape == expected.shape, (actual.shape, expected.shape)
    np.testing.assert_allclose(actual, expected, rtol=tol, atol=tol)


def _keras_jit(fn, *arrays, **kwargs):
    """Keras's `fn(*arrays, **kwargs)` under one `jax.jit`: run eagerly,
    Keras's JAX backend compiles each small op of a multi-op function on
    its own; the values are the same."""
    return jax.jit(lambda *a: fn(*a, **kwargs))(*arrays)


def _inputs(rank, data_format, channels, size=7):
    spatial = (size, size - 1, size - 2)[:rank]
    if data_format == "channels_last":
        return _arr(2, *spatial, channels)
    return _arr(2, channels, *spatial)


# (rank, padding, strides, dilation, data_format): every value of each
# argument appears with every other, without the full product.
CONV_CASES = [
    (1, "valid", 1, 1, "channels_last"),
    (1, "same", 2, 1, "channels_first"),
    (1, "same", 1, 2, "channels_last"),
    (1, "valid", 3, 1, "channels_first"),
    (2, "valid", 2, 1, "channels_last"),
    (2, "same", 3, 1, "channels_last"),
    (2, "same", 1, 2, "channels_first"),
    (2, "valid", 1, 2, "channels_first"),
    (2, "same", 2, 1, "channels_first"),
    (3, "same", 2, 1, "channels_last"),
    (3, "valid", 1, 2, "channels_last"),
    (3, "same", 1, 1, "channels_first"),
]


@pytest.mark.parametrize("rank,padding,strides,dilation,fmt", CONV_CASES)
def test_conv(keras, rank, padding, strides, dilation, fmt):
    x = _inputs(rank, fmt, 4)
    kernel = _arr(*(3,) * rank, 4, 5)
    kwargs = {"strides": strides, "padding": padding, "data_format": fmt,
                  "dilation_rate": dilation}
    _close(ops.conv(x, kernel, **kwargs), keras.ops.conv(x, kernel, **kwargs))


@pytest.mark.parametrize("fmt", ["channels_last", "channels_first"])
def test_grouped_conv(keras, fmt):
    x = _inputs(2, fmt, 6)
    kernel = _arr(2, 2, 3, 4)
    _close(ops.conv(x, kernel, padding="same", data_format=fmt),
           keras.ops.conv(x, kernel, padding="same", data_format=fmt))


@pytest.mark.parametrize("dilation", [1, 2])
def test_causal_conv_matches_left_padding(dilation):
    x = _arr(2, 9, 3)
    kernel = _arr(3, 3, 4)
    padded = np.pad(x, ((0, 0), (2 * dilation, 0), (0, 0)))
    expected = ops.conv(padded, kernel, dilation_rate=dilation)
    actual = ops.conv(x, kernel, padding="causal", dilation_rate=dilation)
    _close(actual, expected)


@pytest.mark.parametrize(
    "rank,padding,strides,dilation,fmt",
    [c for c in CONV_CASES if c[0] < 3],
)
def test_depthwise_conv(keras, rank, padding, strides, dilation, fmt):
    if strides > 1 and dilation > 1:
        pytest.skip("Keras rejects strides > 1 with dilation > 1")
    x = _inputs(rank, fmt, 3)
    kernel = _arr(*(3,) * rank, 3, 2)
    kwargs = {"strides": strides, "padding": padding, "data_format": fmt,
                  "dilation_rate": dilation}
    _close(ops.depthwise_conv(x, kernel, **kwargs),
           keras.ops.depthwise_conv(x, kernel, **kwargs))


@pytest.mark.parametrize("rank,padding,fmt", [
    (1, "valid", "channels_last"), (2, "same", "channels_first"),
])
def test_separable_conv(keras, rank, padding, fmt):
    x = _inputs(rank, fmt, 3)
    depthwise = _arr(*(3,) * rank, 3, 2)
    pointwise = _arr(*(1,) * rank, 6, 4)
    kwargs = {"strides": 2, "padding": padding, "data_format": fmt}
    _close(ops.separable_conv(x, depthwise, pointwise, **kwargs),
           keras.ops.separable_conv(x, depthwise, pointwise, **kwargs))


# (rank, padding, strides, output_padding, data_format, kernel_size)
TRANSPOSE_CASES = [
    (1, "valid", 1, None, "channels_last", 3),
    (1, "same", 2, None, "channels_first", 3),
    (1, "valid", 3, None, "channels_last", 2),
    (1, "same", 3, 1, "channels_last", 2),
    (2, "valid", 2, 1, "channels_last", 3),
    (2, "same", 2, None, "channels_last", 2),
    (2, "same", 2, 1, "channels_first", 3),
    (2, "valid", 3, None, "channels_first", 2),
    (2, "same", 1, None, "channels_last", 3),
    (3, "same", 2, None, "channels_last", 3),
    (3, "valid", 2, 1, "channels_first", 2),
]


@pytest.mark.parametrize(
    "rank,padding,strides,output_padding,fmt,kernel_size", TRANSPOSE_CASES
)
def test_conv_transpose(keras, rank, padding, strides, output_padding, fmt,
                        kernel_size):
    x = _inputs(rank, fmt, 3, size=5)
    kernel = _arr(*(kernel_size,) * rank, 4, 3)
    kwargs = {"strides": strides, "padding": padding,
                  "output_padding": output_padding, "data_format": fmt}
    _close(ops.conv_transpose(x, kernel, **kwargs),
           keras.ops.conv_transpose(x, kernel, **kwargs))


def test_conv_transpose_dilation(keras):
    x = _arr(2, 5, 3)
    kernel = _arr(3, 4, 3)
    kwargs = {"padding": "same", "dilation_rate": 2}
    _close(ops.conv_transpose(x, kernel, **kwargs),
           keras.ops.conv_transpose(x, kernel, **kwargs))


# (op, rank, padding, (pool_size, strides), data_format)
POOL_CASES = [
    ("max_pool", 1, "valid", (2, None), "channels_last"),
    ("max_pool", 1, "same", (3, 2), "channels_first"),
    ("max_pool", 2, "same", (2, None), "channels_last"),
    ("max_pool", 2, "valid", (3, 2), "channels_first"),
    ("max_pool", 2, "same", (3, 3), "channels_first"),
    ("max_pool", 3, "same", (2, 1), "channels_last"),
    ("average_pool", 1, "same", (3, 2), "channels_last"),
    ("average_pool", 1, "valid", (2, 1), "channels_first"),
    ("average_pool", 2, "same", (2, None), "channels_first"),
    ("average_pool", 2, "same", (3, 2), "channels_last"),
    ("average_pool", 2, "valid", (3, 3), "channels_last"),
    ("average_pool", 3, "same", (3, 2), "channels_first"),
]


@pytest.mark.parametrize("name,rank,padding,pool_strides,fmt", POOL_CASES)
def test_pooling(keras, name, rank, padding, pool_strides, fmt):
    pool, strides = pool_strides
    x = _inputs(rank, fmt, 2)
    kwargs = {"pool_size": pool, "padding": padding, "data_format": fmt}
    # Keras 3.15's ops fail on strides=None; its layers pass the pool size.
    expected = getattr(keras.ops, name)(x, strides=strides or pool, **kwargs)
    _close(getattr(ops, name)(x, strides=strides, **kwargs), expected)


@pytest.mark.parametrize("name,rank,out,fmt", [
    ("adaptive_average_pool", 2, (3, 2), "channels_first"),
    ("adaptive_max_pool", 1, 3, "channels_last"),
])
def test_adaptive_pooling(keras, name, rank, out, fmt):
    x = _inputs(rank, fmt, 2)
    _close(getattr(ops, name)(x, out, data_format=fmt),
           _keras_jit(getattr(keras.ops, name), x, output_size=out,
                      data_format=fmt))


@pytest.mark.parametrize("fmt", ["channels_last", "channels_first"])
def test_depth_space(keras, fmt):
    x = _arr(2, 8, 3, 4) if fmt == "channels_first" else _arr(2, 3, 4, 8)
    _close(ops.depth_to_space(x, 2, data_format=fmt),
           keras.ops.depth_to_space(x, 2, data_format=fmt))
    y = _arr(2, 3, 4, 6) if fmt == "channels_first" else _arr(2, 4, 6, 3)
    _close(ops.space_to_depth(y, 2, data_format=fmt),
           keras.ops.space_to_depth(y, 2, data_format=fmt))


def test_unfold_fold(keras):
    x = _arr(2, 3, 6, 5)
    kwargs = {"kernel_size": (2, 3), "dilation": 1, "padding": 1, "stride": 2}
    patches = np.asarray(_keras_jit(keras.ops.unfold, x, **kwargs))
    _close(ops.unfold(x, **kwargs), patches)
    _close(ops.fold(patches, (6, 5), **kwargs),
           _keras_jit(keras.ops.fold, patches, output_size=(6, 5), **kwargs))


@pytest.mark.parametrize("causal,masked,biased", [
    (False, False, False), (True, False, False), (False, True, True),
    (True, True, False),
])
def test_dot_product_attention(keras, causal, masked, biased):
    q, k, v = _arr(2, 4, 2, 8), _arr(2, 5, 2, 8), _arr(2, 5, 2, 8)
    if causal:
        k, v = k[:, :4], v[:, :4]
    mask = RNG.random((2, 1, 4, k.shape[1])) > 0.3 if masked else None
    bias = _arr(1, 2, 4, k.shape[1]) if biased else None
    kwargs = {"bias": bias, "mask": mask, "is_causal": causal, "scale": 0.3}
    _close(ops.dot_product_attention(q, k, v, **kwargs),
           _keras_jit(keras.ops.dot_product_attention, q, k, v, **kwargs))


def test_grouped_query_attention(keras):
    q, k, v = _arr(1, 3, 4, 8), _arr(1, 5, 2, 8), _arr(1, 5, 2, 8)
    _close(ops.dot_product_attention(q, k, v),
           _keras_jit(keras.ops.dot_product_attention, q, k, v))


def test_ctc(keras):
    logits = _arr(2, 6, 4)
    target = np.array([[1, 2, 0], [3, 3, 1]], "int32")
    target_length = np.array([2, 3], "int32")
    output_length = np.array([6, 5], "int32")
    _close(ops.ctc_loss(target, logits, target_length, output_length),
           _keras_jit(keras.ops.ctc_loss, target, logits, target_length,
                      output_length))
    decoded, scores = ops.ctc_decode(logits, output_length)
    k_decoded, k_scores = _keras_jit(keras.ops.ctc_decode, logits,
                                     output_length)
    np.testing.assert_array_equal(decoded, k_decoded)
    _close(scores, k_scores)


@pytest.mark.parametrize("kwargs,zeros", [
    ({"beam_width": 4, "top_paths": 3}, False),
    # Equal scores everywhere: the tie-breaking must match too.
    ({"beam_width": 3, "top_paths": 3, "mask_index": None}, True),
])
def test_ctc_beam_search(keras, kwargs, zeros):
    logits = np.zeros((2, 5, 4), "float32") if zeros else _arr(2, 5, 4) * 2
    lengths = np.array([5, 3], "int32")
    decoded, scores = ops.ctc_decode(logits, lengths, strategy="beam_search",
                                     **kwargs)
    # Keras's beam search runs op by op outside a jit (one compile per
    # small op: ~30 s); under one jit it compiles once, same values.
    k_decoded, k_scores = jax.jit(lambda a, n: keras.ops.ctc_decode(
        a, n, strategy="beam_search", **kwargs))(logits, lengths)
    assert decoded.shape == (kwargs["top_paths"], 2, 5)
    np.testing.assert_array_equal(decoded, k_decoded)
    _close(scores, k_scores)
    with pytest.raises(ValueError, match="strategy"):
        ops.ctc_decode(logits, lengths, strategy="prefix")

def test_conv_and_pool_jit():
    x, kernel = _arr(2, 8, 8, 3), _arr(3, 3, 3, 4)

    def fn(a, k):
        y = ops.conv(a, k, strides=2, padding="same")
        y = ops.relu(y)
        return ops.average_pool(ops.max_pool(y, 2, padding="same"), 2,
                                padding="same")

    _close(jax.jit(fn)(x, kernel), fn(x, kernel), tol=1e-5)


def test_conv_errors():
    with pytest.raises(ValueError, match="padding"):
        ops.conv(_arr(1, 4, 4, 2), _arr(2, 2, 2, 2), padding="full")
    with pytest.raises(ValueError, match="divisible"):
        ops.conv(_arr(1, 4, 4, 3), _arr(2, 2, 2, 2))
    with pytest.raises(ValueError, match="causal"):
        ops.conv(_arr(1, 4, 4, 2), _arr(2, 2, 2, 2), padding="causal")
