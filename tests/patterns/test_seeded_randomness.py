"""Seeded randomness in subclassed layers and models: `SeedGenerator`
state advances through `fit`/`predict` and eager calls, stays concrete
after every public call, and repeats after the same seeds."""

import jax
import numpy as np
import pytest

import kerax
from kerax.testing import assert_concrete_state
from tests.patterns.parity import assert_close, copy_weights

X = np.linspace(-1.0, 1.0, 32, dtype="float32").reshape(8, 4)
Y = np.linspace(0.0, 1.0, 8, dtype="float32").reshape(8, 1)


def make_classes(lib):
    layers = lib.layers

    class MyDropout(layers.Layer):
        def __init__(self, rate, **kwargs):
            super().__init__(**kwargs)
            self.rate = rate
            self.seed_generator = lib.random.SeedGenerator(1337)

        def call(self, inputs, training=False):
            if not training:
                return inputs
            return lib.random.dropout(inputs, self.rate,
                                      seed=self.seed_generator)

    class NoisyNet(lib.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.noise_seed = lib.random.SeedGenerator(7)
            self.hidden = layers.Dense(8, activation="relu", name="hidden")
            self.drop = MyDropout(0.5, name="drop")
            self.head = layers.Dense(1, name="head")

        def call(self, x, training=False):
            if training:
                x = x + 0.1 * lib.random.normal(
                    lib.ops.shape(x), seed=self.noise_seed)
            return self.head(self.drop(self.hidden(x), training=training))

    return MyDropout, NoisyNet


def seed_states(model):
    return [np.asarray(v) for v in model.non_trainable_variables]


def test_subclassed_model_with_seed_generators_fits():
    _, net = make_classes(kerax)
    model = net()
    model.compile(kerax.optimizers.SGD(0.1), "mse")
    before = seed_states(model)
    history = model.fit(X, Y, batch_size=4, epochs=2, verbose=0)
    assert_concrete_state(model)
    after = seed_states(model)
    assert len(after) == 2
    assert all((a != b).any() for a, b in zip(before, after))
    assert np.isfinite(history.history["loss"]).all()
    model.evaluate(X, Y, verbose=0)
    model.predict(X, verbose=0)
    model.train_on_batch(X, Y)
    assert_concrete_state(model)


def test_same_seeds_same_training():
    _, net = make_classes(kerax)
    losses = []
    for _ in range(2):
        kerax.utils.set_random_seed(3)
        model = net()
        model.compile(kerax.optimizers.SGD(0.1), "mse")
        losses.append(model.fit(X, Y, batch_size=4, epochs=1, verbose=0,
                                shuffle=False).history["loss"])
    assert losses[0] == losses[1]


def test_inference_matches_keras(keras):
    theirs = make_classes(keras)[1]()
    ours = make_classes(kerax)[1]()
    theirs(X)
    ours(kerax.Input((4,)))
    assert_concrete_state(ours)
    copy_weights(theirs, ours)
    assert_close(ours.predict(X, verbose=0), theirs.predict(X, verbose=0))


def test_eager_and_stateless_calls_advance_the_seed():
    dropout_cls, _ = make_classes(kerax)
    layer = dropout_cls(0.5)
    x = np.ones((4, 8), "float32")
    first = np.asarray(layer(x, training=True))
    second = np.asarray(layer(x, training=True))
    assert not np.array_equal(first, second)
    assert set(np.unique(first)) <= {0.0, 2.0}
    state = [v.value for v in layer.non_trainable_variables]
    pure = jax.jit(lambda s, x: layer.stateless_call([], s, x,
                                                     training=True))
    _, new_state = pure(state, x)
    assert not np.array_equal(np.asarray(new_state[0]),
                              np.asarray(state[0]))
    assert_concrete_state(layer)


def test_traced_call_without_a_scope_is_refused_and_leaks_nothing():
    dropout_cls, _ = make_classes(kerax)
    layer = dropout_cls(0.5)
    x = np.ones((2, 3), "float32")
    layer(x)
    with pytest.raises(RuntimeError, match="outside a StatelessScope"):
        jax.jit(lambda x: layer(x, training=True))(x)
    assert_concrete_state(layer)
