import os

os.environ["KERAS_BACKEND"] = "jax"

import keras
import numpy as np
import pytest
from keras.src.quantizers.gptq import (
    gptq_quantize_matrix as keras_gptq_matrix,
)
from keras.src.quantizers.quantizers import GPTQQuantizer
from keras_calibration_oracle import (
    SEQ,
    VOCAB,
    CharTokenizer,
    block_model,
    calibrated_pairs,
    recording_keras,
)

import kerax
from kerax.quantizers.gptq_calibration import gptq_quantize_matrix

TEXTS = ["the quick brown fox jumps", "over the lazy dog", "hello kerax"]


@pytest.mark.parametrize("group_size,symmetric,activation_order", [
    (8, False, False), (-1, True, False), (4, False, True)])
def test_matrix_equals_keras(group_size, symmetric, activation_order):
    rng = np.random.default_rng(1)
    w = rng.normal(size=(6, 12)).astype("float32")
    x = rng.normal(size=(40, 12)).astype("float32")
    inverse = np.linalg.inv(2 * x.T @ x / 40 + 0.1 * np.eye(12)).astype(
        "float32")
    config = keras.quantizers.GPTQConfig(
        None, None, weight_bits=3, group_size=group_size, symmetric=symmetric)
    metric = np.diag(inverse) * 3 if activation_order else None
    expected = keras_gptq_matrix(
        w, inverse, group_size=group_size, activation_order=activation_order,
        order_metric=metric,
        compute_scale_zero=GPTQQuantizer(config).find_params)
    got = gptq_quantize_matrix(
        w, inverse, bits=3, group_size=group_size, symmetric=symmetric,
        activation_order=activation_order, order_metric=metric)
    for a, b in zip(expected, got):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


def _configs(lib, structure, **kwargs):
    return lib.quantizers.GPTQConfig(
        TEXTS, CharTokenizer(), num_samples=4, sequence_length=SEQ,
        group_size=8, quantization_layer_structure=structure, **kwargs)


def test_model_equals_keras_and_keras_loads_it(tmp_path):
    keras_model, keras_structure = block_model(keras)
    model, structure = block_model(kerax)
    with recording_keras():
        keras_model.quantize("gptq", config=_configs(
            keras, keras_structure, activation_order=True))
    model.quantize("gptq", config=_configs(
        kerax, structure, activation_order=True))
    pairs = calibrated_pairs(keras_model, model)
    assert len(pairs) == 4 * 5
    for expected, got in pairs:  # Same Hessians: bit for bit.
        np.testing.assert_array_equal(np.asarray(expected.value),
                                      np.asarray(got.value))
    assert model.get_layer("block0").layers[0].dtype_policy.name == (
        "gptq/4/8_from_float32")
    tokens = np.random.default_rng(2).integers(0, VOCAB, (2, SEQ))
    out = np.asarray(model(tokens))
    np.testing.assert_allclose(out, np.asarray(keras_model(tokens)),
                               atol=1e-6)
    path = str(tmp_path / "gptq.keras")
    model.save(path)
    np.testing.assert_allclose(
        np.asarray(keras.saving.load_model(path)(tokens)), out, atol=1e-6)


def test_filters_and_errors():
    model, structure = block_model(kerax)
    with pytest.raises(ValueError, match="needs `config=`"):
        model.quantize("gptq")
    with pytest.raises(ValueError, match="dataset"):
        model.quantize("gptq", config=kerax.quantizers.GPTQConfig(
            None, None, quantization_layer_structure=structure))
    with pytest.raises(ValueError, match="sequential_blocks"):
        model.quantize("gptq", config=_configs(kerax, None))
    model.quantize("gptq", config=_configs(kerax, structure, weight_bits=8),
                   filters="up")
    up, down = model.get_layer("block1").layers
    assert up.dtype_policy.name == "gptq/8/8_from_float32"
    assert down.quantization_mode is None


def test_einsum_dense_in_a_block_stays_float():
    layers = kerax.layers
    block = kerax.Sequential([
        layers.EinsumDense("btd,de->bte", (SEQ, 4), name="proj"),
        layers.Dense(4, name="out")])
    embedding = layers.Embedding(VOCAB, 6)
    model = kerax.Sequential([kerax.Input((SEQ,), dtype="int32"), embedding,
                              block])
    config = kerax.quantizers.GPTQConfig(
        [np.arange(VOCAB)], object(), num_samples=2, sequence_length=SEQ,
        group_size=-1, quantization_layer_structure={
            "pre_block_layers": [embedding], "sequential_blocks": [block]})
    with pytest.warns(UserWarning, match="proj"):
        model.quantize("gptq", config=config)
    assert [layer.quantization_mode for layer in block.layers] == [
        None, "gptq"]
