"""String layers on `Input(dtype="string")`: graph nodes run on the host
when the model is called eagerly (Keras's string-input models)."""

import numpy as np
import pytest

import kerax
from kerax import layers


def test_string_input_model_runs_lookup_and_vectorization():
    lookup = layers.StringLookup(vocabulary=["a", "b", "c"])
    text = layers.TextVectorization(max_tokens=10, output_sequence_length=3,
                                    vocabulary=["x", "y", "z"])
    word = kerax.Input(shape=(1,), dtype="string", name="word")
    sentence = kerax.Input(shape=(1,), dtype="string", name="sentence")
    assert word.dtype == "string"
    codes, tokens = lookup(word), text(sentence)
    assert tuple(codes.shape) == (None, 1)
    assert tuple(tokens.shape) == (None, 3)
    model = kerax.Model({"word": word, "sentence": sentence},
                        [codes, tokens])
    words = np.array(["b", "q", "a"])  # rank 1: a trailing axis is added
    sentences = np.array([["x y"], ["z q x y"], [""]])
    got_codes, got_tokens = model({"word": words, "sentence": sentences})
    np.testing.assert_array_equal(got_codes, lookup(words[:, None]))
    np.testing.assert_array_equal(got_tokens, text(sentences))


def test_string_layers_refuse_numeric_symbolic_inputs():
    with pytest.raises(ValueError, match="StringLookup.*Input\\(dtype="):
        layers.StringLookup(vocabulary=["a"])(kerax.Input((1,)))
    with pytest.raises(ValueError, match="TextVectorization.*int32"):
        layers.TextVectorization()(kerax.Input((1,), dtype="int32"))
    inverse = layers.StringLookup(vocabulary=["a"], invert=True)
    with pytest.raises(ValueError, match="inverted"):
        inverse(kerax.Input((1,), dtype="string"))
