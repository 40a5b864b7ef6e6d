"""Numerical parity of the recurrent layers with real Keras 3 (JAX)."""

import jax
import numpy as np
import pytest

from kerax import layers

X = np.random.RandomState(0).normal(size=(2, 4, 3)).astype("float32")
MASK = np.array([[1, 1, 0, 0], [1, 1, 1, 0]], bool)
# For layers whose weights `_pair` (or set_weights) replaces before the
# comparison: zeros initializers skip the random-init compiles (a handful of
# small programs per weight shape, orthogonal's QR among them, in kerax and
# Keras alike).
ZEROS = {"kernel_initializer": "zeros", "recurrent_initializer": "zeros"}


def _same(kx_out, k_out, atol=2e-5):
    kx_leaves = jax.tree_util.tree_leaves(kx_out)
    k_leaves = jax.tree_util.tree_leaves(k_out)
    assert len(kx_leaves) == len(k_leaves)
    for a, b in zip(kx_leaves, k_leaves):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), atol=atol,
                                   rtol=1e-5)


def _pair(parity, kx_layer, k_layer, x=X, **call_kwargs):
    # Built from the input shape, not by a first call: every eager call
    # of a recurrent layer compiles its scan anew (kerax and Keras alike),
    # and the weights are replaced below anyway.
    kx_layer.build(x.shape)
    k_layer.build(x.shape)
    assert [w.name for w in kx_layer.weights] == [
        w.name for w in k_layer.weights]
    parity.randomize(kx_layer, k_layer)
    _same(kx_layer(x, **call_kwargs), k_layer(x, **call_kwargs))


@pytest.mark.parametrize("name", ["SimpleRNN", "LSTM", "GRU"])
@pytest.mark.parametrize("options, masked", [
    ({}, False),
    ({"return_sequences": True, "return_state": True}, True),
    ({"go_backwards": True, "return_sequences": True}, True),
])
def test_recurrent_layers_match_keras(keras, parity, name, options, masked):
    call = {"mask": MASK} if masked else {}
    options = {**options, **ZEROS}
    _pair(parity, getattr(layers, name)(3, **options),
          getattr(keras.layers, name)(3, **options), **call)


@pytest.mark.parametrize("options", [
    {"reset_after": False, "return_sequences": True},
    {"reset_after": False, "go_backwards": True, "return_state": True},
])
def test_gru_reset_before_matches_keras(keras, parity, options):
    options = {**options, **ZEROS}
    _pair(parity, layers.GRU(3, **options), keras.layers.GRU(3, **options),
          mask=MASK)
    assert layers.GRU(3, reset_after=True, **ZEROS)(X) is not None


def test_weight_paths_match_keras(keras):
    # Built from the input shape, as `_pair` builds: the paths are made
    # by build, and an eager call would compile both scans of each layer
    # (a masked call compiles its scan anew in kerax and Keras alike).
    kx = layers.Bidirectional(
        layers.LSTM(3, return_sequences=True, name="enc", **ZEROS),
        name="bi")
    k = keras.layers.Bidirectional(
        keras.layers.LSTM(3, return_sequences=True, name="enc", **ZEROS),
        name="bi")
    kx.build(X.shape), k.build(X.shape)
    assert [w.path for w in kx.weights] == [w.path for w in k.weights]


def test_gru_bias_shapes():
    after = layers.GRU(3, **ZEROS)
    before = layers.GRU(3, reset_after=False, **ZEROS)
    after.build(X.shape), before.build(X.shape)
    assert tuple(after.cell.bias.shape) == (2, 9)
    assert tuple(before.cell.bias.shape) == (9,)


def test_unroll_and_zero_output_for_mask_match_keras(keras, parity):
    options = {"unroll": True, "return_sequences": True, **ZEROS}
    _pair(parity, layers.LSTM(3, **options), keras.layers.LSTM(3, **options),
          mask=MASK)
    options = {"zero_output_for_mask": True, "return_sequences": True,
               **ZEROS}
    _pair(parity, layers.GRU(3, **options), keras.layers.GRU(3, **options),
          mask=MASK)


def test_initial_state_matches_keras(keras, parity):
    h = np.full((2, 3), 0.5, "float32")
    c = np.full((2, 3), -0.3, "float32")
    _pair(parity, layers.LSTM(3, return_state=True, **ZEROS),
          keras.layers.LSTM(3, return_state=True, **ZEROS),
          initial_state=[h, c])


def test_stacked_cells_match_keras(keras, parity):
    kx = layers.RNN([layers.LSTMCell(3, **ZEROS),
                     layers.GRUCell(2, **ZEROS),
                     layers.SimpleRNNCell(2, **ZEROS)], return_sequences=True)
    k = keras.layers.RNN([keras.layers.LSTMCell(3, **ZEROS),
                          keras.layers.GRUCell(2, **ZEROS),
                          keras.layers.SimpleRNNCell(2, **ZEROS)],
                         return_sequences=True)
    _pair(parity, kx, k, mask=MASK)


def test_mask_from_embedding_matches_keras(keras, parity):
    ids = np.array([[3, 1, 0, 0], [2, 5, 4, 0]], "int32")

    def model(lib):
        inputs = lib.Input(shape=(4,), dtype="int32")
        x = lib.layers.Embedding(6, 3, mask_zero=True,
                                 embeddings_initializer="zeros")(inputs)
        x = lib.layers.LSTM(3, return_sequences=True, **ZEROS)(x)
        return lib.Model(inputs, lib.layers.GRU(2, **ZEROS)(x))

    import kerax

    kx_model, k_model = model(kerax), model(keras)
    weights = [np.random.RandomState(i).normal(size=w.shape).astype(
        "float32") for i, w in enumerate(k_model.get_weights())]
    kx_model.set_weights(weights)
    k_model.set_weights(weights)
    _same(kx_model(ids), k_model(ids))


@pytest.mark.parametrize("merge_mode", ["concat", "ave", None])
def test_bidirectional_merge_modes_match_keras(keras, parity, merge_mode):
    kx = layers.Bidirectional(
        layers.LSTM(3, return_sequences=True, **ZEROS), merge_mode=merge_mode)
    k = keras.layers.Bidirectional(
        keras.layers.LSTM(3, return_sequences=True, **ZEROS),
        merge_mode=merge_mode)
    _pair(parity, kx, k, mask=MASK)


def test_bidirectional_return_state_and_backward_layer(keras, parity):
    kx = layers.Bidirectional(
        layers.GRU(3, return_state=True, **ZEROS), merge_mode="mul",
        backward_layer=layers.GRU(3, return_state=True, go_backwards=True,
                                  reset_after=False, **ZEROS))
    k = keras.layers.Bidirectional(
        keras.layers.GRU(3, return_state=True, **ZEROS), merge_mode="mul",
        backward_layer=keras.layers.GRU(3, return_state=True,
                                        go_backwards=True,
                                        reset_after=False, **ZEROS))
    _pair(parity, kx, k)


def test_time_distributed_dense_matches_keras(keras, parity):
    x = np.random.RandomState(1).normal(size=(2, 4, 3, 5)).astype("float32")
    _pair(parity,
          layers.TimeDistributed(layers.Dense(2, kernel_initializer="zeros")),
          keras.layers.TimeDistributed(
              keras.layers.Dense(2, kernel_initializer="zeros")), x=x)


def test_stateful_carries_state_like_keras(keras, parity):
    kx = layers.LSTM(3, stateful=True, return_sequences=True, **ZEROS)
    k = keras.layers.LSTM(3, stateful=True, return_sequences=True, **ZEROS)
    kx.build(X.shape)
    k.build(X.shape)
    parity.randomize(kx, k)
    kx.reset_states()
    k.reset_states()
    _same(kx(X), k(X))
    _same(kx(X[:, ::-1]), k(X[:, ::-1]))
    kx.reset_states()
    k.reset_states()
    _same(kx(X), k(X))


def test_conv_lstm2d_matches_keras(keras, parity):
    x = np.random.RandomState(2).normal(size=(2, 3, 5, 5, 2)).astype(
        "float32")
    # The initial weights are replaced (copy_weights, then randomize):
    # zeros initializers skip the random-init compiles of these shapes.
    zeros = {"kernel_initializer": "zeros", "recurrent_initializer": "zeros"}
    options = {"filters": 3, "kernel_size": 3, "padding": "same",
               "return_sequences": True, **zeros}
    _pair(parity, layers.ConvLSTM2D(**options),
          keras.layers.ConvLSTM2D(**options), x=x)
    options = {"filters": 2, "kernel_size": (2, 3), "strides": 2,
               "return_state": True, "go_backwards": True, **zeros}
    _pair(parity, layers.ConvLSTM2D(**options),
          keras.layers.ConvLSTM2D(**options), x=x)


def test_cudnn_layers_equal_lstm_and_gru():
    # Built, not called: each eager call compiles the scan anew. Seeded
    # NumPy weights replace the (zeros) initial ones.
    rng = np.random.RandomState(3)
    lstm, cudnn = layers.LSTM(3, **ZEROS), layers.CuDNNLSTM(3, **ZEROS)
    lstm.build(X.shape), cudnn.build(X.shape)
    kernel, recurrent, bias = [rng.normal(size=w.shape).astype("float32")
                               for w in lstm.get_weights()]
    lstm.set_weights([kernel, recurrent, bias])
    half = bias / 2
    cudnn.set_weights([kernel, recurrent, np.concatenate([half, half])])
    _same(cudnn(X), lstm(X), atol=1e-6)
    gru, cudnn_gru = layers.GRU(3, **ZEROS), layers.CuDNNGRU(3, **ZEROS)
    gru.build(X.shape), cudnn_gru.build(X.shape)
    kernel, recurrent, bias = [rng.normal(size=w.shape).astype("float32")
                               for w in gru.get_weights()]
    gru.set_weights([kernel, recurrent, bias])
    cudnn_gru.set_weights([kernel, recurrent, bias.reshape(-1)])
    _same(cudnn_gru(X), gru(X), atol=1e-6)


def test_cudnn_lstm_forget_bias():
    layer = layers.CuDNNLSTM(2, **ZEROS)  # only the bias is read
    layer.build(X.shape)
    assert layer.get_weights()[2].tolist() == [0.0] * 10 + [1.0] * 2 + [
        0.0] * 4


def test_dropout_is_random_in_training_only():
    layer = layers.GRU(3, dropout=0.5, recurrent_dropout=0.5, seed=3,
                       **ZEROS)
    layer.build(X.shape)  # seeded NumPy weights instead of the initial ones
    rng = np.random.RandomState(4)
    layer.set_weights([rng.normal(size=w.shape).astype("float32")
                       for w in layer.get_weights()])
    np.testing.assert_array_equal(np.asarray(layer(X)), np.asarray(layer(X)))
    a = np.asarray(layer(X, training=True))
    b = np.asarray(layer(X, training=True))
    assert not np.allclose(a, b)
    assert not np.allclose(a, np.asarray(layer(X)))


def test_config_round_trip_keeps_keras_keys(keras):
    for kx, k in [(layers.LSTM(3), keras.layers.LSTM(3)),
                  (layers.GRU(3, reset_after=False),
                   keras.layers.GRU(3, reset_after=False)),
                  (layers.ConvLSTM2D(2, 3), keras.layers.ConvLSTM2D(2, 3)),
                  (layers.Bidirectional(layers.LSTM(2)),
                   keras.layers.Bidirectional(keras.layers.LSTM(2)))]:
        assert sorted(kx.get_config()) == sorted(k.get_config())
    config = keras.layers.RNN(keras.layers.LSTMCell(3)).get_config()
    revived = layers.RNN.from_config(config)
    assert isinstance(revived.cell, layers.LSTMCell)
