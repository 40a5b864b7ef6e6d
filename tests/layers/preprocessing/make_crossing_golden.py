"""Regenerates `crossing_golden.json`: outputs of real Keras 3's
`HashedCrossing`, which needs TensorFlow (`tf.sparse.cross_hashed`); run
once in an environment with `tensorflow-cpu`, `jax` and the same Keras:

    KERAS_BACKEND=jax python tests/layers/preprocessing/make_crossing_golden.py
"""

import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np

OUT = pathlib.Path(__file__).with_name("crossing_golden.json")
LONG = ["x" * n for n in (0, 1, 7, 8, 16, 17, 33, 64, 65, 129)]

# (layer kwargs, inputs): strings, ints (negative, > 2**32), mixed,
# rank 0 / 1 / 2, three inputs, one-hot output.
CASES = [
    ({"num_bins": 5}, [["A", "B", "A", "B", "A"], [101, 101, 101, 102, 102]]),
    ({"num_bins": 1000}, [LONG, LONG[::-1]]),
    ({"num_bins": 97}, [[-1, 0, 1, 2**40, -(2**50)], [7, 7, 7, 7, 7]]),
    ({"num_bins": 13}, [[["a"], ["ü"], ["日本"]], [["b"], ["c"], [""]]]),
    ({"num_bins": 31}, [[1, 2, 3], ["p", "q", "r"], [4, 4, 5]]),
    ({"num_bins": 4}, ["solo", 3]),
    ({"num_bins": 6, "output_mode": "one_hot"}, [[1, 2, 3], [4, 5, 6]]),
    ({"num_bins": 6, "output_mode": "one_hot"}, [[[1], [2]], [[3], [4]]]),
]


def main():
    cases = []
    for kwargs, inputs in CASES:
        layer = keras.layers.HashedCrossing(**kwargs)
        output = layer(tuple(np.asarray(x) for x in inputs))
        cases.append({"kwargs": kwargs, "inputs": inputs,
                      "output": np.asarray(output).tolist()})
    OUT.write_text(json.dumps({"keras": keras.__version__, "cases": cases},
                              indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
