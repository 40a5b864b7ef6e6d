"""Keras 3's Layer members: metrics, metrics_variables, own-variable
hooks, symbolic_call, activity_regularizer, input_dtype (against Keras)."""

import numpy as np
import pytest

import kerax


def make_metric_layer(lib):
    class Tracked(lib.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = lib.layers.Dense(2)
            self.mean = lib.metrics.Mean(name="act_mean")

        def call(self, x):
            return self.dense(x)

    class Outer(lib.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.inner = Tracked()
            self.total = lib.metrics.Sum(name="calls")

        def call(self, x):
            return self.inner(x)

    return Outer()


def test_metrics_and_metrics_variables_match_keras(keras):
    theirs, ours = make_metric_layer(keras), make_metric_layer(kerax)
    assert [m.name for m in ours.metrics] == [m.name for m in theirs.metrics]
    assert [v.path for v in ours.metrics_variables] == [
        v.path for v in theirs.metrics_variables]


def test_own_variables_round_trip_and_mismatch(keras):
    ours = kerax.layers.LayerNormalization()
    ours.build((None, 2))
    theirs = keras.layers.LayerNormalization()
    theirs.build((None, 2))
    store = {}
    theirs.save_own_variables(store)
    ours.load_own_variables(store)
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_array_equal(a, b)
    mine = {}
    ours.save_own_variables(mine)
    assert sorted(mine) == sorted(store)
    with pytest.raises(ValueError, match="2 variables"):
        ours.load_own_variables({"0": mine["0"]})


def test_overridden_own_variables_survive_a_keras_file(tmp_path):
    class Scaled(kerax.layers.Layer):
        def build(self, input_shape):
            self.scale = self.add_weight(shape=(), initializer="ones")

        def call(self, x):
            return x * self.scale

        def save_own_variables(self, store):
            store["scale"] = self.scale.numpy() * 10

        def load_own_variables(self, store):
            self.scale.assign(store["scale"] / 10)

    inputs = kerax.Input((2,))
    layer = Scaled(name="scaled")
    model = kerax.Model(inputs, layer(inputs))
    layer.scale.assign(3.0)
    path = tmp_path / "m.keras"
    model.save(path)
    again = kerax.saving.load_model(path, custom_objects={"Scaled": Scaled})
    assert float(again.get_layer("scaled").scale.numpy()) == 3.0


def test_symbolic_call_input_dtype_activity_regularizer(keras):
    for lib in (keras, kerax):
        layer = lib.layers.Dense(4, activity_regularizer="l1",
                                 dtype="mixed_float16")
        spec = layer.symbolic_call(lib.KerasTensor((None, 3)))
        assert tuple(spec.shape) == (None, 4)
        assert layer.input_dtype == "float16"
        assert type(layer.activity_regularizer).__name__ == "L1"
    layer = kerax.layers.Dense(2)
    assert layer.activity_regularizer is None
    layer.activity_regularizer = "l2"
    layer(np.ones((2, 3), "float32"))
    assert len(layer.losses) == 1
