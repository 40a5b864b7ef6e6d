"""Regenerates `keras_files/`: `.keras` files written by real Keras 3 for
the lookup layers of `lookup_cases.py`, and `keras_files/outputs.json`
(what Keras computes with each file).

Keras's lookup layers need TensorFlow, which the test environment does not
install; run this once in an environment with `tensorflow-cpu`, `jax` and
the same Keras:

    KERAS_BACKEND=jax python tests/saving/make_keras_lookup_files.py
"""

import json
import os
import pathlib
import shutil
import sys

os.environ.setdefault("KERAS_BACKEND", "jax")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import lookup_cases  # noqa: E402 - found through the sys.path entry above

OUT = HERE / "keras_files"


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir()
    outputs = {"keras": keras.__version__}
    for case in lookup_cases.CASES:
        layer = lookup_cases.build_layer(keras, case)
        keras.saving.save_model(layer, str(OUT / f"{case}.keras"))
        result = np.asarray(layer(lookup_cases.query(case)))
        outputs[case] = result.tolist()
    # The unzipped form (an absolute path: Keras 3.15 drops the assets of
    # a relative one).
    layer = lookup_cases.build_layer(keras, "text_vectorization")
    keras.saving.save_model(layer, str(OUT / "text_vectorization_dir"),
                            zipped=False)
    model = lookup_cases.int_model(keras)
    model.save(str(OUT / "int_lookup_model.keras"))
    x = np.array(lookup_cases.INT_QUERY, "int32")
    outputs["int_lookup_model"] = model.predict(x, verbose=0).tolist()
    (OUT / "outputs.json").write_text(json.dumps(outputs, indent=1))
    print(f"wrote {len(outputs) - 1} cases to {OUT}")


if __name__ == "__main__":
    main()
