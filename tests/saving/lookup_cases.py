"""Lookup layers built the same way in kerax and Keras, for the `.keras`
assets tests and the script that writes the Keras-made files
(`make_keras_lookup_files.py`)."""

import numpy as np

WORDS = [["the", "cat", "sat"], ["the", "dog", "ran"], ["a", "cat", "ran"],
         ["the", "end", "the"]]
WORD_QUERY = [["the", "cat", "zebra"], ["ran", "a", "dog"]]
INTS = [[3, 5, 5], [7, 7, 7], [5, 9, 0]]
INT_QUERY = [[3, 7, 0], [11, 5, 9]]
TEXTS = ["The cat sat.", "the dog ran, the end", "A cat ran!", "dog dog"]
TEXT_QUERY = ["the cat", "a zebra ran", "dog the end dog"]

# name: (layer class, constructor arguments, adapt data, query)
CASES = {
    "string_lookup": ("StringLookup", {"name": "tokens"}, WORDS,
                      WORD_QUERY),
    "string_lookup_tf_idf": ("StringLookup",
                             {"name": "tokens_idf", "output_mode": "tf_idf"},
                             WORDS, WORD_QUERY),
    "integer_lookup": ("IntegerLookup",
                       {"name": "ids", "mask_token": 0, "max_tokens": 6},
                       INTS, INT_QUERY),
    "integer_lookup_multi_hot": ("IntegerLookup",
                                 {"name": "ids_hot",
                                  "output_mode": "multi_hot",
                                  "num_oov_indices": 2},
                                 INTS, INT_QUERY),
    "text_vectorization": ("TextVectorization",
                           {"name": "text", "max_tokens": 8,
                            "output_sequence_length": 5},
                           TEXTS, TEXT_QUERY),
    "text_vectorization_tf_idf": ("TextVectorization",
                                  {"name": "text_idf",
                                   "output_mode": "tf_idf", "ngrams": 2},
                                  TEXTS, TEXT_QUERY),
}


def build_layer(lib, case):
    """The adapted layer of `CASES[case]` in `lib` (kerax or keras)."""
    class_name, kwargs, data, _ = CASES[case]
    layer = getattr(lib.layers, class_name)(**kwargs)
    layer.adapt(np.array(data))
    return layer


def query(case):
    return np.array(CASES[case][3])


def int_model(lib):
    """A functional model whose first layer is an adapted IntegerLookup
    (kerax runs it on integer inputs inside its jitted step)."""
    lookup = lib.layers.IntegerLookup(name="ids", max_tokens=6)
    lookup.adapt(np.array(INTS))
    inputs = lib.Input((3,), dtype="int32", name="ids_in")
    x = lookup(inputs)
    x = lib.layers.Embedding(6, 2, name="embed")(x)
    x = lib.layers.Flatten(name="flat")(x)
    outputs = lib.layers.Dense(2, name="head")(x)
    return lib.Model(inputs, outputs, name="lookup_model")
