"""Quantized Dense and Embedding against Keras's on the same weights:
variables (names, shapes, dtypes, values), outputs, `Model.quantize`,
`.keras` files both ways, the quantized constructor path and gradients."""

import numpy as np
import pytest

import kerax
from kerax import quantizers

RNG = np.random.default_rng(0)
X = RNG.normal(size=(5, 40)).astype("float32")
IDS = RNG.integers(0, 20, size=(4, 7))

# (mode, int4 block size or None for the mode's default config)
CASES = [("int8", None), ("int4", None), ("int4", -1), ("int4", 16),
         ("float8", None)]


def _configs(keras, mode, block):
    if block is None:
        return None, None
    return (keras.quantizers.Int4QuantizationConfig(block_size=block),
            quantizers.Int4QuantizationConfig(block_size=block))


def _same_variables(theirs, ours):
    assert [(v.name, tuple(v.shape), str(v.dtype)) for v in theirs] == [
        (v.name, tuple(v.shape), str(v.dtype)) for v in ours]
    for a, b in zip(theirs, ours):
        np.testing.assert_array_equal(np.asarray(a.numpy()), b.numpy())


@pytest.mark.parametrize("mode, block", CASES)
def test_dense_matches_keras(keras, mode, block):
    theirs = keras.layers.Dense(6, activation="relu")
    theirs.build((None, 40))
    ours = kerax.layers.Dense(6, activation="relu")
    ours.build((None, 40))
    ours.set_weights([w.numpy() for w in theirs.weights])
    k_config, config = _configs(keras, mode, block)
    theirs.quantize(mode, config=k_config)
    ours.quantize(mode, config=config)
    assert ours.dtype_policy.name == theirs.dtype_policy.name
    _same_variables(theirs.weights, ours.weights)
    # Same integers and scales, same products: equal to float rounding.
    np.testing.assert_allclose(np.asarray(ours(X)), np.asarray(theirs(X)),
                               atol=1e-6)


@pytest.mark.parametrize("mode, block", [("int8", None), ("int4", 16)])
def test_embedding_matches_keras(keras, mode, block):
    theirs = keras.layers.Embedding(20, 9)
    theirs.build()
    ours = kerax.layers.Embedding(20, 9)
    ours.build()
    ours.set_weights([w.numpy() for w in theirs.weights])
    k_config, config = _configs(keras, mode, block and block // 4)
    theirs.quantize(mode, config=k_config)
    ours.quantize(mode, config=config)
    _same_variables(theirs.weights, ours.weights)
    np.testing.assert_allclose(np.asarray(ours(IDS)),
                               np.asarray(theirs(IDS)), atol=1e-7)


def _model(prefix):
    return kerax.Sequential([
        kerax.Input((7,), dtype="int32"),
        kerax.layers.Embedding(20, 40, name=f"{prefix}emb"),
        kerax.layers.Dense(6, activation="tanh", name=f"{prefix}dense"),
        kerax.layers.LayerNormalization(name=f"{prefix}norm"),
    ])


@pytest.mark.parametrize("mode", ["int4"])
def test_keras_files_both_ways(keras, tmp_path, mode):
    model = _model("q")
    with pytest.warns(UserWarning, match="LayerNormalization"):
        model.quantize(mode)
    expected = np.asarray(model.predict(IDS, verbose=0))
    model.save(tmp_path / "kerax.keras")
    theirs = keras.saving.load_model(tmp_path / "kerax.keras")
    np.testing.assert_allclose(theirs.predict(IDS, verbose=0), expected,
                               atol=1e-6)
    theirs.save(tmp_path / "keras.keras")
    ours = kerax.saving.load_model(tmp_path / "keras.keras")
    assert ours.layers[1].dtype_policy.quantization_mode == mode
    np.testing.assert_allclose(ours.predict(IDS, verbose=0), expected,
                               atol=1e-6)


def test_float8_file_and_training_state(keras, tmp_path):
    model = kerax.Sequential([kerax.Input((40,)), kerax.layers.Dense(3)])
    model.quantize("float8")
    model.compile("sgd", "mse")
    model.fit(X, np.ones((5, 3), "float32"), epochs=2, verbose=0)
    dense = model.layers[0]
    # The scaling variables are overwritten by their "gradients": the
    # amax histories record the inputs' and kernel's largest magnitudes.
    history = dense.inputs_amax_history.numpy()
    assert history[0] == pytest.approx(np.abs(X).max())
    assert dense.kernel_amax_history.numpy()[0] > 0
    expected = np.asarray(model.predict(X, verbose=0))
    model.save(tmp_path / "f8.keras")
    theirs = keras.saving.load_model(tmp_path / "f8.keras")
    np.testing.assert_allclose(theirs.predict(X, verbose=0), expected,
                               atol=1e-6)


def test_quantized_policy_and_config_constructor(keras):
    config = quantizers.Int4QuantizationConfig(block_size=8)
    layer = kerax.layers.Dense(4, dtype="int4/8_from_float32",
                               quantization_config=config)
    layer.build((None, 20))
    assert [(v.name, tuple(v.shape)) for v in layer.weights] == [
        ("bias", (4,)), ("kernel", (20, 2)), ("kernel_scale", (3, 4)),
        ("kernel_zero", (3, 4)), ("g_idx", (20,))]
    saved = layer.get_config()
    assert saved["quantization_config"]["config"]["block_size"] == 8
    rebuilt = kerax.layers.Dense.from_config(saved)
    assert isinstance(rebuilt.quantization_config,
                      quantizers.Int4QuantizationConfig)
    theirs = keras.layers.Dense.from_config(saved)
    assert theirs.dtype_policy.name == "int4/8_from_float32"
    # No activation quantizer: int8 inputs stay float.
    plain = kerax.layers.Dense(4, quantization_config=(
        quantizers.Int8QuantizationConfig(activation_quantizer=None)))
    plain.build((None, 20))
    plain.quantize("int8", config=plain.quantization_config)
    assert plain.inputs_quantizer is None


def test_int8_gradient_uses_dequantized_kernel():
    import jax

    # A seeded kernel: each expected gradient is a sum of 3 kernel values,
    # and an unseeded draw (it depends on test order) can nearly cancel
    # (1.6e-4 once), where rtol=1e-5 is below float32 rounding of the sum.
    # Seed 2's sums are at least 1.8e-2 in magnitude.
    layer = kerax.layers.Dense(
        3, use_bias=False,
        kernel_initializer=kerax.initializers.GlorotUniform(seed=2))
    layer.build((None, 40))
    layer.quantize("int8")
    float_kernel = layer.kernel.numpy().astype("float32") / (
        layer.kernel_scale.numpy())
    grad = jax.grad(lambda x: layer(x).sum())(X)
    np.testing.assert_allclose(
        np.asarray(grad), np.ones((5, 3)) @ float_kernel.T, rtol=1e-5)


def test_quantize_errors_and_filters():
    layer = kerax.layers.Dense(2)
    with pytest.raises(ValueError, match="not built"):
        layer.quantize("int8")
    layer.build((None, 3))
    with pytest.raises(ValueError, match="Invalid quantization mode"):
        layer.quantize("int2")
    with pytest.raises(ValueError, match="contradicts"):
        layer.quantize("int8", config=quantizers.Float8QuantizationConfig())
    layer.quantize("int8")
    with pytest.raises(ValueError, match="already quantized"):
        layer.quantize("int8")
    embedding = kerax.layers.Embedding(3, 2)
    embedding.build()
    with pytest.raises(ValueError, match="float8"):
        embedding.quantize("float8")
    conv = kerax.layers.Conv2D(2, 3)
    assert conv.quantization_mode is None
    with pytest.raises(ValueError, match="Conv2D .* no quantized form"):
        conv.quantize("int8")

    class MyDense(kerax.layers.Dense):
        pass

    model = kerax.Sequential([kerax.Input((3,)), MyDense(2, name="mine"),
                              kerax.layers.Dense(2, name="keep"),
                              kerax.layers.Dense(2, name="take")])
    with pytest.warns(UserWarning, match="MyDense"):
        model.quantize("int8", filters=["mine", "take"])
    assert [layer.quantization_mode for layer in model.layers] == [
        None, None, "int8"]
    with pytest.raises(ValueError, match="calibration `dataset`"):
        model.quantize(config=quantizers.GPTQConfig(None, None))


@pytest.mark.parametrize("equation, output_shape, bias_axes, shape, mode", [
    ("abc,cde->abde", (None, 4, 5), "de", (2, 3, 6), "int8"),
    ("btnh,nhd->btd", (None, 6), "d", (2, 3, 4, 5), "int8"),
    ("abc,bcd->ad", (4,), None, (2, 3, 6), "float8"),
    ("btnh,nhd->btd", (None, 6), "d", (2, 3, 4, 5), "int4"),
])
def test_einsum_dense_matches_keras(keras, equation, output_shape,
                                    bias_axes, shape, mode):
    import jax

    args = (equation, output_shape)
    theirs = keras.layers.EinsumDense(*args, bias_axes=bias_axes)
    ours = kerax.layers.EinsumDense(*args, bias_axes=bias_axes)
    theirs.build(shape)
    ours.build(shape)
    ours.set_weights([w.numpy() for w in theirs.weights])
    theirs.quantize(mode)
    ours.quantize(mode)
    _same_variables(theirs.weights, ours.weights)
    x = RNG.normal(size=shape).astype("float32")
    np.testing.assert_allclose(np.asarray(ours(x)), np.asarray(theirs(x)),
                               atol=1e-6)
    grads = [jax.grad(lambda x, layer=layer: (layer(x) ** 2).sum())(x)
             for layer in (theirs, ours)]
    np.testing.assert_allclose(np.asarray(grads[1]), np.asarray(grads[0]),
                               rtol=1e-5, atol=1e-6)


def test_einsum_dense_files_both_ways(keras, tmp_path):
    x = RNG.normal(size=(2, 3, 6)).astype("float32")
    model = kerax.Sequential([kerax.Input((3, 6)), kerax.layers.EinsumDense(
        "abc,cde->abde", output_shape=(None, 4, 5), bias_axes="de")])
    model.quantize("int8")
    expected = model.predict(x, verbose=0)
    model.save(tmp_path / "kerax.keras")
    theirs = keras.saving.load_model(tmp_path / "kerax.keras")
    np.testing.assert_allclose(theirs.predict(x, verbose=0), expected,
                               atol=1e-6)
    theirs.save(tmp_path / "keras.keras")
    ours = kerax.saving.load_model(tmp_path / "keras.keras")
    np.testing.assert_allclose(ours.predict(x, verbose=0), expected,
                               atol=1e-6)


@pytest.mark.parametrize("block", [-1, 4])
def test_einsum_dense_int4_lora_merge_matches_keras(keras, block):
    args = ("abc,cde->abde", (None, 4, 5))
    theirs = keras.layers.EinsumDense(*args, bias_axes="de")
    ours = kerax.layers.EinsumDense(*args, bias_axes="de")
    theirs.build((2, 3, 6))
    ours.build((2, 3, 6))
    ours.set_weights([w.numpy() for w in theirs.weights])
    theirs.quantize("int4", config=keras.quantizers.Int4QuantizationConfig(
        block_size=block))
    ours.quantize("int4", config=quantizers.Int4QuantizationConfig(
        block_size=block))
    theirs.enable_lora(2)
    ours.enable_lora(2)
    for a, b in zip(theirs.weights, ours.weights):
        if "lora" in a.name:
            value = RNG.normal(size=a.shape).astype("float32")
            a.assign(value)
            b.assign(value)
    x = RNG.normal(size=(2, 3, 6)).astype("float32")
    np.testing.assert_allclose(np.asarray(ours(x)), np.asarray(theirs(x)),
                               atol=1e-5)
    saved, k_saved = {}, {}
    ours.save_own_variables(saved)
    theirs.save_own_variables(k_saved)
    assert saved.keys() == k_saved.keys()
    for key, value in k_saved.items():
        np.testing.assert_allclose(saved[key], np.asarray(value), atol=1e-6)


def test_mixed_bfloat16_matches_keras(keras):
    theirs = keras.layers.Dense(6, dtype="mixed_bfloat16")
    ours = kerax.layers.Dense(6, dtype="mixed_bfloat16")
    k_table = keras.layers.Embedding(20, 9, dtype="mixed_bfloat16")
    table = kerax.layers.Embedding(20, 9, dtype="mixed_bfloat16")
    for a, b, shape in ((theirs, ours, (None, 40)),
                        (k_table, table, None)):
        a.build(shape)
        b.build(shape)
        b.set_weights([w.numpy() for w in a.weights])
    theirs.quantize("int8")
    ours.quantize("int8")
    k_table.quantize("int4")
    table.quantize("int4")
    assert ours.dtype_policy.name == "int8_from_mixed_bfloat16"
    for a, b, x in ((theirs, ours, X), (k_table, table, IDS)):
        got, expected = np.asarray(b(x)), np.asarray(a(x))
        assert got.dtype == expected.dtype == "bfloat16"
        np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("policy", ["gptq/4/16_from_float32",
                                    "gptq/8/-1_from_float32",
                                    "awq/4/16_from_float32"])
def test_calibrated_dense_matches_keras(keras, tmp_path, policy):
    # Runs, saves and loads Dense layers in Keras's GPTQ/AWQ layout with
    # weights set directly (calibration: tests/quantizers).
    theirs = keras.layers.Dense(7, dtype=policy)
    ours = kerax.layers.Dense(7, dtype=policy)
    theirs.build((None, 40))
    ours.build((None, 40))
    group = int(policy.split("/")[2].split("_")[0])
    for a, b in zip(theirs.weights, ours.weights):
        assert (a.name, tuple(a.shape), str(a.dtype)) == (
            b.name, tuple(b.shape), str(b.dtype))
        if a.name == "g_idx":
            value = np.arange(40) // group if group > 0 else np.zeros(40)
        elif str(a.dtype) == "uint8":
            value = RNG.integers(0, 15, size=a.shape)
        else:
            value = RNG.uniform(0.5, 1.5, size=a.shape)
        a.assign(value.astype(str(a.dtype)))
        b.assign(value.astype(str(a.dtype)))
    theirs.is_gptq_calibrated = theirs.is_awq_calibrated = True
    expected = np.asarray(theirs(X))
    np.testing.assert_allclose(np.asarray(ours(X)), expected, rtol=1e-6)
    model = kerax.Sequential([kerax.Input((40,)), ours])
    model.save(tmp_path / "calibrated.keras")
    for loaded in (keras.saving.load_model(tmp_path / "calibrated.keras"),
                   kerax.saving.load_model(tmp_path / "calibrated.keras")):
        np.testing.assert_allclose(loaded.predict(X, verbose=0), expected,
                                   rtol=1e-6)
