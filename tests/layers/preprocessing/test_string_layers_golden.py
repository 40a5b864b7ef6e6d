"""String-layer parity with real Keras 3, through recorded outputs.

Keras's Hashing/StringLookup/IntegerLookup/TextVectorization need
TensorFlow, which this environment does not install, so
`make_keras_golden.py` recorded real Keras outputs (in an environment with
TensorFlow) into `keras_golden.json`; every case is replayed here.
"""

import json
import pathlib

import numpy as np
import pytest

from kerax import layers

GOLDEN = json.loads(
    pathlib.Path(__file__).with_name("keras_golden.json").read_text()
)["cases"]


def _ids():
    return [f"{i}-{c['layer']}-{'-'.join(sorted(c['kwargs']))}"
            for i, c in enumerate(GOLDEN)]


def _build(case):
    kwargs = dict(case["kwargs"])
    if isinstance(kwargs.get("ngrams"), list):
        kwargs["ngrams"] = tuple(kwargs["ngrams"])
    layer = getattr(layers, case["layer"])(**kwargs)
    if case["adapt"] is not None:
        data = case["adapt"]
        layer.adapt(data if case["layer"] == "TextVectorization"
                    else np.array(data))
    return layer


@pytest.mark.parametrize("case", GOLDEN, ids=_ids())
def test_matches_keras(case):
    layer = _build(case)
    out = layer(np.array(case["inputs"]))
    expected = case["output"]
    out = np.asarray(out)
    if out.dtype.kind in ("U", "O"):
        assert out.reshape(len(expected), -1).tolist() == expected
    else:
        np.testing.assert_allclose(out, np.asarray(expected, out.dtype),
                                   rtol=1e-5, atol=1e-6)
    if "vocabulary" in case:
        assert layer.get_vocabulary() == case["vocabulary"]


def test_golden_covers_every_string_layer():
    names = {c["layer"] for c in GOLDEN}
    assert names == {"Hashing", "StringLookup", "IntegerLookup",
                     "TextVectorization"}
