"""Keras 1 layers that Keras 2.3.1 still exported, its `Wrapper`, and the
2D convolutional-recurrent names."""

import numpy as np
import pytest

import kerax
from kerax import layers


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def test_highway_formula_weights_and_config():
    layer = layers.Highway(activation="relu")
    x = np.random.default_rng(0).normal(size=(4, 3)).astype("float32")
    out = np.asarray(layer(x))
    assert [w.name for w in layer.weights] == ["W", "W_carry", "b",
                                              "b_carry"]
    w, w_carry, b, b_carry = layer.get_weights()
    np.testing.assert_array_equal(b_carry, np.ones(3))
    gate = _sigmoid(x @ w_carry + b_carry)
    expected = np.maximum(x @ w + b, 0) * gate + (1 - gate) * x
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)
    clone = layers.Highway.from_config(layer.get_config())
    assert clone.activation is layer.activation and clone.bias
    no_bias = layers.Highway(bias=False)
    no_bias.build((None, 3))
    assert [w.name for w in no_bias.weights] == ["W", "W_carry"]


def test_maxout_dense_formula_and_training():
    layer = layers.MaxoutDense(2, nb_feature=3)
    x = np.random.default_rng(1).normal(size=(5, 4)).astype("float32")
    out = np.asarray(layer(x))
    w, b = layer.get_weights()
    assert w.shape == (3, 4, 2) and b.shape == (3, 2)
    expected = np.max(np.einsum("bi,kio->bko", x, w) + b, axis=1)
    np.testing.assert_allclose(out, expected, rtol=1e-5, atol=1e-6)
    model = kerax.Sequential([kerax.Input((4,)), layers.MaxoutDense(2)])
    model.compile("sgd", "mse")
    model.fit(x, np.zeros((5, 2)), epochs=1, verbose=0)
    assert layers.MaxoutDense.from_config(
        layer.get_config()).nb_feature == 3
    with pytest.raises(ValueError, match="output_dim=0"):
        layers.MaxoutDense(0)


def test_atrous_convolutions_are_dilated_convolutions():
    from kerax.layers.convolutional import AtrousConv1D, AtrousConv2D

    one = AtrousConv1D(4, 3, atrous_rate=2, padding="same")
    assert isinstance(one, layers.Conv1D) and one.dilation_rate == (2,)
    two = layers.AtrousConvolution2D(2, (3, 3), atrous_rate=(2, 2))
    assert isinstance(two, layers.Conv2D) and two.dilation_rate == (2, 2)
    assert AtrousConv2D(2, 3).dilation_rate == (1, 1)


def test_wrapper_base():
    class Twice(layers.Wrapper):
        def call(self, inputs):
            return 2 * self.layer(inputs)

    wrapped = Twice(layers.Dense(2))
    out = wrapped(np.ones((1, 3), "float32"))
    assert len(wrapped.trainable_weights) == 2
    np.testing.assert_allclose(out, 2 * wrapped.layer(np.ones((1, 3))))
    clone = Twice.from_config(wrapped.get_config())
    assert clone.layer.units == 2
    with pytest.raises(TypeError, match="must be a `Layer`"):
        layers.Wrapper("dense")


def test_conv_rnn2d_equals_conv_lstm2d():
    x = np.random.default_rng(2).normal(size=(2, 3, 5, 5, 2)).astype(
        "float32")
    reference = layers.ConvLSTM2D(3, 3, padding="same",
                                  recurrent_activation="hard_sigmoid")
    expected = np.asarray(reference(x))
    cell = layers.ConvLSTM2DCell(3, 3, padding="same")
    assert cell.recurrent_activation is kerax.activations.hard_sigmoid
    rnn = layers.ConvRNN2D(cell)
    rnn(x)
    rnn.set_weights(reference.get_weights())
    np.testing.assert_allclose(np.asarray(rnn(x)), expected, rtol=1e-5,
                               atol=1e-5)
    config = cell.get_config()
    assert "rank" not in config
    assert layers.ConvLSTM2DCell.from_config(config).filters == 3
    with pytest.raises(ValueError, match="expects 5D input"):
        layers.ConvRNN2D(layers.ConvLSTM2DCell(1, 3))(np.ones((1, 3, 5, 2)))
