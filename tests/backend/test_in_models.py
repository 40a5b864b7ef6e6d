"""K functions inside a model that trains: Lambda layers, a custom layer's
call, a custom loss and a custom metric (Keras 2 recipes)."""

import numpy as np
import pytest

import kerax
from kerax import backend as K


def antirectifier(x):
    x = x - K.mean(x, axis=1, keepdims=True)
    x = K.l2_normalize(x, axis=1)
    return K.concatenate([K.relu(x), K.relu(-x)], axis=1)


class ScaledDense(kerax.layers.Layer):
    """A layer written with K functions, noise only when training."""

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], 4),
                                      initializer="glorot_uniform",
                                      name="kernel")
        self.bias = self.add_weight(shape=(4,), initializer="zeros",
                                    name="bias")

    def call(self, x, training=None):
        out = K.bias_add(K.dot(x, self.kernel), self.bias)
        return K.in_train_phase(out * 0.5, out, training=training)


def contrastive_loss(y_true, y_pred):
    margin = 1.0
    square = K.square(y_pred)
    margin_square = K.square(K.maximum(margin - y_pred, 0))
    return K.mean(y_true * square + (1 - y_true) * margin_square)


def recall(y_true, y_pred):
    true_positives = K.sum(K.round(K.clip(y_true * y_pred, 0, 1)))
    possible = K.sum(K.round(K.clip(y_true, 0, 1)))
    return true_positives / (possible + K.epsilon())


def _model():
    inputs = kerax.Input((6,))
    x = kerax.layers.Dense(8)(inputs)
    x = kerax.layers.Lambda(antirectifier)(x)
    x = kerax.layers.Lambda(
        lambda t: K.reshape(t, (K.shape(t)[0], 4, 4)))(x)
    x = kerax.layers.Lambda(lambda t: K.batch_flatten(
        K.permute_dimensions(t, (0, 2, 1))))(x)
    x = ScaledDense()(x)
    x = kerax.layers.Lambda(lambda t: K.sqrt(K.sum(K.square(t), axis=1,
                                                   keepdims=True)))(x)
    return kerax.Model(inputs, x)


def test_k_functions_in_a_model_that_trains():
    kerax.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 6)).astype("float32")
    y = (x[:, :1] > 0).astype("float32")
    model = _model()
    model.compile(kerax.optimizers.Adam(0.01), loss=contrastive_loss,
                  metrics=[recall])
    history = model.fit(x, y, batch_size=16, epochs=5, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < losses[0]
    assert 0.0 <= history.history["recall"][-1] <= 1.0

    # The prediction equals the same computation in NumPy.
    dense, scaled = model.layers[1], model.layers[5]
    h = x @ K.get_value(dense.kernel) + K.get_value(dense.bias)
    h = h - h.mean(1, keepdims=True)
    h = h / np.sqrt((h ** 2).sum(1, keepdims=True))
    h = np.concatenate([np.maximum(h, 0), np.maximum(-h, 0)], 1)
    h = h.reshape(-1, 4, 4).transpose(0, 2, 1).reshape(-1, 16)
    h = h @ K.get_value(scaled.kernel) + K.get_value(scaled.bias)
    expected = np.sqrt((h ** 2).sum(1, keepdims=True))
    np.testing.assert_allclose(model.predict(x, verbose=0), expected,
                               rtol=1e-4, atol=1e-5)


def test_unseeded_noise_in_a_lambda_is_fresh_each_call():
    """Keras 2's VAE sampling layer: new noise every step and call."""

    def sampling(args):
        z_mean, z_log_var = args
        epsilon = K.random_normal(shape=(K.shape(z_mean)[0],
                                         K.int_shape(z_mean)[1]))
        return z_mean + K.exp(0.5 * z_log_var) * epsilon

    inputs = kerax.Input((3,))
    z = kerax.layers.Lambda(sampling, output_shape=(2,))(
        [kerax.layers.Dense(2)(inputs), kerax.layers.Dense(2)(inputs)])
    model = kerax.Model(inputs, z)
    model.compile("sgd", "mse")
    x = np.ones((4, 3), "float32")
    model.fit(x, np.zeros((4, 2)), epochs=1, verbose=0)
    first = model.predict(x, verbose=0)
    assert not np.allclose(first, model.predict(x, verbose=0))
    assert not np.allclose(first[0], first[1])


def test_pooling_switches_from_gradients_feed_a_model():
    """mnist_swwae's "where" mask, with K.gradients on the model's
    tensors: 1 at each pooling window's maximum, 0 elsewhere."""
    inputs = kerax.Input((4, 4, 1))
    pre = kerax.layers.Dense(1, use_bias=False, kernel_initializer="ones")(
        inputs)
    post = kerax.layers.MaxPooling2D()(pre)
    where = K.gradients(K.sum(post), pre)[0]
    upsampled = kerax.layers.UpSampling2D()(post)
    model = kerax.Model(inputs, kerax.layers.Multiply()([upsampled, where]))
    x = np.random.default_rng(0).normal(size=(2, 4, 4, 1)).astype("float32")
    out = model.predict(x, verbose=0)
    windows = x.reshape(2, 2, 2, 2, 2).transpose(0, 1, 3, 2, 4)
    mask = windows == windows.max(axis=(3, 4), keepdims=True)
    expected = (mask * windows).transpose(0, 1, 3, 2, 4).reshape(x.shape)
    np.testing.assert_allclose(out, expected, rtol=1e-6)
    ones = kerax.layers.Lambda(lambda t: K.gradients(K.sum(t), t)[0])(inputs)
    np.testing.assert_array_equal(
        kerax.Model(inputs, ones).predict(x, verbose=0), np.ones_like(x))
    with pytest.raises(TypeError, match="layer's call"):
        K.gradients(K.sum(x), x)
