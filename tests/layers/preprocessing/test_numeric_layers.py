"""Normalization, Rescaling, Discretization, CategoryEncoding: parity
with real Keras 3 (JAX backend), jit, validation errors."""

import jax
import numpy as np
import pytest

from kerax import layers


def _close(a, b, atol=1e-5):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), atol=atol,
                               rtol=1e-5)


@pytest.mark.parametrize("kwargs", [
    {}, {"axis": None}, {"axis": (1, 2)}, {"axis": 1}, {"invert": True},
])
def test_normalization_adapt_matches_keras(keras, rng, kwargs):
    data = rng.normal(3.0, 2.0, size=(16, 3, 4)).astype("float32")
    x = rng.normal(size=(5, 3, 4)).astype("float32")
    ours, theirs = layers.Normalization(**kwargs), keras.layers.Normalization(
        **kwargs)
    ours.adapt(data)
    theirs.adapt(data)
    _close(ours(x), theirs(x), atol=1e-4)
    assert [w.name for w in ours.weights] == [w.name for w in theirs.weights]
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        _close(a, b, atol=1e-4)


def test_normalization_adapt_batches_equals_array(keras, rng):
    data = rng.normal(size=(30, 4)).astype("float32")
    whole, batched = layers.Normalization(), layers.Normalization()
    whole.adapt(data)
    batched.adapt([data[:7], data[7:19], data[19:]])
    # (Keras's own list path needs TensorFlow: NumPy is the reference.)
    _close(batched.adapt_mean.numpy(), data.mean(0))
    _close(batched.adapt_variance.numpy(), data.var(0))
    _close(batched.adapt_mean.numpy(), whole.adapt_mean.numpy())
    sliced = layers.Normalization()
    sliced.adapt(data, batch_size=8)
    _close(sliced.adapt_variance.numpy(), whole.adapt_variance.numpy())
    partial = layers.Normalization()
    partial.adapt(data, batch_size=10, steps=1)
    _close(partial.adapt_mean.numpy(), data[:10].mean(0))


@pytest.mark.parametrize("mean,variance", [(2.0, 4.0), ([1.0, 2.0], [1.0,
                                                                    4.0])])
def test_normalization_given_stats_matches_keras(keras, mean, variance):
    x = np.arange(8, dtype="float32").reshape(4, 2)
    for invert in (False, True):
        ours = layers.Normalization(mean=mean, variance=variance,
                                    invert=invert)
        theirs = keras.layers.Normalization(mean=mean, variance=variance,
                                            invert=invert)
        _close(ours(x), theirs(x))
        assert ours.weights == []


def test_normalization_jit_and_stateless():
    layer = layers.Normalization()
    layer.adapt(np.array([[0.0, 1.0], [2.0, 3.0]], "float32"))
    x = np.ones((3, 2), "float32")
    eager = layer(x)
    jitted = jax.jit(lambda t, nt, v: layer.stateless_call(t, nt, v)[0])(
        [v.value for v in layer.trainable_variables],
        [v.value for v in layer.non_trainable_variables], x)
    _close(eager, jitted)


def test_normalization_errors():
    with pytest.raises(ValueError, match="both `mean` and `variance`"):
        layers.Normalization(mean=1.0)
    layer = layers.Normalization(mean=0.0, variance=1.0)
    with pytest.raises(ValueError, match="Cannot adapt"):
        layer.adapt(np.ones((2, 2)))


@pytest.mark.parametrize("kwargs", [
    {"scale": 1 / 255.0}, {"scale": 1 / 127.5, "offset": -1.0},
    {"scale": [0.5, 2.0, 1.0]},
])
def test_rescaling_matches_keras(keras, kwargs):
    x = np.arange(24, dtype="uint8").reshape(2, 2, 2, 3)
    _close(layers.Rescaling(**kwargs)(x), keras.layers.Rescaling(**kwargs)(x))


@pytest.mark.parametrize("output_mode", ["int", "one_hot", "multi_hot",
                                         "count"])
def test_discretization_boundaries_match_keras(keras, output_mode):
    x = np.array([[-1.5, 0.0, 0.2], [1.0, 3.0, 0.9]], "float32")
    kwargs = {"bin_boundaries": [0.0, 0.5, 1.0], "output_mode": output_mode}
    if output_mode == "one_hot":
        x = x[0]
    ours = layers.Discretization(**kwargs)
    _close(ours(x), keras.layers.Discretization(**kwargs)(x))
    if output_mode == "multi_hot":
        _close(jax.jit(lambda v: ours(v))(x), ours(x))


@pytest.mark.parametrize("shape,epsilon", [((50,), 0.01), ((40, 3), 0.1),
                                           ((7, 2), 0.01)])
def test_discretization_adapt_matches_keras(keras, rng, shape, epsilon):
    # Keras's `adapt` checks for `tf.data` first (TensorFlow needed): its
    # quantile functions, fed like its `adapt` feeds them, are the oracle.
    from keras.src.layers.preprocessing import discretization as kd

    def keras_boundaries(batches):
        summary = np.array([[], []], dtype="float32")
        for batch in batches:
            new = kd.summarize(np.asarray(batch, "float32"), epsilon)
            summary = kd.merge_summaries(new, summary, epsilon)
        return kd.get_bin_boundaries(summary, 4).tolist()

    data = rng.normal(size=shape).astype("float32")
    ours = layers.Discretization(num_bins=4, epsilon=epsilon)
    ours.adapt(data)
    _close(ours.bin_boundaries, keras_boundaries([data]))
    batches = [data[:len(data) // 2], data[len(data) // 2:]]
    ours.adapt(batches)
    _close(ours.bin_boundaries, keras_boundaries(batches))


def test_discretization_errors():
    with pytest.raises(ValueError, match="either `num_bins`"):
        layers.Discretization()
    with pytest.raises(ValueError, match="should not be set"):
        layers.Discretization(bin_boundaries=[0.0], num_bins=2)
    with pytest.raises(ValueError, match="Cannot adapt"):
        layers.Discretization(bin_boundaries=[0.0]).adapt(np.ones(3))


@pytest.mark.parametrize("output_mode", ["one_hot", "multi_hot", "count"])
@pytest.mark.parametrize("x", [
    np.array([0, 2, 3]), np.array([[0, 1], [3, 3]]), np.array([[1], [2]]),
])
def test_category_encoding_matches_keras(keras, output_mode, x):
    ours = layers.CategoryEncoding(num_tokens=4, output_mode=output_mode)
    theirs = keras.layers.CategoryEncoding(num_tokens=4,
                                           output_mode=output_mode)
    _close(ours(x), theirs(x))
    if x.ndim == 2 and x.shape[1] == 2:
        _close(jax.jit(lambda v: ours(v))(x), ours(x))


def test_category_encoding_count_weights_and_errors(keras):
    x = np.array([[0, 1, 1]])
    w = np.array([[0.5, 1.0, 2.0]], "float32")
    ours = layers.CategoryEncoding(3, output_mode="count")
    theirs = keras.layers.CategoryEncoding(3, output_mode="count")
    _close(ours(x, count_weights=w), theirs(x, count_weights=w))
    with pytest.raises(ValueError, match="num_tokens must be set"):
        layers.CategoryEncoding()
    with pytest.raises(ValueError, match="output_mode"):
        layers.CategoryEncoding(3, output_mode="bogus")


def test_integer_lookup_jit_matches_eager():
    layer = layers.IntegerLookup(vocabulary=[12, 36, 1138], mask_token=0,
                                 num_oov_indices=2)
    x = np.array([[12, 0, 5], [1138, 36, 8]])
    _close(jax.jit(lambda v: layer(v))(x), layer(x))
    encoder = layers.IntegerLookup(vocabulary=[5, 6], output_mode="count")
    _close(jax.jit(lambda v: encoder(v))(x), encoder(x))
    inverse = layers.IntegerLookup(vocabulary=[12, 36], invert=True)
    _close(jax.jit(lambda v: inverse(v))(np.array([0, 1, 2, 5])),
           [-1, 12, 36, -1])


def test_hashing_ints_under_jit():
    layer = layers.Hashing(num_bins=7)
    x = np.array([[1, 2, 3], [-4, 55, 12345678]])
    _close(jax.jit(lambda v: layer(v))(x), layer(x))


def test_preprocessing_layers_inside_a_model():
    import kerax

    norm = layers.Normalization()
    x = np.random.default_rng(1).normal(2.0, 3.0, size=(8, 4)).astype(
        "float32")
    norm.adapt(x)
    model = kerax.Sequential([
        kerax.Input(shape=(4,)), norm,
        layers.Discretization(bin_boundaries=[0.0], output_mode="int"),
        layers.CategoryEncoding(num_tokens=2, output_mode="one_hot"),
        layers.Flatten(), layers.Dense(1),
    ])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, np.zeros((8, 1)), epochs=1, batch_size=4, verbose=0)
    assert model.predict(x, verbose=0).shape == (8, 1)
