"""kerax.initializers: statistics, configs and serialization vs Keras 3."""

import math

import numpy as np
import pytest

from kerax import initializers
from kerax.utils import set_random_seed

CLASSES = [
    "Constant", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform",
    "Identity", "LecunNormal", "LecunUniform", "Ones", "Orthogonal",
    "RandomNormal", "RandomUniform", "STFT", "TruncatedNormal",
    "VarianceScaling", "Zeros",
]


def test_every_keras_name_exists(keras):
    names = [n for n in dir(keras.initializers) if not n.startswith("_")]
    assert not [n for n in names if not hasattr(initializers, n)]


@pytest.mark.parametrize("name", CLASSES)
def test_config_and_serialize_match_keras(keras, name):
    ours, theirs = getattr(initializers, name)(), getattr(
        keras.initializers, name)()
    assert ours.get_config() == theirs.get_config()
    assert initializers.serialize(ours) == keras.initializers.serialize(
        theirs)
    clone = initializers.deserialize(keras.initializers.serialize(theirs))
    assert type(clone) is type(ours)
    assert clone.get_config() == ours.get_config()


@pytest.mark.parametrize("name,kwargs", [
    ("RandomNormal", {"mean": 1.0, "stddev": 2.0, "seed": 3}),
    ("RandomUniform", {"minval": -1.0, "maxval": 2.0, "seed": 3}),
    ("VarianceScaling", {"scale": 2.0, "mode": "fan_avg",
                         "distribution": "uniform", "seed": 1}),
    ("VarianceScaling", {"distribution": "normal"}),
    ("GlorotUniform", {"seed": 5, "input_axes": [0], "output_axes": [1]}),
    ("Orthogonal", {"gain": 2.0, "seed": 2}),
    ("Constant", {"value": 3}),
    ("STFT", {"side": "imag", "window": "hamming", "scaling": "spectrum",
              "periodic": True}),
])
def test_config_with_arguments(keras, name, kwargs):
    assert getattr(initializers, name)(**kwargs).get_config() == getattr(
        keras.initializers, name)(**kwargs).get_config()


@pytest.mark.parametrize("name,shape", [
    ("Zeros", (3, 4)), ("Ones", (2, 5)), ("Identity", (3, 4)),
    ("Identity", (4, 2)), ("STFT", (8, 1, 5)),
])
def test_deterministic_values(keras, name, shape):
    ours = np.asarray(getattr(initializers, name)()(shape))
    theirs = np.asarray(getattr(keras.initializers, name)()(shape))
    assert ours.dtype == theirs.dtype
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)


def test_constant_and_stft_options(keras):
    np.testing.assert_array_equal(
        initializers.Constant(2.5)((2, 3), dtype="float16"),
        keras.initializers.Constant(2.5)((2, 3), dtype="float16"))
    kwargs = {"side": "imag", "window": "hamming", "scaling": "spectrum",
              "periodic": True}
    np.testing.assert_allclose(
        initializers.STFT(**kwargs)((6, 1, 4)),
        keras.initializers.STFT(**kwargs)((6, 1, 4)), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name,std", [
    ("RandomNormal", 0.05),
    # Truncating a normal at 2 sigma shrinks its std by 0.8796.
    ("TruncatedNormal", 0.05 * 0.87962566),
    ("RandomUniform", 0.1 / math.sqrt(12)),
    ("GlorotNormal", math.sqrt(2 / (9 * 60 + 9 * 40))),
    ("GlorotUniform", math.sqrt(2 / (9 * 60 + 9 * 40))),
    ("HeNormal", math.sqrt(2 / (9 * 60))),
    ("HeUniform", math.sqrt(2 / (9 * 60))),
    ("LecunNormal", math.sqrt(1 / (9 * 60))),
    ("LecunUniform", math.sqrt(1 / (9 * 60))),
])
def test_random_statistics(keras, name, std):
    # Conv kernel (3, 3, 60, 40): fan_in = 9 * 60, fan_out = 9 * 40.
    shape = (3, 3, 60, 40)
    ours = np.asarray(getattr(initializers, name)(seed=1)(shape))
    theirs = np.asarray(getattr(keras.initializers, name)(seed=1)(shape))
    assert ours.shape == shape and ours.dtype == np.float32
    assert abs(ours.mean()) < 0.05 * std + 1e-3
    np.testing.assert_allclose(ours.std(), std, rtol=0.05)
    np.testing.assert_allclose(ours.std(), theirs.std(), rtol=0.05)
    np.testing.assert_allclose(np.abs(ours).max(), np.abs(theirs).max(),
                               rtol=0.1)


def test_orthogonal():
    for shape in [(6, 4), (4, 6), (2, 3, 8)]:
        q = np.asarray(initializers.Orthogonal(gain=2.0, seed=0)(shape))
        flat = q.reshape(-1, shape[-1])
        gram = flat.T @ flat if flat.shape[0] >= flat.shape[1] else (
            flat @ flat.T)
        np.testing.assert_allclose(gram, 4 * np.eye(len(gram)), atol=1e-4)


def test_seed_semantics():
    init = initializers.GlorotUniform(seed=7)
    np.testing.assert_array_equal(init((4, 4)), init((4, 4)))
    np.testing.assert_array_equal(
        init((4, 4)), initializers.GlorotUniform(seed=7)((4, 4)))
    unseeded = initializers.RandomNormal()
    assert not np.array_equal(unseeded((8,)), unseeded((8,)))
    set_random_seed(3)
    first = initializers.HeNormal()((8,))
    set_random_seed(3)
    np.testing.assert_array_equal(first, initializers.HeNormal()((8,)))


def test_get_forms():
    assert isinstance(initializers.get("glorot_uniform"),
                      initializers.GlorotUniform)
    assert isinstance(initializers.get("normal"), initializers.RandomNormal)
    assert isinstance(initializers.get("uniform"),
                      initializers.RandomUniform)
    np.testing.assert_array_equal(initializers.get("zero")((2,)), [0, 0])
    np.testing.assert_array_equal(initializers.get("one")((2,)), [1, 1])
    assert isinstance(initializers.get(initializers.Ones), initializers.Ones)
    assert initializers.get(None) is None
    keras2 = {"class_name": "RandomNormal", "config": {"stddev": 2.0}}
    assert initializers.get(keras2).stddev == 2.0
    array = np.arange(4.0).reshape(2, 2)
    np.testing.assert_array_equal(initializers.get(array)((2, 2)), array)
    assert initializers.IdentityInitializer is initializers.Identity
    assert initializers.glorot_uniform is initializers.GlorotUniform


def test_errors():
    with pytest.raises(ValueError, match="Could not interpret initializer "
                       "identifier: foo"):
        initializers.get("foo")
    with pytest.raises(ValueError, match="seed"):
        initializers.RandomNormal(seed="x")
    with pytest.raises(ValueError, match="mode"):
        initializers.VarianceScaling(mode="fan")
    with pytest.raises(ValueError, match="2D"):
        initializers.Identity()((2, 2, 2))


def test_seventeen_classes_and_snake_case_aliases(keras):
    import inspect

    classes = [n for n in dir(keras.initializers)
               if n[0].isupper() and n[-len("Initializer"):] != "Initializer"]
    classes.append("Initializer")
    assert len(classes) == 17 and all(hasattr(initializers, n)
                                      for n in classes)
    for name in dir(keras.initializers):
        theirs = getattr(keras.initializers, name)
        if name.startswith("_") or not inspect.isclass(theirs):
            continue
        ours = getattr(initializers, name)
        # Every Keras alias of a class is the same kerax class.
        for alias in dir(keras.initializers):
            if getattr(keras.initializers, alias) is theirs:
                assert getattr(initializers, alias) is ours, alias


def test_every_keras_string_name(keras):
    from keras.src.initializers import ALL_OBJECTS_DICT

    for name in ALL_OBJECTS_DICT:
        if name.lower() in ("constant", "initializer"):
            continue  # need arguments / are abstract in Keras too
        ours = initializers.get(name)
        theirs = keras.initializers.get(name)
        assert type(ours).__name__ == type(theirs).__name__, name


def test_orthogonal_compiles_one_program_per_shape():
    from compile_cache import count_compiles

    init = initializers.Orthogonal(seed=3)
    with count_compiles() as first:
        q = np.asarray(init((7, 3)))
    with count_compiles() as again:
        initializers.Orthogonal(seed=4)((7, 3))
    # The QR and what follows it run as one program (about ten before).
    assert len(first) <= 2 and not again
    np.testing.assert_allclose(q.T @ q, np.eye(3), atol=1e-5)

