"""K.function and K.gradients on models' symbolic tensors, compared with
`predict` and `jax.grad`."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import kerax
from kerax import backend as K

RNG = np.random.default_rng(9)
X = RNG.normal(size=(5, 4)).astype("float32")


@pytest.fixture(scope="module")
def model():
    kerax.utils.set_random_seed(1)
    inputs = kerax.Input((4,))
    hidden = kerax.layers.Dense(6, activation="tanh", name="hidden")(inputs)
    x = kerax.layers.Dropout(0.5, name="drop")(hidden)
    x = kerax.layers.BatchNormalization(name="bn")(x)
    outputs = kerax.layers.Dense(3, activation="softmax", name="out")(x)
    return kerax.Model(inputs, outputs)


def _pure(model, x, training=False):
    trainable = [v.value for v in model.trainable_variables]
    others = [v.value for v in model.non_trainable_variables]
    return model.stateless_call(trainable, others, x, training=training)[0]


def test_reads_a_hidden_layer_and_the_output(model):
    f = K.function([model.input], [model.get_layer("hidden").output,
                                   model.output])
    hidden, out = f([X])
    probe = kerax.Model(model.input, model.get_layer("hidden").output)
    np.testing.assert_allclose(hidden, probe.predict(X, verbose=0),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(out, model.predict(X, verbose=0), rtol=1e-5,
                               atol=1e-6)
    single = K.function([model.input], model.output)(X)
    assert isinstance(single, np.ndarray) and single.shape == (5, 3)
    f([X])
    assert f._jitted._cache_size() == 1  # one compile for one input shape


def test_learning_phase_switches_dropout_and_batch_norm(model):
    bn = model.get_layer("bn")
    moving_mean = K.get_value(bn.moving_mean).copy()
    f = K.function([model.input, K.learning_phase()],
                   [model.get_layer("drop").output, model.get_layer("bn")
                    .output])
    dropped_test, normed_test = f([X, 0])
    hidden = K.function([model.input], [model.get_layer("hidden").output])(
        [X])[0]
    np.testing.assert_allclose(dropped_test, hidden, rtol=1e-6)
    dropped, normed = f([X, 1])
    kept = dropped != 0
    assert 0 < kept.mean() < 1
    np.testing.assert_allclose(dropped[kept], hidden[kept] * 2, rtol=1e-5)
    # Training: batch statistics, so each feature has mean ~0.
    np.testing.assert_allclose(normed.mean(0), 0.0, atol=1e-4)
    assert not np.allclose(normed_test.mean(0), 0.0, atol=1e-3)
    again, _ = f([X, 1])
    assert not np.array_equal(again, dropped)  # the seed advances
    np.testing.assert_array_equal(K.get_value(bn.moving_mean), moving_mean)


def test_saliency_gradient_equals_jax_grad(model):
    grads = K.gradients(model.output[:, 1], model.input)
    assert len(grads) == 1 and K.int_shape(grads[0]) == (None, 4)
    saliency = K.function([model.input], grads)([X])[0]
    expected = jax.jit(jax.grad(lambda x: jnp.sum(_pure(model, x)[:, 1])))(
        jnp.asarray(X))
    np.testing.assert_allclose(saliency, expected, rtol=1e-4, atol=1e-6)


def test_weight_gradients_equal_jax_grad(model):
    loss = K.mean(K.categorical_crossentropy(
        K.one_hot(K.argmax(model.output), 3), model.output))
    weights = model.trainable_weights
    f = K.function([model.input], [loss] + K.gradients(loss, weights))
    value, *grads = f([X])
    order = [next(i for i, v in enumerate(model.trainable_variables)
                  if v is w) for w in weights]

    def loss_of(trainable):
        out = model.stateless_call(
            trainable, [v.value for v in model.non_trainable_variables], X)[0]
        targets = jax.nn.one_hot(jnp.argmax(out, -1), 3)
        return jnp.mean(-jnp.sum(targets * jnp.log(jnp.clip(
            out, 1e-7, 1 - 1e-7)), -1))

    values = [v.value for v in model.trainable_variables]
    expected = jax.jit(jax.grad(loss_of))(values)
    np.testing.assert_allclose(value, loss_of(values), rtol=1e-5)
    for i, grad in zip(order, grads):
        np.testing.assert_allclose(grad, expected[i], rtol=1e-4, atol=1e-6)


def test_gradient_ascent_on_an_input(model):
    """The filter-visualization recipe: normalized gradients of a mean
    activation, iterated with K.function."""
    image = K.placeholder((1, 4))
    activation = K.mean(kerax.Model(model.input, model.get_layer(
        "hidden").output)(image)[:, 2])
    grads = K.gradients(activation, image)[0]
    grads = grads / (K.sqrt(K.mean(K.square(grads))) + 1e-5)
    step = K.function([image], [activation, grads])
    x = np.zeros((1, 4), "float32")
    first, _ = step([x])
    for _ in range(5):
        value, g = step([x])
        x = x + 0.1 * g
    assert value > first


def test_gradient_through_an_intermediate_tensor(model):
    hidden = model.get_layer("hidden").output
    grads = K.gradients(K.sum(model.output[:, 0]), hidden)[0]
    ours = K.function([model.input], [grads])([X])[0]
    assert ours.shape == (5, 6)
    h = K.function([model.input], [hidden])([X])[0]
    fed = K.function([hidden], [model.output])
    eps = 1e-2
    bumped = h.copy()
    bumped[:, 3] += eps
    numeric = (fed([bumped])[0][:, 0] - fed([h])[0][:, 0]) / eps
    np.testing.assert_allclose(ours[:, 3], numeric, rtol=0.05, atol=1e-3)


def test_errors(model):
    with pytest.raises(TypeError, match="jax.grad"):
        K.gradients(K.variable(1.0) * 2, [K.variable(1.0)])
    with pytest.raises(TypeError, match="Variables"):
        K.gradients(K.sum(model.output), [np.ones(2)])
    other = K.placeholder((None, 4))
    f = K.function([other], [model.output])
    with pytest.raises(ValueError, match="No value was given"):
        f([X])
    with pytest.raises(ValueError, match="expects 1 input"):
        K.function([model.input], [model.output])([X, X])
    with pytest.raises(ValueError, match="session"):
        K.function([model.input], [model.output], options=1)
    with pytest.raises(TypeError, match="symbolic tensor"):
        K.function([X], [model.output])


@pytest.mark.parametrize("fn", [
    lambda t: K.sum(K.square(t), axis=1),
    lambda t: K.batch_dot(t, t, axes=1),
    lambda t: K.categorical_crossentropy(K.softmax(t), K.softmax(t * 2)),
    lambda t: K.switch(K.greater(t, 0), t, -t),
    lambda t: K.concatenate([K.l2_normalize(t, axis=-1), K.relu(t)]),
    lambda t: K.rnn(lambda x, s: (x + s[0], [x + s[0]]),
                    K.expand_dims(t), [K.zeros_like(t[:, :1])])[1],
])
def test_k_ops_on_placeholders_evaluate_like_arrays(fn):
    t = K.placeholder((None, 4))
    symbolic = fn(t)
    assert K.is_keras_tensor(symbolic)
    np.testing.assert_allclose(K.function([t], [symbolic])([X])[0],
                               fn(X), rtol=1e-5, atol=1e-6)


def test_stop_gradient():
    t = K.placeholder((None, 4))
    grads = K.gradients(K.sum(K.stop_gradient(t) * t), [t])
    np.testing.assert_allclose(K.function([t], grads)([X])[0], X)
    a, b = K.stop_gradient([X, X])
    np.testing.assert_array_equal(a, X)
    np.testing.assert_array_equal(b, X)
    np.testing.assert_allclose(
        jax.grad(lambda v: jnp.sum(K.stop_gradient(v) * v))(X), X)


def test_gradient_recomputes_fed_tensors_that_depend_on_the_source(model):
    hidden = model.get_layer("hidden").output
    grads = K.gradients(K.sum(model.output[:, 0]), model.input)
    both = K.function([model.input, hidden], grads)
    h = K.function([model.input], [hidden])([X])[0]
    alone = K.function([model.input], grads)([X])[0]
    np.testing.assert_allclose(both([X, h])[0], alone, rtol=1e-5, atol=1e-7)


def test_gradients_inside_a_functional_model(model):
    """As in Keras 2, a K.gradients tensor can feed a model's graph."""
    grads = K.gradients(K.sum(model.output[:, 2]), model.input)[0]
    saliency = kerax.Model(model.input, K.abs(grads))
    assert {id(v) for v in saliency.trainable_weights} == {
        id(v) for v in model.trainable_weights}
    expected = jax.jit(jax.grad(lambda x: jnp.sum(_pure(model, x)[:, 2])))(
        jnp.asarray(X))
    np.testing.assert_allclose(saliency.predict(X, verbose=0),
                               np.abs(expected), rtol=1e-4, atol=1e-6)


def test_keras2_training_loop_with_gradients_and_updates():
    """`K.function(..., updates=[...])` with K.gradients of Variables:
    a linear regression trained by hand, as Keras 2 code did."""
    x, y = K.placeholder((None, 3)), K.placeholder((None, 1))
    w, b = K.variable(np.zeros((3, 1))), K.variable(0.0)
    loss = K.mean(K.square(K.dot(x, w) + b - y))
    grad_w, grad_b = K.gradients(loss, [w, b])
    train = K.function([x, y], [loss], updates=[
        K.update_sub(w, 0.1 * grad_w), K.update_add(b, -0.1 * grad_b)])
    data = RNG.normal(size=(32, 3)).astype("float32")
    target = data @ np.array([[1.0], [-2.0], [0.5]], "float32") + 0.3

    def loss_of(params):
        return jnp.mean((data @ params[0] + params[1] - target) ** 2)

    first = loss_of((np.zeros((3, 1), "float32"), 0.0))
    expected = jax.grad(loss_of)((np.zeros((3, 1), "float32"), 0.0))
    np.testing.assert_allclose(train([data, target])[0], first, rtol=1e-5)
    np.testing.assert_allclose(K.get_value(w), -0.1 * expected[0],
                               rtol=1e-5, atol=1e-7)
    params = (-0.1 * expected[0], -0.1 * expected[1])
    step = jax.jit(lambda p: jax.tree_util.tree_map(
        lambda v, g: v - 0.1 * g, p, jax.grad(loss_of)(p)))
    for _ in range(20):
        train([data, target])
        params = step(params)
    np.testing.assert_allclose(K.get_value(w), params[0], rtol=1e-4,
                               atol=1e-6)
    np.testing.assert_allclose(K.get_value(b), params[1], rtol=1e-4)
    assert train([data, target])[0] < first / 4
