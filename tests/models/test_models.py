import numpy as np
import pytest

import kerax
from kerax import layers
from kerax.testing import assert_concrete_state


def test_seed_snippets_run():
    from kerax.activations import softmax
    from kerax.layers import Activation, Dense, Dropout
    from kerax.models import Sequential

    model = Sequential()
    model.add(Dense(units=128, activation="relu", input_dim=784))
    model.add(Dropout(rate=0.2))
    model.add(Dense(10))
    model.add(Activation("softmax"))
    assert model.output_shape == (None, 10)
    hidden = kerax.Input((10,))
    assert Activation(softmax)(hidden).shape == (None, 10)


def test_seed_modules_importable_as_keras():
    import kerax as keras
    from kerax.activations import softmax
    from kerax.losses import categorical_crossentropy
    from kerax.optimizers import Adam

    model = keras.models.Sequential()
    model.add(keras.layers.Dense(units=128, activation="relu",
                                 input_dim=784))
    model.add(keras.layers.Dropout(rate=0.2))
    model.add(keras.layers.Dense(10))
    model.add(keras.layers.Activation(softmax))
    model.compile(loss=categorical_crossentropy,
                  optimizer=Adam(lr=0.001, decay=0.0, epsilon=None,
                                 amsgrad=False),
                  metrics=["accuracy"])
    assert keras.activations.get("softmax") is softmax
    assert isinstance(keras.losses.CategoricalCrossentropy(),
                      keras.losses.Loss)
    assert model.count_params() == 784 * 128 + 128 + 128 * 10 + 10


def test_mnist_mlp_param_count():
    model = kerax.Sequential([
        layers.Dense(512, activation="relu", input_shape=(784,)),
        layers.Dropout(0.2),
        layers.Dense(512, activation="relu"),
        layers.Dropout(0.2),
        layers.Dense(10, activation="softmax"),
    ])
    assert model.count_params() == 669706


def test_sequential_add_pop_and_errors():
    model = kerax.Sequential([kerax.Input((4,)), layers.Dense(3, name="a")])
    model.add(layers.Dense(2, name="b"))
    assert model.output_shape == (None, 2)
    with pytest.raises(ValueError, match="unique names"):
        model.add(layers.Dense(2, name="b"))
    with pytest.raises(ValueError, match="Only instances"):
        model.add("not a layer")
    popped = model.pop()
    assert popped.name == "b" and model.output_shape == (None, 3)
    assert [layer.name for layer in model.layers] == ["a"]


def test_sequential_deferred_build_on_first_call():
    model = kerax.Sequential([layers.Dense(3), layers.Dense(1)])
    assert not model.built
    out = model(np.ones((5, 7), "float32"))
    assert out.shape == (5, 1) and model.built
    assert model.layers[0].kernel.shape == (7, 3)


def test_keras2_batch_input_shape():
    model = kerax.Sequential([layers.Dense(2, batch_input_shape=(None, 6))])
    assert model.input_shape == (None, 6)


def test_functional_multi_io_dicts_shared_layers():
    a = kerax.Input((4,), name="a")
    b = kerax.Input((4,), name="b")
    shared = layers.Dense(3, name="shared")
    ha, hb = shared(a), shared(b)
    out1 = layers.Dense(1, name="o1")(ha)
    out2 = layers.Dense(2, name="o2")(hb)
    model = kerax.Model({"a": a, "b": b}, {"o1": out1, "o2": out2})
    x = {"a": np.ones((2, 4), "float32"), "b": np.zeros((2, 4), "float32")}
    out = model(x)
    assert out["o1"].shape == (2, 1) and out["o2"].shape == (2, 2)
    assert [layer.name for layer in model.layers] == ["a", "b", "shared",
                                                      "o1", "o2"]
    assert len(model.weights) == 6


def test_functional_ops_on_keras_tensors_and_nested():
    x = kerax.Input((3,))
    y = kerax.ops.relu(layers.Dense(3)(x)) + x
    inner = kerax.Model(x, y * 2.0)
    z = kerax.Input((3,))
    outer = kerax.Model(z, layers.Dense(1)(inner(z)))
    data = np.random.rand(4, 3).astype("float32")
    expected = outer.layers[2](inner(data))
    np.testing.assert_allclose(outer(data), expected, rtol=1e-6)


def test_ops_are_operations_but_not_layers(keras):
    # Keras 3 lists ops applied to tensors in `operations`, not `layers`.
    def names(lib):
        x = lib.Input((3,), name="x")
        y = lib.ops.relu(lib.layers.Dense(3, name="d")(x)) + x
        model = lib.Model(x, y * 2.0)
        return ([layer.name for layer in model.layers],
                len(model.operations))

    assert names(kerax) == names(keras) == (["x", "d"], 5)


def test_model_called_on_new_inputs_and_get_layer():
    x = kerax.Input((2,))
    model = kerax.Model(x, layers.Dense(2, name="d")(x))
    new_in = kerax.Input((2,))
    assert model(new_in).shape == (None, 2)
    assert model.get_layer("d").name == "d"
    assert model.get_layer(index=1).name == "d"
    with pytest.raises(ValueError, match="No such layer"):
        model.get_layer("zzz")


def test_graph_disconnected_error():
    a = kerax.Input((2,))
    b = kerax.Input((2,))
    out = layers.Dense(1)(b)
    with pytest.raises(ValueError, match="disconnected"):
        kerax.Model(a, out)


def test_subclassed_model():
    class Net(kerax.Model):
        def __init__(self):
            super().__init__(name="net")
            self.hidden = layers.Dense(4, activation="relu")
            self.out = layers.Dense(1)

        def call(self, x, training=None):
            return self.out(self.hidden(x))

    net = Net()
    assert net(np.ones((3, 5), "float32")).shape == (3, 1)
    assert net.weights[0].path.startswith("net/")
    assert len(net.layers) == 2
    net.compile("sgd", "mse")
    net.fit(np.ones((4, 5)), np.ones((4, 1)), epochs=1, verbose=0)
    net.evaluate(np.ones((4, 5)), np.ones((4, 1)), verbose=0)
    assert_concrete_state(net)


def test_masks_propagate_in_functional_graph():
    class MaskSum(layers.Layer):
        def call(self, x, mask=None):
            return (x * mask[..., None]).sum(axis=1)

    tokens = kerax.Input((3,), dtype="int32")
    emb = layers.Embedding(5, 2, mask_zero=True)(tokens)
    model = kerax.Model(tokens, MaskSum()(emb))
    emb_layer = model.layers[1]
    data = np.array([[1, 2, 0]])
    table = emb_layer.embeddings.numpy()
    np.testing.assert_allclose(model(data), table[[1, 2]].sum(0)[None],
                               rtol=1e-6)


def test_context_masks_reach_attention_in_functional_graph(keras):
    tokens = np.array([[1, 2, 0, 0], [3, 1, 2, 0]])

    def build(lib):
        inputs = lib.Input((4,), dtype="int32")
        emb = lib.layers.Embedding(5, 4, mask_zero=True, name="emb")(inputs)
        out = lib.layers.MultiHeadAttention(2, 2, name="mha")(emb, emb)
        return lib.Model(inputs, out)

    ours, theirs = build(kerax), build(keras)
    ours.set_weights(theirs.get_weights())
    np.testing.assert_allclose(ours(tokens), np.asarray(theirs(tokens)),
                               rtol=1e-5, atol=1e-5)


def test_model_subclass_built_from_inputs_and_outputs(tmp_path):
    # The Keras "customize fit" pattern: a Model subclass with its own
    # train_step, built functionally as `Custom(inputs, outputs)`.
    class Custom(kerax.Model):
        def train_step(self, state, data):
            logs, state = super().train_step(state, data)
            return {**logs, "custom": logs["loss"] * 0 + 1.0}, state

    inputs = kerax.Input((4,), name="x")
    outputs = kerax.layers.Dense(2, name="out")(inputs)
    model = Custom(inputs, outputs, name="custom_model")
    assert isinstance(model, Custom)
    assert [layer.name for layer in model.layers] == ["x", "out"]
    model.compile("sgd", "mse")
    history = model.fit(np.ones((8, 4)), np.ones((8, 2)), verbose=0)
    assert history.history["custom"] == [1.0]
    assert_concrete_state(model)

    path = tmp_path / "custom.keras"
    model.save(path)
    loaded = kerax.saving.load_model(path, custom_objects={"Custom": Custom})
    assert type(loaded).__name__ == "Custom" and isinstance(loaded, Custom)
    np.testing.assert_allclose(loaded.predict(np.ones((2, 4)), verbose=0),
                               model.predict(np.ones((2, 4)), verbose=0))
    again = Custom(inputs=inputs, outputs=outputs)
    assert type(again) is type(model)  # one mixed class per subclass


def _functional(lib, shape=(3,)):
    x = lib.Input(shape, name="x")
    return lib.Model(x, lib.layers.Dense(2, name="probe")(x), name="net")


def _sequential(lib, shape=(3,)):
    return lib.Sequential(
        [lib.Input(shape, name="x"), lib.layers.Dense(2, name="probe")],
        name="net")


@pytest.mark.parametrize("build", [_functional, _sequential])
def test_model_rejects_wrong_rank_and_last_dim(keras, build):
    model = build(kerax)
    theirs = build(keras)
    for bad in (np.ones((2, 2, 3), "float32"), np.ones((2, 4), "float32")):
        with pytest.raises(ValueError):
            theirs(bad)
        with pytest.raises(ValueError, match=(
            r"(input \"x\"\) of layer \"net\"|input 'x' of model 'net'"
            r"|layer \"probe\").*[Ee]xpected"
        )):
            model(bad)
    with pytest.raises(ValueError, match=r"Invalid input shape for input 'x'"
                       r" of model 'net'\. Expected shape \(None, 3\), but "
                       r"input has incompatible shape \(2, 3, 3\)"):
        model(np.ones((2, 3, 3), "float32"))
    with pytest.raises(ValueError, match=r'Input 0 \(input "x"\) of layer '
                       r'"net" is incompatible with the layer: expected '
                       r"shape=\(None, 3\), found shape=\(None, 7\)"):
        model(kerax.Input((7,)))
    with pytest.raises(ValueError, match="incompatible"):
        model(kerax.Input((2, 3)))


@pytest.mark.parametrize("build", [_functional, _sequential])
def test_model_squeezes_or_adds_a_trailing_unit_axis(keras, build):
    x3 = np.arange(6, dtype="float32").reshape(2, 3)
    model = build(kerax)
    assert model(x3[..., None]).shape == (2, 2)
    np.testing.assert_allclose(model(x3[..., None]), model(x3), rtol=1e-6)
    column = build(kerax, shape=(3, 1))
    theirs = build(keras, shape=(3, 1))
    assert column(x3).shape == tuple(theirs(x3).shape) == (2, 3, 2)
    assert column.predict(x3, verbose=0).shape == (2, 3, 2)


def test_model_on_new_inputs_infers_shapes(keras):
    def build(lib):
        x = lib.Input((None, 3))
        return lib.Model(x, lib.layers.Dense(2)(x))

    ours, theirs = build(kerax), build(keras)
    new = (4, 5, 3)
    assert ours(kerax.Input(batch_shape=new)).shape == tuple(
        theirs(keras.Input(batch_shape=new)).shape) == (4, 5, 2)
    assert ours(kerax.Input((None, 3))).shape == (None, None, 2)
    seq = kerax.Sequential([kerax.Input((3,)), layers.Dense(2)])
    assert seq(kerax.Input(batch_shape=(6, 3))).shape == (6, 2)


def test_functional_input_and_output_shapes(keras):
    a = kerax.Input((4,), name="a")
    b = kerax.Input((2, 3), name="b")
    out = layers.Dense(1)(a)
    single = kerax.Model(a, out)
    assert single.input_shape == (None, 4) and single.output_shape == (
        None, 1)
    multi = kerax.Model([a, b], [out, layers.Flatten()(b)])
    assert multi.input_shape == [(None, 4), (None, 2, 3)]
    assert multi.output_shape == [(None, 1), (None, 6)]


def test_dict_inputs_are_checked_by_name():
    a = kerax.Input((4,), name="a")
    b = kerax.Input((2,), name="b")
    out = layers.Concatenate()([layers.Dense(1)(a), layers.Dense(1)(b)])
    model = kerax.Model({"a": a, "b": b}, out)
    good = {"b": np.ones((3, 2), "float32"), "a": np.ones((3, 4), "float32")}
    assert model(good).shape == (3, 2)
    with pytest.raises(ValueError, match='input "b"'):
        model({"a": np.ones((3, 4), "float32"),
               "b": np.ones((3, 5), "float32")})


def test_get_layer_errors_match_keras(keras):
    for lib in (kerax, keras):
        model = _functional(lib)
        assert model.get_layer(index=0).name == "x"
        with pytest.raises(ValueError, match="only has 2 layers"):
            model.get_layer(index=5)
        with pytest.raises(ValueError, match="Provide either a layer name"):
            model.get_layer()
        with pytest.raises(ValueError, match="Provide only a layer name"):
            model.get_layer(name="probe", index=0)


def test_keras2_sequential_first_layer_shapes():
    for kwargs in ({"input_shape": (6,)}, {"input_dim": 6},
                   {"batch_input_shape": (None, 6)}):
        model = kerax.Sequential([layers.Dense(2, **kwargs)])
        assert model.built and model.input_shape == (None, 6)
        assert model.count_params() == 14
    fixed = kerax.Sequential([layers.Dense(2, batch_input_shape=(8, 6))])
    assert fixed.input_shape == (8, 6)


@pytest.mark.parametrize("build", [_functional, _sequential])
def test_model_configs_equal_keras(keras, build):
    import json

    ours = json.loads(json.dumps(build(kerax).get_config()))
    theirs = json.loads(json.dumps(build(keras).get_config()))
    assert ours == theirs
    clone = type(build(kerax)).from_config(theirs)
    assert clone.output_shape == (None, 2)
    assert [layer.name for layer in clone.layers][-1] == "probe"


def test_keras2_symbolic_add_loss_on_a_functional_model():
    # Keras 2's VAE: a loss written on the model's tensors, then
    # `compile(optimizer)` without a loss.
    from kerax import backend as K

    inputs = kerax.Input((6,))
    hidden = layers.Dense(4, activation="relu")(inputs)
    z_mean, z_log_var = layers.Dense(2)(hidden), layers.Dense(2)(hidden)
    encoder = kerax.Model(inputs, [z_mean, z_log_var])
    latent = kerax.Input((2,))
    decoder = kerax.Model(latent, layers.Dense(6)(latent))
    outputs = decoder(encoder(inputs)[0])
    vae = kerax.Model(inputs, outputs)
    kl = -0.5 * K.sum(1 + z_log_var - K.square(z_mean) - K.exp(z_log_var),
                      axis=-1)
    vae.add_loss(K.mean(kerax.losses.mse(inputs, outputs) * 6 + kl))
    vae.compile(optimizer=kerax.optimizers.Adam(0.01))
    x = np.random.default_rng(0).random((16, 6)).astype("float32")
    history = vae.fit(x, epochs=3, batch_size=8, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    assert_concrete_state(vae)
    mean, log_var = (np.asarray(a) for a in encoder.predict(x, verbose=0))
    expected = np.mean(
        np.mean((x - vae.predict(x, verbose=0)) ** 2, axis=-1) * 6
        - 0.5 * np.sum(1 + log_var - mean ** 2 - np.exp(log_var), axis=-1))
    np.testing.assert_allclose(vae.evaluate(x, batch_size=16, verbose=0),
                               expected, rtol=1e-5)
    with pytest.raises(ValueError, match="computed from the model's inputs"):
        vae.add_loss(K.mean(kerax.Input((6,))))
    with pytest.raises(ValueError, match="Only a functional model"):
        layers.Dense(2).add_loss(K.mean(inputs))
