"""Regenerates `feature_space_golden.json`: outputs of real Keras 3's
`FeatureSpace` on dicts of NumPy columns.

Keras's `FeatureSpace` needs TensorFlow (`tf.data` in `adapt`, TF ops in
`__call__`), which the test environment does not install; this script
runs once in an environment with `tensorflow-cpu`, `jax` and the same
Keras, and `test_feature_space.py` compares kerax with the recording (and loads
the `.keras` file Keras saves of the first case):

    KERAS_BACKEND=jax python tests/utils/make_feature_space_golden.py
"""

import json
import os
import pathlib

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np

OUT = pathlib.Path(__file__).with_name("feature_space_golden.json")
# The first case's adapted space, saved by Keras (loading test).
SAVED = pathlib.Path(__file__).with_name("feature_space_keras.keras")
FS = keras.utils.FeatureSpace


def make_data(seed, n):
    rng = np.random.default_rng(seed)
    return {
        "f": rng.normal(size=n).round(3).astype("float32"),
        "fn": rng.normal(2.0, 3.0, size=n).round(3).astype("float32"),
        "fr": rng.uniform(0, 10, size=n).round(3).astype("float32"),
        "fd": rng.uniform(0, 1, size=n).round(3).astype("float32"),
        "ic": rng.integers(0, 6, size=n).astype("int64"),
        "sc": rng.choice(["a", "b", "c", "dd", "eee"], size=n),
        "ih": rng.integers(0, 100, size=n).astype("int64"),
        "sh": rng.choice(["x", "y", "z", "w"], size=n),
    }


# Each case: features (type names or (method, kwargs)), FeatureSpace
# kwargs, crosses (lists of names or (names, dim, mode)).
CASES = [
    {
        "features": {
            "f": "float", "fn": "float_normalized",
            "fr": ["float_rescaled", {"scale": 0.1, "offset": 1.0}],
            "fd": ["float_discretized", {"num_bins": 4}],
            "ic": "integer_categorical", "sc": "string_categorical",
            "ih": ["integer_hashed", {"num_bins": 8}],
            "sh": "string_hashed",
        },
        "kwargs": {"output_mode": "concat", "crossing_dim": 16,
                   "hashing_dim": 6},
        "crosses": [["ic", "sc"], ["sc", "sh"]],
    },
    {
        "features": {
            "fn": "float_normalized",
            "fd": ["float_discretized", {"num_bins": 3}],
            "ic": ["integer_categorical",
                   {"output_mode": "int", "num_oov_indices": 2}],
            "sc": ["string_categorical", {"max_tokens": 4}],
            "sh": ["string_hashed", {"num_bins": 5, "output_mode": "int"}],
            "ih": "integer_hashed",
        },
        "kwargs": {"output_mode": "dict", "hashing_dim": 7},
        "crosses": [[["ic", "sh"], 9, "int"], [["sc", "fd"], 11,
                                                "one_hot"]],
    },
]


def feature(spec):
    if isinstance(spec, str):
        return spec
    method, kwargs = spec
    return getattr(FS, method)(**kwargs)


def cross(spec):
    if isinstance(spec[0], list):
        names, dim, mode = spec
        return FS.cross(names, dim, output_mode=mode)
    return tuple(spec)


def to_list(x):
    return np.asarray(x).tolist()


def columns(data):
    return {k: v.tolist() for k, v in data.items()}


def main():
    train = make_data(0, 70)
    test = make_data(1, 6)
    test["sc"][0], test["ic"][1], test["sh"][2] = "unseen", 99, "q"
    single = {k: v[3] for k, v in test.items()}
    cases = []
    for case in CASES:
        space = FS({k: feature(v) for k, v in case["features"].items()},
                   crosses=[cross(c) for c in case["crosses"]],
                   **case["kwargs"])
        names = list(case["features"])
        space.adapt({k: train[k] for k in names})
        batch = space({k: test[k] for k in names})
        one = space({k: single[k] for k in names})
        if isinstance(batch, dict):
            batch = {k: to_list(v) for k, v in batch.items()}
            one = {k: to_list(v) for k, v in one.items()}
        else:
            batch, one = to_list(batch), to_list(one)
        cases.append(dict(case, batch=batch, single=one))
        if len(cases) == 1:
            space.save(str(SAVED))
    single = {k: np.asarray(v).item() for k, v in single.items()}
    OUT.write_text(json.dumps({
        "keras": keras.__version__, "train": columns(train),
        "test": columns(test), "single": single, "cases": cases,
    }, indent=1) + "\n")


if __name__ == "__main__":
    main()
