"""Pipeline: sequencing, training flag, config round trip, and an
augmentation pipeline inside a small CNN trained by `fit` with one
compiled train step."""

import numpy as np

import kerax
from kerax import layers

X = np.random.default_rng(4).uniform(0, 255, (32, 10, 10, 3)).astype(
    "float32")


def _pipeline():
    return layers.Pipeline([
        layers.RandomColorDegeneration(0.5, seed=1),
        layers.RandomSharpness(0.5, seed=2),
        layers.RandomErasing(seed=3),
        layers.RandomInvert(0.3, seed=4),
    ])


def test_sequence_training_flag_and_config():
    pipe = layers.Pipeline([layers.RandomInvert((1.0, 1.0), seed=1),
                            layers.AutoContrast()])
    x = X[:2] * 0.5
    expected = layers.AutoContrast()(255.0 - x)
    np.testing.assert_allclose(pipe(x), expected, atol=1e-4)
    # At inference the random layer is the identity, AutoContrast is not.
    np.testing.assert_allclose(pipe(x, training=False),
                               layers.AutoContrast()(x), atol=1e-4)
    clone = layers.deserialize(layers.serialize(pipe))
    assert [type(layer).__name__ for layer in clone.layers] == [
        "RandomInvert", "AutoContrast"]
    np.testing.assert_allclose(clone(x), expected, atol=1e-4)


def test_pipeline_in_cnn_trains_with_one_compile():
    y = (X.mean(axis=(1, 2, 3)) > 127).astype("int32")
    inputs = kerax.Input((10, 10, 3))
    h = _pipeline()(inputs)
    h = layers.Rescaling(1 / 255)(h)
    h = layers.Conv2D(4, 3, activation="relu")(h)
    h = layers.GlobalAveragePooling2D()(h)
    model = kerax.Model(inputs, layers.Dense(2, activation="softmax")(h))
    model.compile("adam", "sparse_categorical_crossentropy")
    history = model.fit(X, y, epochs=2, batch_size=8, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    compiled = sum(fn._cache_size() for key, fn in model._jit_cache.items()
                   if key[0] == "train")
    assert compiled == 1
    # The seed states (seeds 1..4) advanced once per step: 4 x 2 epochs.
    states = [v.numpy() for v in model.non_trainable_variables
              if "seed_generator" in v.path]
    assert sorted(int(s[1]) for s in states) == [9, 10, 11, 12]
    first = model.predict(X[:4], verbose=0)
    np.testing.assert_allclose(model.predict(X[:4], verbose=0), first)


def test_keras_saved_pipeline_loads_and_predicts_the_same(keras, tmp_path):
    inputs = keras.Input((10, 10, 3))
    pipe = keras.layers.Pipeline([
        keras.layers.RandomHue(0.2, seed=2), keras.layers.AutoContrast(),
        keras.layers.Equalization(), keras.layers.RandomErasing(seed=3),
    ])
    h = keras.layers.GlobalAveragePooling2D()(pipe(inputs))
    theirs = keras.Model(inputs, keras.layers.Dense(2)(h))
    path = str(tmp_path / "augment.keras")
    theirs.save(path)
    ours = kerax.saving.load_model(path)
    assert [type(layer).__name__ for layer in ours.layers[1].layers] == [
        "RandomHue", "AutoContrast", "Equalization", "RandomErasing"]
    # The loaded pipeline at inference (called directly: a Keras-saved
    # functional node records `training=True`, which kerax's functional
    # runner does not yet replace by the model call's `training`).
    expected = theirs.layers[1](X[:4], training=False)
    np.testing.assert_allclose(ours.layers[1](X[:4], training=False),
                               np.asarray(expected), atol=1e-4)
    configs = [layer.get_config() for layer in ours.layers[1].layers]
    assert configs[0]["factor"] == (0, 0.2) and configs[3]["seed"] == 3
