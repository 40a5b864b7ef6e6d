"""`get_config` / `from_config` round trips of custom objects (Keras's
serialization guide): custom layers with arguments and nested sublayers,
layers passed as arguments, custom subclassed models, saved and loaded."""

import numpy as np

import kerax
from kerax.testing import assert_concrete_state
from tests.patterns.parity import assert_close

X = np.linspace(-1.0, 1.0, 12, dtype="float32").reshape(3, 4)


def make_classes(lib, package):
    register = lib.saving.register_keras_serializable(package=package)

    @register
    class Scale(lib.layers.Layer):
        def __init__(self, factor, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def call(self, x):
            return x * self.factor

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    @register
    class Projection(lib.layers.Layer):
        """Creates its sublayers from its arguments; one argument is a
        layer, stored serialized in the config."""

        def __init__(self, units, activation_layer=None, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.dense = lib.layers.Dense(units, name="dense")
            if isinstance(activation_layer, dict):
                activation_layer = lib.saving.deserialize_keras_object(
                    activation_layer)
            self.activation_layer = activation_layer or Scale(2.0, name="x2")

        def call(self, x):
            return self.activation_layer(self.dense(x))

        def get_config(self):
            return {
                **super().get_config(),
                "units": self.units,
                "activation_layer": lib.saving.serialize_keras_object(
                    self.activation_layer),
            }

    @register
    class Regressor(lib.Model):
        def __init__(self, hidden, **kwargs):
            super().__init__(**kwargs)
            self.hidden = hidden
            self.body = Projection(hidden, Scale(0.5), name="body")
            self.head = lib.layers.Dense(1, name="head")

        def call(self, x):
            return self.head(self.body(x))

        def get_config(self):
            return {**super().get_config(), "hidden": self.hidden}

    return Scale, Projection, Regressor


def test_configs_equal_keras_and_round_trip(keras):
    _, projection_k, _ = make_classes(keras, "patterns_rt")
    scale_x, projection_x, _ = make_classes(kerax, "patterns_rt")
    theirs = projection_k(3, name="proj").get_config()
    ours = projection_x(3, name="proj").get_config()
    # Known difference (saving's serializer): for a registered custom class
    # Keras writes the class's Python module, kerax writes None; both load
    # by `registered_name`.
    assert theirs["activation_layer"].pop("module") == __name__
    assert ours["activation_layer"].pop("module") is None
    assert ours == theirs
    ours = projection_x(3, name="proj").get_config()
    clone = projection_x.from_config(ours)
    assert clone.get_config() == ours
    assert isinstance(clone.activation_layer, scale_x)
    assert clone.activation_layer.factor == 2.0


def test_functional_model_with_custom_layers_saves_and_loads(tmp_path):
    _, projection, _ = make_classes(kerax, "patterns_fn")
    inputs = kerax.Input((4,))
    model = kerax.Model(inputs, projection(3, name="proj")(inputs))
    expected = model.predict(X, verbose=0)
    path = tmp_path / "model.keras"
    model.save(path)
    loaded = kerax.saving.load_model(path)
    assert_concrete_state(loaded)
    assert_close(loaded.predict(X, verbose=0), expected)
    clone = kerax.Model.from_config(model.get_config())
    assert [v.shape for v in clone.weights] == [v.shape
                                                for v in model.weights]


def test_subclassed_model_round_trip(tmp_path):
    _, _, regressor = make_classes(kerax, "patterns_sub")
    model = regressor(4, name="reg")
    model(X)
    model.compile("sgd", "mse")
    model.fit(X, X[:, :1], epochs=1, verbose=0)
    expected = model.predict(X, verbose=0)
    clone = regressor.from_config(model.get_config())
    clone(X)
    clone.set_weights(model.get_weights())
    assert_close(clone.predict(X, verbose=0), expected)
    path = tmp_path / "reg.keras"
    model.save(path)
    loaded = kerax.saving.load_model(path)
    assert_concrete_state(loaded)
    assert_close(loaded.predict(X, verbose=0), expected)
