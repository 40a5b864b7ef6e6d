"""A `training` value Keras 3 wrote into a saved node yields to the call's."""

import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "jax")
keras = pytest.importorskip("keras")

import kerax  # noqa: E402


@pytest.fixture(scope="module")
def keras_file(tmp_path_factory):
    """A Keras 3 model whose nodes carry RandomFlip(True), Dropout(False)."""
    inputs = keras.Input((4, 4, 1))
    x = keras.layers.RandomFlip(seed=1)(inputs)
    x = keras.layers.Flatten()(x)
    x = keras.layers.Dropout(0.5, seed=2)(x)
    outputs = keras.layers.Dense(3)(x)
    model = keras.Model(inputs, outputs)
    path = str(tmp_path_factory.mktemp("k3") / "model.keras")
    model.save(path)
    x = np.arange(32, dtype="float32").reshape(2, 4, 4, 1)
    return path, x, model.predict(x, verbose=0)


def test_predict_of_a_keras_file_does_not_augment(keras_file):
    path, x, expected = keras_file
    model = kerax.saving.load_model(path)
    np.testing.assert_allclose(model.predict(x, verbose=0), expected,
                               rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(model(x, training=False), expected,
                               rtol=1e-5, atol=1e-5)


def test_training_call_applies_the_dropout_keras_saved_as_false(keras_file):
    path, x, expected = keras_file
    model = kerax.saving.load_model(path)
    trained = np.asarray(model(x, training=True))
    assert not np.allclose(trained, expected, atol=1e-6)


def test_kerax_code_keeps_an_explicit_training_true():
    inputs = kerax.Input((8,))
    x = kerax.layers.Dropout(0.5, seed=3)(inputs, training=True)
    model = kerax.Model(inputs, x)
    out = model.predict(np.ones((4, 8), "float32"), verbose=0)
    assert (out == 0).any()
