"""K activations, Keras 2 crossentropies, dropout, bias_add and batch
normalization against NumPy and real Keras 3's `keras.ops`."""

import numpy as np
import pytest

from kerax import backend as K

RNG = np.random.default_rng(4)
X = RNG.normal(size=(4, 5)).astype("float32") * 3
LOGITS = RNG.normal(size=(4, 5)).astype("float32")
PROBS = np.exp(LOGITS) / np.exp(LOGITS).sum(-1, keepdims=True)
ONEHOT = np.eye(5, dtype="float32")[[0, 3, 1, 4]]
LABELS = np.array([0, 3, 1, 4], "int32")


@pytest.mark.parametrize("name", ["sigmoid", "softplus", "softsign", "tanh",
                                  "elu", "softmax"])
def test_activations_match_keras_ops(keras, three_ways, name):
    ours = three_ways(getattr(K, name), (X,), {})
    theirs = getattr(keras.ops, name)(X)
    np.testing.assert_allclose(ours, np.asarray(theirs), rtol=1e-5,
                               atol=1e-6)


@pytest.mark.parametrize("kwargs,reference", [
    ({}, lambda x: np.maximum(x, 0)),
    ({"alpha": 0.1}, lambda x: np.where(x > 0, x, 0.1 * x)),
    ({"max_value": 6.0}, lambda x: np.clip(x, 0, 6)),
    ({"threshold": 1.0}, lambda x: np.where(x > 1, x, 0)),
    ({"alpha": 0.5, "max_value": 2.0, "threshold": 1.0},
     lambda x: np.where(x > 1, np.minimum(x, 2), 0.5 * (x - 1))),
])
def test_relu_keras2_options(three_ways, kwargs, reference):
    out = three_ways(K.relu, (X,), kwargs)
    np.testing.assert_allclose(out, reference(X), rtol=1e-6, atol=1e-6)


def test_hard_sigmoid_is_keras2s():
    np.testing.assert_allclose(K.hard_sigmoid(X),
                               np.clip(0.2 * X + 0.5, 0, 1), rtol=1e-6)


def test_crossentropies_from_logits_match_keras_ops(keras, three_ways):
    ours = three_ways(K.categorical_crossentropy, (ONEHOT, LOGITS),
                      {"from_logits": True})
    theirs = keras.ops.categorical_crossentropy(ONEHOT, LOGITS,
                                                from_logits=True)
    np.testing.assert_allclose(ours, theirs, rtol=1e-5)
    ours = three_ways(K.sparse_categorical_crossentropy, (LABELS, LOGITS),
                      {"from_logits": True})
    theirs = keras.ops.sparse_categorical_crossentropy(LABELS, LOGITS,
                                                       from_logits=True)
    np.testing.assert_allclose(ours, theirs, rtol=1e-5)
    targets = (X > 0).astype("float32")
    ours = three_ways(K.binary_crossentropy, (targets, LOGITS),
                      {"from_logits": True})
    theirs = keras.ops.binary_crossentropy(targets, LOGITS, from_logits=True)
    np.testing.assert_allclose(ours, theirs, rtol=1e-5)


def test_crossentropies_on_probabilities_keras2_formulas():
    eps = K.epsilon()
    scaled = PROBS * 2.0  # rescaled to sum to 1 along the class axis
    expected = -(ONEHOT * np.log(np.clip(PROBS, eps, 1 - eps))).sum(-1)
    np.testing.assert_allclose(K.categorical_crossentropy(ONEHOT, scaled),
                               expected, rtol=1e-5)
    channels_first = K.categorical_crossentropy(ONEHOT.T, scaled.T, axis=0)
    np.testing.assert_allclose(channels_first, expected, rtol=1e-5)
    sparse = K.sparse_categorical_crossentropy(LABELS[:, None], PROBS)
    np.testing.assert_allclose(sparse, expected, rtol=1e-5)
    p = np.clip(PROBS, eps, 1 - eps)
    t = (X > 0).astype("float32")
    bce = -(t * np.log(p) + (1 - t) * np.log(1 - p))
    np.testing.assert_allclose(K.binary_crossentropy(t, PROBS), bce,
                               rtol=1e-4)
    edge = K.binary_crossentropy(np.ones(1), np.zeros(1))
    np.testing.assert_allclose(edge, -np.log(eps), rtol=1e-3)


def test_sparse_crossentropy_keeps_leading_axes():
    probs = np.broadcast_to(PROBS, (2, 4, 5))
    out = K.sparse_categorical_crossentropy(np.zeros((2, 4)), probs)
    assert out.shape == (2, 4)


def test_dropout_scales_kept_entries():
    x = np.ones((200, 50), "float32")
    out = np.asarray(K.dropout(x, 0.4, seed=3))
    kept = out != 0
    np.testing.assert_allclose(out[kept], 1 / 0.6, rtol=1e-6)
    assert abs(kept.mean() - 0.6) < 0.03
    rows = np.asarray(K.dropout(x, 0.5, noise_shape=(200, 1), seed=1))
    assert ((rows == 0).all(1) | (rows != 0).all(1)).all()
    with pytest.raises(ValueError, match="level"):
        K.dropout(x, 1.0)


def test_bias_add(three_ways):
    x = RNG.normal(size=(2, 3, 4, 5)).astype("float32")
    bias = np.arange(5, dtype="float32")
    np.testing.assert_allclose(three_ways(K.bias_add, (x, bias), {}),
                               x + bias)
    first = np.arange(3, dtype="float32")
    out = K.bias_add(x, first, data_format="channels_first")
    np.testing.assert_allclose(out, x + first[None, :, None, None])
    full = RNG.normal(size=(3, 4, 5)).astype("float32")
    np.testing.assert_allclose(K.bias_add(x, full), x + full)
    with pytest.raises(ValueError, match="bias rank"):
        K.bias_add(x, np.ones((4, 5)))


def test_batch_normalization_matches_keras_ops(keras, three_ways):
    x = RNG.normal(size=(6, 3, 4)).astype("float32")
    mean, var = x.mean((0, 2)), x.var((0, 2))
    beta, gamma = np.full(3, 0.5, "float32"), np.full(3, 2.0, "float32")
    ours = three_ways(K.batch_normalization,
                      (x, mean, var, beta, gamma), {"axis": 1})
    theirs = keras.ops.batch_normalization(x, mean, var, axis=1, offset=beta,
                                           scale=gamma, epsilon=1e-3)
    np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-6)
    plain = K.batch_normalization(x, 0.0, 1.0, None, None)
    np.testing.assert_allclose(plain, x / np.sqrt(1 + 1e-3), rtol=1e-6)


def test_normalize_batch_in_training(three_ways):
    x = RNG.normal(size=(6, 3, 4)).astype("float32")
    gamma, beta = np.full(4, 2.0, "float32"), np.ones(4, "float32")
    normed, mean, var = three_ways(K.normalize_batch_in_training,
                                   (x, gamma, beta, [0, 1]), {})
    np.testing.assert_allclose(mean, x.mean((0, 1)), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(var, x.var((0, 1)), rtol=1e-5)
    expected = (x - x.mean((0, 1))) / np.sqrt(x.var((0, 1)) + 1e-3) * 2 + 1
    np.testing.assert_allclose(normed, expected, rtol=1e-4, atol=1e-5)
    _, mean, _ = K.normalize_batch_in_training(x, None, None, [0, 2])
    assert mean.shape == (3,)
