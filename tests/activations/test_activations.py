"""kerax.activations against real Keras 3 activations."""

import jax
import numpy as np
import pytest

from kerax import activations

X = np.random.default_rng(0).normal(size=(3, 6)).astype("float32") * 3


def _names(keras):
    return sorted(
        n for n in dir(keras.activations)
        if not n.startswith("_") and n not in ("get", "serialize",
                                               "deserialize")
    )


KERAS_NAMES = [
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink",
    "hard_sigmoid", "hard_silu", "hard_swish", "hard_tanh", "leaky_relu",
    "linear", "log_sigmoid", "log_softmax", "mish", "relu", "relu6", "selu",
    "sigmoid", "silu", "soft_shrink", "softmax", "softplus", "softsign",
    "sparse_plus", "sparse_sigmoid", "squareplus", "swish", "tanh",
    "tanh_shrink",
]


def test_every_keras_activation_exists(keras):
    missing = [n for n in _names(keras) if not hasattr(activations, n)]
    assert not missing


@pytest.mark.parametrize("name", KERAS_NAMES)
def test_parity(keras, name):
    expected = getattr(keras.activations, name)(X)
    actual = getattr(activations, name)(X)
    np.testing.assert_allclose(actual, expected, rtol=1e-5, atol=1e-6)
    assert activations.get(name) is getattr(activations, name)
    assert activations.serialize(activations.get(name)) == (
        keras.activations.serialize(keras.activations.get(name))
    )


@pytest.mark.parametrize("kwargs", [
    {"negative_slope": 0.1}, {"max_value": 6.0}, {"max_value": 2.5},
    {"threshold": 0.5}, {"negative_slope": 0.2, "max_value": 3.0},
    {"negative_slope": 0.3, "threshold": 1.0, "max_value": 4.0},
])
def test_relu_options(keras, kwargs):
    np.testing.assert_allclose(
        activations.relu(X, **kwargs), keras.activations.relu(X, **kwargs),
        rtol=1e-6, atol=1e-6,
    )


@pytest.mark.parametrize("name,kwargs", [
    ("threshold", {"threshold": 0.5, "default_value": -1.0}),
    ("gelu", {"approximate": True}), ("softmax", {"axis": 0}),
    ("log_softmax", {"axis": 0}), ("elu", {"alpha": 0.3}),
])
def test_arguments(keras, name, kwargs):
    np.testing.assert_allclose(
        getattr(activations, name)(X, **kwargs),
        getattr(keras.activations, name)(X, **kwargs), rtol=1e-5, atol=1e-6,
    )


def test_sparsemax_sums_to_one():
    out = activations.sparsemax(X)
    np.testing.assert_allclose(np.sum(out, axis=-1), 1.0, rtol=1e-5)


def test_sparsemax_is_the_simplex_projection():
    # Keras 3.15 gives [[0, 0, 0.25]] here: its threshold sums every
    # cumulative sum in the support (keras-team/keras#23425, fixed upstream
    # by #23469). kerax follows Martins & Astudillo (2016), Algorithm 1.
    x = np.array([[0.0, 0.5, 1.0], [0.1, 0.2, 5.0]], "float32")
    np.testing.assert_allclose(activations.sparsemax(x),
                               [[0.0, 0.25, 0.75], [0.0, 0.0, 1.0]],
                               atol=1e-6)
    assert activations.get("sparsemax") is activations.sparsemax


def test_every_keras_lookup_name(keras):
    from keras.src.activations import ALL_OBJECTS_DICT

    assert len(ALL_OBJECTS_DICT) >= 29
    for name, fn in ALL_OBJECTS_DICT.items():
        ours = activations.get(name)
        assert ours.__name__ == fn.__name__, name
        assert activations.serialize(ours) == keras.activations.serialize(fn)


def test_hard_sigmoid_keras3_and_legacy():
    x = np.array([-4.0, -2.0, 0.0, 1.0, 3.0], "float32")
    np.testing.assert_allclose(activations.hard_sigmoid(x),
                               np.clip(x / 6 + 0.5, 0, 1), rtol=1e-6)
    np.testing.assert_allclose(activations.hard_sigmoid_legacy(x),
                               np.clip(0.2 * x + 0.5, 0, 1), rtol=1e-6)
    assert activations.get("hard_sigmoid_legacy") is (
        activations.hard_sigmoid_legacy
    )


def test_get_and_deserialize_forms():
    from kerax.activations import softmax

    assert activations.get(None) is activations.linear
    assert activations.get(softmax) is softmax
    assert activations.get("swish") is activations.silu
    keras3 = {"module": "builtins", "class_name": "function",
              "config": "relu", "registered_name": "function"}
    assert activations.get(keras3) is activations.relu
    assert activations.deserialize("tanh") is activations.tanh
    assert activations.get(lambda t: t)(3) == 3


def test_unknown_identifier():
    with pytest.raises(ValueError, match="Could not interpret activation "
                       "function identifier: nope"):
        activations.get("nope")


def test_jit():
    fn = jax.jit(lambda t: activations.relu(t, max_value=2.0) + (
        activations.gelu(t)))
    np.testing.assert_allclose(
        fn(X), activations.relu(X, max_value=2.0) + activations.gelu(X),
        rtol=1e-6)
