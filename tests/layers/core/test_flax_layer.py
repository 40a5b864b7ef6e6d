"""`FlaxLayer`: a Linen module's params trainable, its other collections
(BatchNorm statistics) carried as state through `fit`, dropout keys from
the layer's seed, Keras parity and `.keras` files read both ways."""

import types

import numpy as np
import pytest

import kerax

linen = pytest.importorskip("flax.linen")


@kerax.saving.register_keras_serializable(package="FlaxLayerTest")
class Block(linen.Module):
    features: int = 2

    def get_config(self):
        return {"features": self.features}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    @linen.compact
    def __call__(self, inputs, training):
        x = linen.Dense(4)(inputs)
        x = linen.BatchNorm(use_running_average=not training)(x)
        x = linen.Dropout(0.5, deterministic=not training)(x)
        return linen.Dense(self.features)(x)


@kerax.saving.register_keras_serializable(package="FlaxLayerTest")
class Twin(linen.Module):
    """A `setup` module with a second method (`method=` by name)."""

    def get_config(self):
        return {}

    def setup(self):
        self.dense = linen.Dense(3)

    def __call__(self, inputs):
        return self.dense(inputs)

    def embed(self, inputs):
        return 2.0 * self.dense(inputs)


@pytest.fixture
def keras_flax(keras, monkeypatch):
    import importlib.util

    from keras.src.utils import jax_layer

    if importlib.util.find_spec("tensorflow") is None:
        monkeypatch.setattr(jax_layer, "tf", types.SimpleNamespace(
            inside_function=lambda: False))
    if keras.saving.get_registered_object("FlaxLayerTest>Block") is None:
        keras.saving.register_keras_serializable("FlaxLayerTest")(Block)
    return keras


def test_module_type_checked():
    with pytest.raises(TypeError, match="flax.linen.Module"):
        kerax.layers.FlaxLayer(object())


def test_variables_split_and_fit(tmp_path):
    layer = kerax.layers.FlaxLayer(Block(), seed=2)
    model = kerax.Sequential([kerax.Input((5,)), layer])
    shapes = [(tuple(v.shape), v.trainable) for v in layer.weights]
    # params (BatchNorm bias/scale, Dense_0, Dense_1), then batch_stats.
    assert shapes == [((4,), True), ((4,), True), ((4,), True),
                      ((5, 4), True), ((2,), True), ((4, 2), True),
                      ((4,), False), ((4,), False)]
    mean0 = layer.state["batch_stats"]["BatchNorm_0"]["mean"].numpy().copy()
    x = np.random.default_rng(0).random((32, 5), dtype="float32")
    model.compile("adam", "mse")
    model.fit(x, x[:, :2], batch_size=16, epochs=1, verbose=0)
    mean1 = layer.state["batch_stats"]["BatchNorm_0"]["mean"].numpy()
    assert not np.allclose(mean0, mean1)
    kerax.testing.assert_concrete_state(model)
    expected = model.predict(x, verbose=0)
    path = tmp_path / "flax.keras"
    model.save(path)
    loaded = kerax.saving.load_model(path)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), expected,
                               atol=1e-6)


def test_method_by_name_and_given_variables():
    import jax

    module = Twin()
    x = np.ones((2, 5), "float32")
    variables = module.init(jax.random.PRNGKey(0), x, method=module.embed)
    layer = kerax.layers.FlaxLayer(module, method=module.embed,
                                   variables=variables)
    np.testing.assert_allclose(
        layer(x), module.apply(variables, x, method=module.embed), rtol=1e-6)
    config = layer.get_config()
    assert config["method"] == "embed"
    clone = kerax.layers.FlaxLayer.from_config(config)
    assert clone.method.__name__ == "embed"


def test_keras_files_both_ways(keras_flax, tmp_path):
    keras = keras_flax
    x = np.random.default_rng(1).random((6, 5), dtype="float32")
    model = kerax.Sequential([kerax.Input((5,)), kerax.layers.FlaxLayer(
        Block())])
    path = tmp_path / "kerax.keras"
    model.save(path)
    k_model = keras.saving.load_model(path)
    np.testing.assert_allclose(
        k_model.predict(x, verbose=0), model.predict(x, verbose=0),
        atol=1e-6)
    k_model.compile("adam", "mse")
    k_model.fit(x, x[:, :2], epochs=1, verbose=0)
    k_path = tmp_path / "keras.keras"
    k_model.save(k_path)
    loaded = kerax.saving.load_model(k_path)
    np.testing.assert_allclose(
        loaded.predict(x, verbose=0), k_model.predict(x, verbose=0),
        atol=1e-6)



class NoDropout(linen.Module):
    @linen.compact
    def __call__(self, inputs, training):
        x = linen.Dense(4)(inputs)
        x = linen.BatchNorm(use_running_average=not training,
                            momentum=0.9)(x)
        return linen.Dense(2)(linen.relu(x))


def test_fit_equals_keras(keras_flax):
    # Same variables, same data (a short last batch): the same weights and
    # batch statistics after training as Keras's FlaxLayer.
    import jax

    keras = keras_flax
    rng = np.random.default_rng(0)
    x = rng.random((20, 5), dtype="float32")
    y = rng.random((20, 2), dtype="float32")
    variables = NoDropout().init(jax.random.PRNGKey(0), x[:2],
                                 training=False)
    results = []
    for lib in (kerax, keras):
        copy = jax.tree_util.tree_map(np.array, variables)
        model = lib.Sequential([lib.Input((5,)), lib.layers.FlaxLayer(
            NoDropout(), variables=copy)])
        model.compile(lib.optimizers.SGD(0.1), "mse")
        model.fit(x, y, batch_size=16, epochs=1, shuffle=False, verbose=0)
        results.append(model.get_weights())
    for ours, theirs in zip(*results):
        np.testing.assert_allclose(ours, theirs, atol=1e-6)

nnx = pytest.importorskip("flax.nnx")


@kerax.saving.register_keras_serializable(package="FlaxLayerTest")
class NNXBlock(nnx.Module):
    def __init__(self, seed=0):
        rngs = nnx.Rngs(seed)
        self.seed = seed
        self.dense = nnx.Linear(5, 4, rngs=rngs)
        self.norm = nnx.BatchNorm(4, rngs=rngs)
        self.drop = nnx.Dropout(0.5, rngs=rngs)
        self.out = nnx.Linear(4, 2, rngs=rngs)

    def __call__(self, inputs):
        return self.out(self.drop(self.norm(self.dense(inputs))))

    def get_config(self):
        return {"seed": self.seed}

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def test_nnx_module_fit_seed_and_round_trip(tmp_path):
    module = NNXBlock()
    layer = kerax.layers.FlaxLayer(module, seed=4)
    assert [v.trainable for v in layer.weights] == [True] * 6 + [False] * 2
    model = kerax.Sequential([kerax.Input((5,)), layer])
    x = np.random.default_rng(2).random((16, 5), dtype="float32")
    module.eval()
    np.testing.assert_allclose(model.predict(x, verbose=0), module(x),
                               atol=1e-6)
    a = layer(x, training=True)
    b = layer(x, training=True)
    assert not np.allclose(a, b)  # the seed advances between calls
    model.compile("adam", "mse")
    model.fit(x, x[:, :2], batch_size=8, epochs=1, verbose=0)
    assert not np.allclose(layer.state["norm"]["mean"].numpy(), 0.0)
    expected = model.predict(x, verbose=0)
    path = tmp_path / "nnx.keras"
    model.save(path)
    loaded = kerax.saving.load_model(path)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), expected,
                               atol=1e-6)
    with pytest.raises(ValueError, match="Linen modules only"):
        kerax.layers.FlaxLayer(module, variables={})
