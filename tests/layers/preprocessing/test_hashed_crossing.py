"""HashedCrossing: bins equal real Keras 3's (recorded in
`crossing_golden.json` by `make_crossing_golden.py`: Keras's layer needs
TensorFlow), jit on integers, symbolic use, config, errors."""

import json
import pathlib

import jax
import numpy as np
import pytest

from kerax import Input, Model, layers

GOLDEN = json.loads(pathlib.Path(__file__).with_name(
    "crossing_golden.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("index", range(len(GOLDEN["cases"])))
def test_bins_equal_keras(index):
    case = GOLDEN["cases"][index]
    layer = layers.HashedCrossing(**case["kwargs"])
    got = layer(tuple(np.asarray(x) for x in case["inputs"]))
    np.testing.assert_array_equal(np.asarray(got), case["output"])


def test_integer_inputs_under_jit_and_in_a_model():
    case = GOLDEN["cases"][2]
    a, b = (np.asarray(x) for x in case["inputs"])
    layer = layers.HashedCrossing(num_bins=97)
    got = jax.jit(lambda x, y: layer((x, y)))(a.astype("int32"),
                                               b.astype("int32"))
    first = case["output"][1:3]  # values that fit int32
    assert np.asarray(got)[1:3].tolist() == first

    x = Input(shape=(1,), dtype="int32")
    y = Input(shape=(1,), dtype="int32")
    out = layers.HashedCrossing(num_bins=6, output_mode="one_hot")([x, y])
    assert tuple(out.shape) == (None, 6)
    model = Model([x, y], out)
    expected = GOLDEN["cases"][7]["output"]
    inputs = [np.asarray(v, "int32") for v in GOLDEN["cases"][7]["inputs"]]
    np.testing.assert_array_equal(model.predict(inputs, verbose=0),
                                  expected)


def test_config_and_errors():
    layer = layers.HashedCrossing(num_bins=8, output_mode="one_hot")
    clone = layers.HashedCrossing.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    with pytest.raises(ValueError, match="output_mode"):
        layers.HashedCrossing(num_bins=3, output_mode="multi_hot")
    with pytest.raises(ValueError, match="num_bins"):
        layers.HashedCrossing(num_bins=0)
    layer = layers.HashedCrossing(num_bins=3)
    with pytest.raises(ValueError, match="at least two"):
        layer([np.array([1])])
    with pytest.raises(ValueError, match="same shape"):
        layer((np.array([1, 2]), np.array([1])))
    with pytest.raises(ValueError, match="shape"):
        layer((np.ones((2, 2), "int32"), np.ones((2, 2), "int32")))
    with pytest.raises(ValueError, match="integers or strings"):
        layer((np.array([1.5]), np.array([1])))
