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
    assert_outputs_and_files,
    assert_pairs_match,
    block_model,
    calibrated_pairs,
    einsum_block_model,
    recording_keras,
)

import kerax
from kerax.quantizers.gptq_calibration import gptq_quantize_matrix

TEXTS = ["the quick brown fox jumps", "over the lazy dog", "hello kerax"]


# Six columns: groups of 4 leave a partial last group, groups of 2 three
# full ones; every slice is one the width-8 models compile too.
@pytest.mark.parametrize("group_size,symmetric,activation_order", [
    (4, False, False), (-1, True, False), (2, False, True)])
def test_matrix_equals_keras(group_size, symmetric, activation_order):
    rng = np.random.default_rng(1)
    w = rng.normal(size=(8, 6)).astype("float32")
    x = rng.normal(size=(40, 6)).astype("float32")
    inverse = np.linalg.inv(2 * x.T @ x / 40 + 0.1 * np.eye(6)).astype(
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
        group_size=4, quantization_layer_structure=structure, **kwargs)


def test_model_equals_keras_and_keras_loads_it(tmp_path):
    keras_model, keras_structure = block_model(keras)
    model, structure = block_model(kerax)
    with recording_keras():
        keras_model.quantize("gptq", config=_configs(
            keras, keras_structure, activation_order=True))
    model.quantize("gptq", config=_configs(
        kerax, structure, activation_order=True))
    # Same Hessians: bit for bit.
    assert_pairs_match(calibrated_pairs(keras_model, model), 4 * 5)
    assert model.get_layer("block0").layers[0].dtype_policy.name == (
        "gptq/4/4_from_float32")
    tokens = np.random.default_rng(2).integers(0, VOCAB, (2, SEQ))
    assert_outputs_and_files(model, keras_model, tokens,
                             str(tmp_path / "gptq.keras"), 1e-6, reload=False)


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
    assert up.dtype_policy.name == "gptq/8/4_from_float32"
    assert down.quantization_mode is None


def test_einsum_dense_blocks_equal_keras_and_keras_loads_them(tmp_path):
    keras_model, keras_structure = einsum_block_model(keras, seed=3)
    model, structure = einsum_block_model(kerax, seed=3)
    with recording_keras():
        keras_model.quantize("gptq", config=_configs(keras, keras_structure))
    model.quantize("gptq", config=_configs(kerax, structure))
    assert_pairs_match(calibrated_pairs(keras_model, model, ("ein_", "down")),
                       4 * 5, atol=1e-6)
    qkv = model.get_layer("block0").layers[0]
    assert qkv.quantized_kernel.shape == (4, 8)  # (8 columns / 2, rows)
    assert qkv.kernel_scale.shape == (8, 2)
    tokens = np.random.default_rng(2).integers(0, VOCAB, (2, SEQ))
    assert_outputs_and_files(model, keras_model, tokens,
                             str(tmp_path / "gptq_einsum.keras"), 1e-5)


def test_einsum_dense_of_rank_4_kernel_stays_float():
    layers = kerax.layers
    block = kerax.Sequential([
        layers.EinsumDense("btd,defg->btefg", (SEQ, 2, 2, 2), name="proj"),
        layers.Reshape((SEQ, 8)), layers.Dense(8, name="out")])
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
        None, None, "gptq"]


def _attention_model(lib):
    layers = lib.layers
    tokens = lib.Input((SEQ,), dtype="int32")
    embedding = layers.Embedding(VOCAB, 8)
    block_input = lib.Input((SEQ, 8))
    attended = layers.MultiHeadAttention(2, 4, name="mha")(block_input,
                                                            block_input)
    block = lib.Model(block_input, layers.Add()([block_input, attended]))
    model = lib.Model(tokens, block(embedding(tokens)))
    rng = np.random.default_rng(0)
    model.set_weights([rng.normal(size=w.shape).astype("float32") * 0.5
                       for w in model.get_weights()])
    return model, {"pre_block_layers": [embedding],
                   "sequential_blocks": [block]}


def test_multi_head_attention_projections_equal_keras():
    keras_model, keras_structure = _attention_model(keras)
    model, structure = _attention_model(kerax)
    with recording_keras():
        keras_model.quantize("gptq", config=_configs(keras, keras_structure))
    model.quantize("gptq", config=_configs(kerax, structure))
    mha = structure["sequential_blocks"][0].get_layer("mha")
    assert [layer.quantization_mode for layer in mha._flatten_layers()
            if type(layer).__name__ == "EinsumDense"] == ["gptq"] * 4
    tokens = np.random.default_rng(2).integers(0, VOCAB, (2, SEQ))
    np.testing.assert_allclose(np.asarray(model(tokens)),
                               np.asarray(keras_model(tokens)), atol=1e-5)
