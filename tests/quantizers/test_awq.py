import os

os.environ["KERAS_BACKEND"] = "jax"

import keras
import numpy as np
import pytest
from keras.src.quantizers.awq import (
    awq_quantize_matrix as keras_awq_matrix,
)
from keras_calibration_oracle import (
    SEQ,
    VOCAB,
    assert_outputs_and_files,
    assert_pairs_match,
    block_model,
    calibrated_pairs,
    einsum_block_model,
    recording_keras,
)

import kerax
from kerax.quantizers.awq_calibration import awq_quantize_matrix


@pytest.mark.parametrize("group_size", [4, -1])
def test_matrix_equals_keras(group_size):
    rng = np.random.default_rng(3)
    w = rng.normal(size=(6, 12)).astype("float32")
    magnitudes = np.abs(rng.normal(size=12) * 3).astype("float32")
    magnitudes[0] = 0.0
    expected = keras_awq_matrix(w, magnitudes, num_grid_points=6,
                                group_size=group_size)
    got = awq_quantize_matrix(w, magnitudes, num_grid_points=6,
                              group_size=group_size)
    for a, b in zip(expected, got):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


def test_model_equals_keras_and_keras_loads_it(tmp_path):
    """A dataset of token arrays (the tokenizer is then unused)."""
    rng = np.random.default_rng(4)
    data = [rng.integers(0, VOCAB, size=30) for _ in range(2)]
    keras_model, keras_structure = block_model(keras, seed=6)
    model, structure = block_model(kerax, seed=6)
    settings = {"num_samples": 3, "sequence_length": SEQ, "group_size": 4,
                "num_grid_points": 5}
    with recording_keras():
        keras_model.quantize("awq", config=keras.quantizers.AWQConfig(
            data, object(), quantization_layer_structure=keras_structure,
            **settings))
    model.quantize(config=kerax.quantizers.AWQConfig(
        data, object(), quantization_layer_structure=structure, **settings))
    assert_pairs_match(calibrated_pairs(keras_model, model), 4 * 6)
    scales = np.asarray(model.get_layer("block0").layers[0].awq_scales.value)
    assert not np.allclose(scales, 1.0)  # The magnitudes were recorded.
    tokens = rng.integers(0, VOCAB, (2, SEQ))
    assert_outputs_and_files(model, keras_model, tokens,
                             str(tmp_path / "awq.keras"), 1e-6)


def test_einsum_dense_blocks_equal_keras_and_keras_loads_them(tmp_path):
    data = [np.random.default_rng(6).integers(0, VOCAB, size=30)]
    keras_model, keras_structure = einsum_block_model(keras, seed=7)
    model, structure = einsum_block_model(kerax, seed=7)
    settings = {"num_samples": 3, "sequence_length": SEQ, "group_size": 4,
                "num_grid_points": 4}
    with recording_keras():
        keras_model.quantize("awq", config=keras.quantizers.AWQConfig(
            data, object(), quantization_layer_structure=keras_structure,
            **settings))
    model.quantize("awq", config=kerax.quantizers.AWQConfig(
        data, object(), quantization_layer_structure=structure, **settings))
    assert_pairs_match(calibrated_pairs(keras_model, model, ("ein_", "down")),
                       4 * 6, atol=1e-6)
    out_layer = model.get_layer("block0").layers[1]
    assert out_layer.awq_scales.shape == (8,)  # heads * head_dim rows
    tokens = np.random.default_rng(8).integers(0, VOCAB, (2, SEQ))
    assert_outputs_and_files(model, keras_model, tokens,
                             str(tmp_path / "awq_einsum.keras"), 1e-5)
