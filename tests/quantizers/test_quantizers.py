"""`kerax.quantizers` against `keras.quantizers`: public names, the
primitives' values (bit-exact unless a tolerance is given), gradients of
`fake_quant_with_min_max_vars`, configs and their saved form."""

import jax
import numpy as np
import pytest

from kerax import quantizers


def _public(module):
    return {n for n in dir(module) if not n.startswith("_")}


def test_public_names_match_keras(keras):
    missing = _public(keras.quantizers) - _public(quantizers)
    assert not missing


@pytest.fixture(scope="module")
def weights():
    return np.random.default_rng(0).normal(size=(37, 6)).astype("float32")


@pytest.mark.parametrize("axis, value_range, to_numpy", [
    (0, (-127, 127), False), (-1, (-127, 127), True), (0, (-8, 7), True)])
def test_abs_max_quantize(keras, weights, axis, value_range, to_numpy):
    expected = keras.quantizers.abs_max_quantize(
        weights, axis=axis, value_range=value_range, to_numpy=to_numpy)
    got = quantizers.abs_max_quantize(
        weights, axis=axis, value_range=value_range, to_numpy=to_numpy)
    for e, g in zip(expected, got):
        assert str(g.dtype) == str(e.dtype)
        np.testing.assert_array_equal(np.asarray(g), np.asarray(e))


@pytest.mark.parametrize("block_size", [8, 37, 64])
def test_grouped_with_zero_point(keras, weights, block_size):
    expected = keras.quantizers.abs_max_quantize_grouped_with_zero_point(
        weights, block_size=block_size, to_numpy=True)
    got = quantizers.abs_max_quantize_grouped_with_zero_point(
        weights, block_size=block_size)
    for e, g in zip(expected, got):
        np.testing.assert_array_equal(np.asarray(g), np.asarray(e))


@pytest.mark.parametrize("axis, dtype", [(0, "int8"), (-1, "int8"),
                                         (1, "uint8")])
def test_pack_unpack_int4(keras, axis, dtype):
    rng = np.random.default_rng(1)
    low, high = (-8, 8) if dtype == "int8" else (0, 16)
    values = rng.integers(low, high, size=(5, 7)).astype(dtype)
    packed, shape, length = quantizers.pack_int4(values, axis=axis,
                                                 dtype=dtype)
    k_packed, k_shape, k_length = keras.quantizers.pack_int4(
        values, axis=axis, dtype=dtype)
    np.testing.assert_array_equal(np.asarray(packed), np.asarray(k_packed))
    assert (shape, length) == (k_shape, k_length)
    unpacked = quantizers.unpack_int4(packed, length, axis=axis, dtype=dtype)
    np.testing.assert_array_equal(np.asarray(unpacked), values)


def test_pack_int4_errors():
    with pytest.raises(TypeError, match="int8"):
        quantizers.pack_int4(np.zeros((2,), "float32"))
    with pytest.raises(ValueError, match="'int8' or 'uint8'"):
        quantizers.unpack_int4(np.zeros((2,), "int8"), 4, dtype="int16")


@pytest.mark.parametrize("axis, shape, narrow_range", [
    (None, (), False), (-1, (3,), True)])
def test_fake_quant_values_and_gradients(keras, axis, shape, narrow_range):
    rng = np.random.default_rng(2)
    x = rng.normal(size=(4, 3)).astype("float32") * 2
    low = np.full(shape, -1.0, "float32")
    high = np.full(shape, 1.5, "float32")
    args = {"num_bits": 4, "narrow_range": narrow_range, "axis": axis}
    expected = keras.quantizers.fake_quant_with_min_max_vars(
        x, low, high, **args)
    got = quantizers.fake_quant_with_min_max_vars(x, low, high, **args)
    np.testing.assert_allclose(np.asarray(got), np.asarray(expected),
                               atol=1e-6)

    def loss(fn):
        return lambda *a: (fn(*a, **args) * np.arange(12).reshape(4, 3)
                           ).sum()

    k_grads = jax.grad(loss(keras.quantizers.fake_quant_with_min_max_vars),
                       argnums=(0, 1, 2))(x, low, high)
    grads = jax.grad(loss(quantizers.fake_quant_with_min_max_vars),
                     argnums=(0, 1, 2))(x, low, high)
    for e, g in zip(k_grads, grads):
        np.testing.assert_allclose(np.asarray(g), np.asarray(e), atol=1e-6)


def test_fake_quant_per_channel_on_first_axis():
    # Keras's JAX path only broadcasts a last-axis range; kerax places the
    # per-channel range on `axis`, so it equals the transposed last-axis
    # result.
    x = np.random.default_rng(3).normal(size=(4, 3)).astype("float32")
    low, high = np.full((4,), -0.5, "float32"), np.linspace(0.5, 1, 4)
    first = quantizers.fake_quant_with_min_max_vars(x, low, high, axis=0)
    last = quantizers.fake_quant_with_min_max_vars(x.T, low, high, axis=-1)
    np.testing.assert_allclose(np.asarray(first), np.asarray(last).T)


def test_float8_helpers(keras):
    history = np.array([0.0, 3.0, 1.0, 0.5], "float32")
    x = np.array([[-2.5, 1.0], [0.25, 7.0]], "float32")
    np.testing.assert_array_equal(
        np.asarray(quantizers.compute_float8_amax_history(x, history)),
        np.asarray(keras.quantizers.compute_float8_amax_history(x, history)))
    for amax in (0.0, 3.0, np.inf):
        np.testing.assert_allclose(
            np.asarray(quantizers.compute_float8_scale(amax, 0.5, 448.0, 1)),
            np.asarray(keras.quantizers.compute_float8_scale(
                np.float32(amax), np.float32(0.5), 448.0, 1)), rtol=1e-6)
    for dtype in ("float8_e4m3fn", "float8_e5m2"):
        np.testing.assert_array_equal(
            np.asarray(quantizers.quantize_and_dequantize(
                x * 100, 0.5, dtype, "float32")),
            np.asarray(keras.quantizers.quantize_and_dequantize(
                x * 100, 0.5, dtype, "float32")))


def test_abs_max_quantizer_and_config_forms(keras):
    quantizer = quantizers.AbsMaxQuantizer(axis=0, value_range=(-8, 7))
    expected = keras.quantizers.AbsMaxQuantizer(axis=0, value_range=(-8, 7))
    assert quantizer.get_config() == expected.get_config()
    configs = [
        (quantizers.Int8QuantizationConfig(),
         keras.quantizers.Int8QuantizationConfig()),
        (quantizers.Int4QuantizationConfig(block_size=32),
         keras.quantizers.Int4QuantizationConfig(block_size=32)),
        (quantizers.Float8QuantizationConfig(),
         keras.quantizers.Float8QuantizationConfig()),
        (quantizers.GPTQConfig(None, None, weight_bits=8),
         keras.quantizers.GPTQConfig(None, None, weight_bits=8)),
        (quantizers.AWQConfig(None, None, group_size=-1),
         keras.quantizers.AWQConfig(None, None, group_size=-1)),
    ]
    for ours, theirs in configs:
        saved = keras.saving.serialize_keras_object(theirs)
        assert quantizers.serialize(ours)["class_name"] == saved["class_name"]
        assert _strip(quantizers.serialize(ours)["config"]) == _strip(
            saved["config"])
        rebuilt = quantizers.deserialize(saved)
        assert type(rebuilt) is type(ours)
        assert rebuilt.mode == theirs.mode
    assert isinstance(quantizers.get("AbsMaxQuantizer"),
                      quantizers.AbsMaxQuantizer)


def _strip(config):
    """Keras's nested form without its shared-object ids, tuples as
    lists."""
    if isinstance(config, dict):
        return {k: _strip(v) for k, v in config.items()
                if k != "shared_object_id"}
    if isinstance(config, (list, tuple)):
        return [_strip(v) for v in config]
    return config


def test_config_errors():
    with pytest.raises(ValueError, match="block_size"):
        quantizers.Int4QuantizationConfig(block_size=0)
    with pytest.raises(ValueError, match="weight_bits"):
        quantizers.GPTQConfig(None, None, weight_bits=5)
    with pytest.raises(ValueError, match="only 4-bit"):
        quantizers.AWQConfig(None, None, weight_bits=8)
    with pytest.raises(ValueError, match="value_range"):
        quantizers.Int4QuantizationConfig(
            weight_quantizer=quantizers.AbsMaxQuantizer(axis=0),
            block_size=None)
