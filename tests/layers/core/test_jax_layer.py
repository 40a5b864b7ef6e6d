"""`JaxLayer`: signatures by name, params/state as Variables, training in
`fit` (state carried, RNG from the layer's seed), Keras parity of outputs
for the same params, `.keras` round trips both ways."""

import types

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import kerax
from kerax.layers import JaxLayer


@kerax.saving.register_keras_serializable(package="JaxLayerTest")
def stateful_init(rng, inputs):
    params = {"w": jax.random.normal(rng, (inputs.shape[-1], 3)) * 0.1,
              "b": jnp.zeros((3,))}
    return params, {"count": jnp.zeros(())}


@kerax.saving.register_keras_serializable(package="JaxLayerTest")
def stateful_call(params, state, rng, inputs, training):
    y = inputs @ params["w"] + params["b"]
    if training:
        y = y * jax.random.bernoulli(rng, 0.9, y.shape) / 0.9
    return y, {"count": state["count"] + 1}


def plain_call(inputs, params):  # order free: arguments go by name
    return jnp.tanh(inputs @ params["w"])


@pytest.fixture
def keras_jax_layer(keras, monkeypatch):
    """Keras's `keras.src.utils.jax_layer`, made to build without
    TensorFlow (its build asks TF whether it runs in a tf.function)."""
    import importlib.util

    from keras.src.utils import jax_layer

    if importlib.util.find_spec("tensorflow") is None:
        monkeypatch.setattr(jax_layer, "tf", types.SimpleNamespace(
            inside_function=lambda: False))
    return jax_layer


def _register_in_keras(keras):
    for fn in (stateful_init, stateful_call):
        if keras.saving.get_registered_object(
                f"JaxLayerTest>{fn.__name__}") is None:
            keras.saving.register_keras_serializable("JaxLayerTest")(fn)


def test_signature_errors():
    with pytest.raises(ValueError, match="`inputs`"):
        JaxLayer(lambda params, x: x, params={})
    with pytest.raises(ValueError, match="unsupported argument"):
        JaxLayer(lambda params, inputs, extra: inputs, params={})
    with pytest.raises(ValueError, match="init_fn"):
        JaxLayer(plain_call)


def test_params_given_and_python_number_leaves():
    w = np.arange(6, dtype="float32").reshape(2, 3) / 10
    layer = JaxLayer(plain_call, params={"w": w, "scale": 2, "tag": "cfg"})
    assert layer.built
    assert [tuple(v.shape) for v in layer.trainable_weights] == [(), (2, 3)]
    assert layer.params["tag"] == "cfg"  # non-array leaves kept as is
    assert layer.params["scale"].dtype == "int32"
    x = np.ones((1, 2), "float32")
    np.testing.assert_allclose(layer(x), np.tanh(x @ w), rtol=1e-6)


def test_fit_updates_params_state_and_seed(tmp_path):
    layer = JaxLayer(stateful_call, stateful_init, seed=1)
    model = kerax.Sequential([kerax.Input((4,)), layer])
    assert [v.trainable for v in layer.variables] == [True, True, False,
                                                      False]
    model.compile("sgd", "mse")
    x = np.random.default_rng(0).random((32, 4), dtype="float32")
    y = x[:, :3]
    w0 = layer.params["w"].numpy().copy()
    seed0 = layer.seed_generator.state.numpy().copy()
    model.fit(x, y, batch_size=8, epochs=2, verbose=0)
    assert float(layer.state["count"].numpy()) == 8.0  # 2 epochs x 4 steps
    assert not np.allclose(layer.params["w"].numpy(), w0)
    assert not np.array_equal(layer.seed_generator.state.numpy(), seed0)
    kerax.testing.assert_concrete_state(model)
    # Inference: no rng, deterministic, state still counted.
    a, b = model.predict(x, verbose=0), model.predict(x, verbose=0)
    np.testing.assert_array_equal(a, b)

    path = tmp_path / "jax_layer.keras"
    model.save(path)
    loaded = kerax.saving.load_model(path)
    np.testing.assert_allclose(loaded.predict(x, verbose=0), a, atol=1e-6)


def test_keras_parity_and_files_both_ways(keras, keras_jax_layer, tmp_path):
    _register_in_keras(keras)
    x = np.random.default_rng(1).random((5, 4), dtype="float32")
    kx = kerax.Sequential([kerax.Input((4,)),
                           JaxLayer(stateful_call, stateful_init)])
    path = tmp_path / "kerax.keras"
    kx.save(path)
    k_model = keras.saving.load_model(path)
    np.testing.assert_allclose(
        k_model.predict(x, verbose=0), kx.predict(x, verbose=0), atol=1e-6)

    k_layer = keras.layers.JaxLayer(stateful_call, stateful_init)
    k_model = keras.Sequential([keras.Input((4,)), k_layer])
    k_model.layers[0].params["b"].assign(np.ones(3, "float32"))
    k_path = tmp_path / "keras.keras"
    k_model.save(k_path)
    loaded = kerax.saving.load_model(k_path)
    np.testing.assert_allclose(
        loaded.predict(x, verbose=0), k_model.predict(x, verbose=0),
        atol=1e-6)
    assert sorted(loaded.layers[0].get_config()) == sorted(
        k_model.layers[0].get_config())
