"""Regenerates `keras_golden.json`: outputs of real Keras 3 string layers.

Keras's `Hashing`, `StringLookup`, `IntegerLookup` and `TextVectorization`
need TensorFlow, which the test environment does not install; this script
runs once in an environment with `tensorflow-cpu`, `jax` and the same
Keras, and the tests compare kerax against the recorded outputs:

    KERAS_BACKEND=jax python tests/layers/preprocessing/make_keras_golden.py
"""

import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np
import tensorflow as tf

OUT = pathlib.Path(__file__).with_name("keras_golden.json")

WORDS = [["a", "b", "a"], ["c", "a", "d"], ["b", "e", "a"]]
TEXTS = [
    "The quick, brown fox!", "the QUICK dog.", "Ünïcode ÉCOLE école",
    "  spaces\tand\nnewlines  ", "dog dog fox", "",
]
LONG = ["x" * n for n in (0, 1, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 63,
                          64, 65, 127, 128, 129, 200)]

CASES = [
    # Hashing: strings, ints, floats, salt, mask, encodings.
    ("Hashing", {"num_bins": 3}, None, [["A"], ["B"], ["C"], ["D"], ["E"]]),
    ("Hashing", {"num_bins": 1000}, None, [LONG]),
    ("Hashing", {"num_bins": 7}, None, [[1, 2, 3], [-4, 55, 12345678]]),
    ("Hashing", {"num_bins": 7}, None, [[1.5, -2.7, 3.0]]),
    ("Hashing", {"num_bins": 3, "salt": 133}, None, [["A", "B", "C", "D"]]),
    ("Hashing", {"num_bins": 5, "salt": [133, 137]}, None,
     [["A", "B", "C", "D"], ["eee", "ff", "g", "hh"]]),
    ("Hashing", {"num_bins": 5, "salt": [1, 2]}, None, [[7, 8, 9, 10]]),
    ("Hashing", {"num_bins": 3, "mask_value": ""}, None,
     [["A", ""], ["", "C"]]),
    ("Hashing", {"num_bins": 4, "mask_value": 0}, None, [[0, 1, 2, 0]]),
    ("Hashing", {"num_bins": 5, "output_mode": "multi_hot"}, None,
     [["a", "b"], ["c", "c"]]),
    ("Hashing", {"num_bins": 5, "output_mode": "count"}, None,
     [["a", "b"], ["c", "c"]]),
    ("Hashing", {"num_bins": 5, "output_mode": "one_hot"}, None,
     [["a"], ["b"], ["z"]]),
    # StringLookup.
    ("StringLookup", {"vocabulary": ["a", "b", "c"]}, None,
     [["a", "c", "z"], ["b", "b", "q"]]),
    ("StringLookup", {}, WORDS, [["a", "b", "c"], ["d", "e", "zz"]]),
    ("StringLookup", {"max_tokens": 4}, WORDS, [["a", "b", "c", "d"]]),
    ("StringLookup", {"num_oov_indices": 3, "vocabulary": ["a", "b"]},
     None, [["a", "x", "y", "zz", "longer oov", "b"]]),
    ("StringLookup", {"num_oov_indices": 2, "salt": 7,
                      "vocabulary": ["a", "b"]},
     None, [["a", "x", "y", "zz", "longer oov", "b"]]),
    ("StringLookup", {"num_oov_indices": 0, "vocabulary": ["a", "b"]},
     None, [["a", "b", "a"]]),
    ("StringLookup", {"mask_token": "", "vocabulary": ["a", "b"]}, None,
     [["a", "", "q"], ["", "b", "a"]]),
    ("StringLookup", {"mask_token": "[MASK]", "oov_token": "?"}, WORDS,
     [["a", "[MASK]", "q"]]),
    ("StringLookup", {"output_mode": "one_hot", "vocabulary": ["a", "b"]},
     None, [["a"], ["b"], ["z"]]),
    ("StringLookup", {"output_mode": "multi_hot", "vocabulary": ["a", "b"]},
     None, [["a", "a"], ["b", "z"]]),
    ("StringLookup", {"output_mode": "multi_hot", "mask_token": "",
                      "vocabulary": ["a", "b"]},
     None, [["a", ""], ["b", "z"]]),
    ("StringLookup", {"output_mode": "count"}, WORDS,
     [["a", "a", "b"], ["e", "z", "z"]]),
    ("StringLookup", {"output_mode": "count", "pad_to_max_tokens": True,
                      "max_tokens": 8}, WORDS, [["a", "a", "b"]]),
    ("StringLookup", {"output_mode": "tf_idf"}, WORDS,
     [["a", "a", "b"], ["e", "z", "d"]]),
    ("StringLookup", {"output_mode": "tf_idf", "vocabulary": ["a", "b"],
                      "idf_weights": [0.5, 0.25]}, None,
     [["a", "a", "b"], ["q", "z", "b"]]),
    # IntegerLookup.
    ("IntegerLookup", {"vocabulary": [12, 36, 1138]}, None,
     [[12, 1138, 42], [36, 0, 12]]),
    ("IntegerLookup", {}, [[5, 5, 7], [9, 7, 5], [1, 1, 2]],
     [[5, 7, 9, 1, 2, 3]]),
    ("IntegerLookup", {"num_oov_indices": 3, "vocabulary": [1, 2]}, None,
     [[1, 2, 3, 4, 5, 6, -7]]),
    ("IntegerLookup", {"num_oov_indices": 3, "oov_method": "farmhash",
                      "vocabulary": [1, 2]}, None, [[1, 2, 3, 4, 5, 6, 77]]),
    ("IntegerLookup", {"num_oov_indices": 3, "oov_method": "farmhash",
                      "salt": [3, 4], "vocabulary": [1, 2]}, None,
     [[1, 2, 3, 4, 5, 6, 77]]),
    ("IntegerLookup", {"mask_token": 0, "vocabulary": [5, 6]}, None,
     [[0, 5, 6, 7]]),
    ("IntegerLookup", {"output_mode": "multi_hot", "vocabulary": [5, 6]},
     None, [[5, 5], [6, 9]]),
    ("IntegerLookup", {"output_mode": "tf_idf"},
     [[5, 5, 7], [9, 7, 5], [1, 1, 2]], [[5, 7, 9], [2, 2, 42]]),
    # TextVectorization.
    ("TextVectorization", {}, TEXTS, ["The dog, the FOX", "unknown words"]),
    ("TextVectorization", {"standardize": "lower"}, TEXTS,
     ["The dog, the FOX", "Ünïcode école"]),
    ("TextVectorization", {"standardize": "strip_punctuation"}, TEXTS,
     ["The dog, the FOX!", "quick"]),
    ("TextVectorization", {"standardize": None}, TEXTS,
     ["The dog, the FOX", "dog"]),
    ("TextVectorization", {"split": "character", "max_tokens": 10}, TEXTS,
     ["abc de", "fox"]),
    ("TextVectorization", {"split": None, "standardize": None},
     [["a"], ["b"], ["a"], ["c d"]], [["a"], ["c d"], ["zz"]]),
    ("TextVectorization", {"ngrams": 2}, TEXTS,
     ["the quick dog", "dog fox"]),
    ("TextVectorization", {"ngrams": (1, 3)}, TEXTS,
     ["the quick brown fox", "dog"]),
    ("TextVectorization", {"output_sequence_length": 4}, TEXTS,
     ["the dog", "the quick brown fox jumps over"]),
    ("TextVectorization", {"output_mode": "multi_hot"}, TEXTS,
     ["the dog dog", "fox zebra"]),
    ("TextVectorization", {"output_mode": "count", "max_tokens": 6}, TEXTS,
     ["the dog dog", "fox zebra"]),
    ("TextVectorization", {"output_mode": "count", "max_tokens": 12,
                           "pad_to_max_tokens": True}, TEXTS,
     ["the dog dog", "fox zebra"]),
    ("TextVectorization", {"output_mode": "tf_idf"}, TEXTS,
     ["the dog dog", "fox zebra"]),
    ("TextVectorization", {"output_mode": "tf_idf", "ngrams": 2}, TEXTS,
     ["the dog dog", "fox zebra"]),
    ("TextVectorization", {"vocabulary": ["dog", "fox", "the"]}, None,
     ["the dog", "the cat fox"]),
]


def _plain(x):
    x = np.asarray(x)
    if x.dtype.kind in ("S", "O"):
        return [[v.decode() if isinstance(v, bytes) else v for v in row]
                for row in x.reshape(x.shape[0], -1).tolist()]
    return x.tolist()


def main():
    cases = []
    for name, kwargs, adapt, inputs in CASES:
        layer = getattr(keras.layers, name)(**kwargs)
        if adapt is not None:
            layer.adapt(np.array(adapt) if name != "TextVectorization"
                        else adapt)
        out = layer(np.array(inputs))
        case = {"layer": name, "kwargs": kwargs, "adapt": adapt,
                "inputs": inputs, "output": _plain(out)}
        if hasattr(layer, "get_vocabulary"):
            case["vocabulary"] = [
                v.item() if hasattr(v, "item") else v
                for v in layer.get_vocabulary()
            ]
        cases.append(case)
    # Inverted lookups return TF strings: feed TF tensors.
    inv = keras.layers.StringLookup(vocabulary=["a", "b", "c"], invert=True)
    out = inv(tf.constant([[1, 2], [0, 3], [7, 0]]))
    cases.append({"layer": "StringLookup",
                  "kwargs": {"vocabulary": ["a", "b", "c"], "invert": True},
                  "adapt": None, "inputs": [[1, 2], [0, 3], [7, 0]],
                  "output": _plain(out.numpy())})
    inv = keras.layers.StringLookup(vocabulary=["a", "b"], mask_token="",
                                    invert=True)
    out = inv(tf.constant([[0, 1, 2, 3, 9]]))
    cases.append({"layer": "StringLookup",
                  "kwargs": {"vocabulary": ["a", "b"], "mask_token": "",
                             "invert": True},
                  "adapt": None, "inputs": [[0, 1, 2, 3, 9]],
                  "output": _plain(out.numpy())})
    inv = keras.layers.IntegerLookup(vocabulary=[12, 36], mask_token=0,
                                     invert=True)
    out = inv(np.array([[0, 1, 2, 3, 9]]))
    cases.append({"layer": "IntegerLookup",
                  "kwargs": {"vocabulary": [12, 36], "mask_token": 0,
                             "invert": True},
                  "adapt": None, "inputs": [[0, 1, 2, 3, 9]],
                  "output": _plain(out)})
    OUT.write_text(json.dumps({"keras": keras.__version__, "cases": cases},
                              indent=1, ensure_ascii=False))
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
