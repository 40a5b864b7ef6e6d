"""Files written by kerax load in real Keras 3 and the other way round,
with identical predictions, and optimizer slots that continue training."""

import jax
import numpy as np
import pytest
from compile_cache import module_compile_cache  # noqa: F401

import kerax
from kerax import saving
from tests.saving.conftest import assert_same, mlp, mlp_data


@pytest.fixture(scope="module", autouse=True)
def every_program_cached(module_compile_cache):  # noqa: F811
    """`module_compile_cache` writing every program: a model saved and
    loaded again, and the MLP the first three tests build in each library,
    compile the same small programs (faster than kerax's 0.2 s minimum)."""
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0)


def _train(model, x, y, epochs=1):
    model.fit(x, y, batch_size=8, epochs=epochs, verbose=0, shuffle=False)


def _weights_equal(a, b):
    assert_same([np.asarray(w) for w in a.get_weights()],
                [np.asarray(w) for w in b.get_weights()])


def test_sequential_kerax_to_keras_and_back(keras, tmp_path, rng):
    x, y = mlp_data(rng)
    model = mlp(kerax)
    _train(model, x, y)
    path = str(tmp_path / "m.keras")
    model.save(path)
    theirs = keras.saving.load_model(path)
    assert_same(model.predict(x, verbose=0), theirs.predict(x, verbose=0))
    # One more step in both: same slots -> same weights.
    model.train_on_batch(x, y)
    theirs.train_on_batch(x, y)
    _weights_equal(model, theirs)
    back = str(tmp_path / "back.keras")
    theirs.save(back)
    ours = saving.load_model(back)
    assert_same(ours.predict(x, verbose=0), theirs.predict(x, verbose=0))
    assert int(ours.optimizer.iterations.numpy()) == 3


def test_sequential_keras_to_kerax_optimizer_slots(keras, tmp_path, rng):
    x, y = mlp_data(rng)
    theirs = mlp(keras)
    _train(theirs, x, y)
    path = str(tmp_path / "k.keras")
    theirs.save(path)
    ours = kerax.models.load_model(path) if hasattr(
        kerax.models, "load_model") else saving.load_model(path)
    assert_same(ours.predict(x, verbose=0), theirs.predict(x, verbose=0))
    theirs.train_on_batch(x, y)
    ours.train_on_batch(x, y)
    _weights_equal(ours, theirs)


def test_weights_h5_both_ways(keras, tmp_path, rng):
    x, y = mlp_data(rng)
    theirs, ours = mlp(keras), mlp(kerax)
    _train(theirs, x, y)
    theirs.save_weights(str(tmp_path / "k.weights.h5"))
    _train(ours, x, y, epochs=1)
    ours.load_weights(str(tmp_path / "k.weights.h5"))
    assert_same(ours.predict(x, verbose=0), theirs.predict(x, verbose=0))
    ours.train_on_batch(x, y)
    ours.save_weights(str(tmp_path / "o.weights.h5"))
    fresh = mlp(keras)
    fresh.optimizer.build(fresh.trainable_variables)
    fresh.load_weights(str(tmp_path / "o.weights.h5"))
    assert_same(ours.predict(x, verbose=0), fresh.predict(x, verbose=0))


def _multi_io(lib):
    a = lib.Input((4,), name="a")
    b = lib.Input((4,), name="b")
    h = lib.ops.add(lib.layers.Dense(5, name="da")(a),
                    lib.layers.Dense(5, name="db")(b))
    out1 = lib.layers.Dense(1, name="out1")(h)
    out2 = lib.layers.Dense(2, activation="softmax", name="out2")(h)
    model = lib.Model([a, b], [out1, out2])
    model.compile(optimizer=lib.optimizers.SGD(0.1, momentum=0.9),
                  loss=["mse", "categorical_crossentropy"])
    return model


def test_functional_multi_io_both_ways(keras, tmp_path, rng):
    xa, xb = rng.normal(size=(2, 8, 4)).astype("float32")
    y1 = rng.normal(size=(8, 1)).astype("float32")
    y2 = np.eye(2, dtype="float32")[rng.integers(0, 2, 8)]
    ours = _multi_io(kerax)
    ours.train_on_batch([xa, xb], [y1, y2])
    ours.save(str(tmp_path / "f.keras"))
    theirs = keras.saving.load_model(str(tmp_path / "f.keras"))
    assert_same(ours.predict([xa, xb], verbose=0),
                theirs.predict([xa, xb], verbose=0))
    ours.train_on_batch([xa, xb], [y1, y2])
    theirs.train_on_batch([xa, xb], [y1, y2])
    _weights_equal(ours, theirs)
    theirs.save(str(tmp_path / "g.keras"))
    again = saving.load_model(str(tmp_path / "g.keras"))
    assert_same(again.predict([xa, xb], verbose=0),
                theirs.predict([xa, xb], verbose=0))


def _nested(lib):
    inner = lib.Sequential([lib.Input((4,)), lib.layers.Dense(6),
                            lib.layers.Dense(3)], name="inner")
    x = lib.Input((4,), name="x")
    out = lib.layers.Dense(2, name="head")(inner(x))
    model = lib.Model(x, out, name="outer")
    model.compile(optimizer="adam", loss="mse")
    return model


def test_nested_model_both_ways(keras, tmp_path, rng):
    x = rng.normal(size=(8, 4)).astype("float32")
    y = rng.normal(size=(8, 2)).astype("float32")
    ours = _nested(kerax)
    ours.fit(x, y, verbose=0, batch_size=4)
    ours.save(str(tmp_path / "n.keras"))
    theirs = keras.saving.load_model(str(tmp_path / "n.keras"))
    assert_same(ours.predict(x, verbose=0), theirs.predict(x, verbose=0))
    theirs.fit(x, y, verbose=0, batch_size=4)
    theirs.save(str(tmp_path / "m.keras"))
    again = saving.load_model(str(tmp_path / "m.keras"))
    assert_same(again.predict(x, verbose=0), theirs.predict(x, verbose=0))


def test_custom_registered_layer_both_ways(keras, tmp_path, rng):
    def make_scale(lib):
        @lib.saving.register_keras_serializable(package="InteropTest")
        class Scale(lib.layers.Layer):
            def __init__(self, factor=2.0, **kwargs):
                super().__init__(**kwargs)
                self.factor = factor

            def build(self, input_shape):
                self.w = self.add_weight(shape=(input_shape[-1],),
                                         initializer="ones", name="w")

            def call(self, x):
                return x * self.w * self.factor

            def get_config(self):
                return {**super().get_config(), "factor": self.factor}

        return Scale

    x = rng.normal(size=(4, 3)).astype("float32")
    classes = {kerax: make_scale(kerax), keras: make_scale(keras)}
    for lib in (kerax, keras):
        scale = classes[lib]
        inputs = lib.Input((3,))
        model = lib.Model(inputs, scale(3.0)(lib.layers.Dense(3)(inputs)))
        model.layers[-1].w.assign(np.arange(3, dtype="float32"))
        path = str(tmp_path / f"{lib.__name__}.keras")
        model.save(path)
        other = keras if lib is kerax else kerax
        loaded = other.saving.load_model(path)
        assert_same(model.predict(x, verbose=0), loaded.predict(x, verbose=0))


def test_cnn_with_batchnorm_both_ways(keras, tmp_path, rng):
    if not all(hasattr(kerax.layers, n) for n in ("Conv2D", "Flatten")):
        pytest.skip("Conv2D not yet in kerax.layers")

    def build(lib):
        model = lib.Sequential([
            lib.Input((6, 6, 2)), lib.layers.Conv2D(3, 3),
            lib.layers.BatchNormalization(), lib.layers.Flatten(),
            lib.layers.Dense(2)])
        model.compile("adam", "mse")
        return model

    x = rng.normal(size=(4, 6, 6, 2)).astype("float32")
    y = rng.normal(size=(4, 2)).astype("float32")
    ours = build(kerax)
    ours.fit(x, y, verbose=0)
    ours.save(str(tmp_path / "c.keras"))
    theirs = keras.saving.load_model(str(tmp_path / "c.keras"))
    assert_same(ours.predict(x, verbose=0), theirs.predict(x, verbose=0))
    theirs.save_weights(str(tmp_path / "c.weights.h5"))
    fresh = build(kerax)
    fresh.load_weights(str(tmp_path / "c.weights.h5"))
    assert_same(fresh.predict(x, verbose=0), theirs.predict(x, verbose=0))


@pytest.mark.parametrize("layer", ["LSTM", "GRU", "Bidirectional",
                                   "MultiHeadAttention"])
def test_optional_layers_both_ways(keras, tmp_path, rng, layer):
    if not hasattr(kerax.layers, layer):
        pytest.skip(f"{layer} not yet in kerax.layers")

    def build(lib):
        tokens = lib.Input((5,), dtype="int32")
        h = lib.layers.Embedding(10, 4)(tokens)
        if layer == "Bidirectional":
            h = lib.layers.Bidirectional(lib.layers.LSTM(3))(h)
        elif layer == "MultiHeadAttention":
            h = lib.layers.MultiHeadAttention(2, 2)(h, h)
            h = lib.layers.Flatten()(h)
        else:
            h = getattr(lib.layers, layer)(3)(h)
        return lib.Model(tokens, lib.layers.Dense(1)(h))

    x = rng.integers(0, 10, size=(3, 5)).astype("int32")
    ours = build(kerax)
    ours.save(str(tmp_path / "r.keras"))
    theirs = keras.saving.load_model(str(tmp_path / "r.keras"))
    assert_same(ours.predict(x, verbose=0), theirs.predict(x, verbose=0))
    theirs.save(str(tmp_path / "s.keras"))
    again = saving.load_model(str(tmp_path / "s.keras"))
    assert_same(again.predict(x, verbose=0), theirs.predict(x, verbose=0))
