"""`build` with and without shapes (Keras's subclassing guide): weights
created in `build(input_shape)` on the first call or by an explicit
`build`, sublayers built from `build`, per-argument `<name>_shape`, and
layers without `build` whose sublayers build on the first call."""

import numpy as np
import pytest

import kerax
from kerax.testing import assert_concrete_state
from tests.patterns.parity import assert_close, copy_weights

X = np.linspace(-1.0, 1.0, 12, dtype="float32").reshape(3, 4)


def make_classes(lib):
    layers = lib.layers

    class Linear(layers.Layer):
        def __init__(self, units=3, **kwargs):
            super().__init__(**kwargs)
            self.units = units

        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1], self.units),
                                     initializer="random_normal", name="w")
            self.b = self.add_weight(shape=(self.units,),
                                     initializer="zeros", name="b")

        def call(self, inputs):
            return lib.ops.matmul(inputs, self.w) + self.b

    class Residual(layers.Layer):
        """Builds its sublayers itself, from `build`."""

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.inner = Linear(4, name="inner")
            self.gate = layers.Dense(4, name="gate")

        def build(self, input_shape):
            self.inner.build(input_shape)
            self.gate.build(input_shape)
            self.scale = self.add_weight(shape=(), initializer="ones",
                                         name="scale")

        def call(self, x):
            return x + self.scale * self.inner(x) * self.gate(x)

    class Pair(layers.Layer):
        """`build(x_shape, y_shape)` gets each argument's shape."""

        def build(self, x_shape, y_shape):
            self.shapes = (tuple(x_shape), tuple(y_shape))
            self.w = self.add_weight(shape=(x_shape[-1], y_shape[-1]),
                                     name="w")

        def call(self, x, y):
            return lib.ops.matmul(x, self.w) * y

    class Net(lib.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.res = Residual(name="res")
            self.out = Linear(1, name="out")

        def build(self, input_shape):
            self.res.build(input_shape)
            self.out.build(input_shape[:-1] + (4,))

        def call(self, x):
            return self.out(self.res(x))

    return Linear, Residual, Pair, Net


@pytest.mark.parametrize("explicit", [True, False])
def test_build_creates_weights_like_keras(keras, explicit):
    _, residual_k, _, _ = make_classes(keras)
    _, residual_x, _, _ = make_classes(kerax)
    theirs, ours = residual_k(name="res"), residual_x(name="res")
    if explicit:
        theirs.build((None, 4))
        ours.build((None, 4))
        assert ours.built and ours.inner.built and ours.gate.built
    else:
        theirs(X)
        ours(X)
    assert [v.path for v in ours.weights] == [v.path for v in theirs.weights]
    assert_concrete_state(ours)
    copy_weights(theirs, ours)
    assert_close(ours(X), theirs(X))
    if not explicit:
        assert ours.get_build_config() == theirs.get_build_config()


def test_subclassed_model_build_with_a_shape(keras):
    *_, net_k = make_classes(keras)
    *_, net_x = make_classes(kerax)
    theirs, ours = net_k(), net_x()
    theirs.build((None, 4))
    ours.build((None, 4))
    assert len(ours.weights) == len(theirs.weights) == 7
    assert_concrete_state(ours)
    copy_weights(theirs, ours)
    assert_close(ours.predict(X, verbose=0), theirs.predict(X, verbose=0))


def test_build_gets_each_arguments_shape(keras):
    pair_x = make_classes(kerax)[2]()
    pair_k = make_classes(keras)[2]()
    y = np.ones((3, 2), "float32")
    pair_x(X, y)
    pair_k(X, y)
    assert pair_x.shapes == pair_k.shapes == ((3, 4), (3, 2))
    symbolic = make_classes(kerax)[2]()
    out = symbolic(kerax.Input((4,)), kerax.Input((2,)))
    assert symbolic.shapes == ((None, 4), (None, 2)) and out.shape == (None, 2)
    assert pair_x.get_build_config() == pair_k.get_build_config()


def test_layer_without_build_builds_sublayers_on_first_call():
    class Stack(kerax.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.parts = [kerax.layers.Dense(3), kerax.layers.Dense(2)]

        def call(self, x):
            for part in self.parts:
                x = part(x)
            return x

    for first in (X, kerax.Input((4,))):
        stack = Stack()
        assert stack.weights == []
        stack(first)
        assert [tuple(v.shape) for v in stack.weights] == [
            (4, 3), (3,), (3, 2), (2,)]
        assert_concrete_state(stack)


def test_subclassed_model_without_build_builds_from_a_shape():
    class Plain(kerax.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.hidden = kerax.layers.Dense(3, name="hidden")
            self.out = kerax.layers.Dense(1, name="out")

        def call(self, x):
            return self.out(self.hidden(x))

    model = Plain(name="plain")
    model.build((None, 4))  # Keras 2 builds it; Keras 3 only warns
    assert [v.path for v in model.weights] == [
        "plain/hidden/kernel", "plain/hidden/bias",
        "plain/out/kernel", "plain/out/bias"]
    assert model.get_build_config() == {"input_shape": (None, 4)}
    assert_concrete_state(model)
    assert model.predict(X, verbose=0).shape == (3, 1)
