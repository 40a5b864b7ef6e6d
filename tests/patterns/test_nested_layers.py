"""Custom layers that create sublayers in `__init__` (attributes, lists,
dicts, any depth): the first call, symbolic or on arrays, builds them, in
functional, Sequential and subclassed models, as in Keras."""

import numpy as np
import pytest

import kerax
from kerax.testing import assert_concrete_state
from tests.patterns.parity import assert_close, copy_weights, history_close


def make_classes(lib):
    """The same custom classes written against kerax or Keras."""
    layers = lib.layers

    class Block(layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.stack = [
                layers.Dense(units, activation="relu", name="s0"),
                layers.Dense(units, name="s1"),
            ]
            self.heads = {"a": layers.Dense(2, name="ha"),
                          "b": layers.Dense(2, name="hb")}

        def call(self, x):
            for layer in self.stack:
                x = layer(x)
            return self.heads["a"](x) * self.heads["b"](x)

    class Outer(layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.block = Block(3, name="block")
            self.proj = layers.Dense(2, name="proj")

        def call(self, x):
            return self.proj(self.block(x))

    class Net(lib.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.outer = Outer(name="outer")
            self.head = layers.Dense(1, name="head")

        def call(self, x):
            return self.head(self.outer(x))

    return Block, Outer, Net


X = np.linspace(-1.0, 1.0, 24, dtype="float32").reshape(6, 4)
Y = np.linspace(0.0, 1.0, 6, dtype="float32").reshape(6, 1)


def test_minimal_case_from_the_issue():
    class L(kerax.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.d = kerax.layers.Dense(3)

        def call(self, x):
            return self.d(x)

    layer = L()
    out = layer(kerax.Input((4,)))
    assert out.shape == (None, 3)
    assert [tuple(v.shape) for v in layer.weights] == [(4, 3), (3,)]
    assert layer.d.get_build_config() == {"input_shape": (None, 4)}
    assert_concrete_state(layer)


def build(lib, kind, Outer, Net):
    # Explicit names: default ones count the models other tests made.
    if kind == "functional":
        inputs = lib.Input((4,))
        return lib.Model(inputs, lib.layers.Dense(1, name="head")(
            Outer(name="outer")(inputs)), name="fn")
    if kind == "sequential":
        return lib.Sequential([lib.Input((4,)), Outer(name="outer"),
                               lib.layers.Dense(1, name="head")], name="seq")
    model = Net(name="net")
    model(lib.Input((4,)) if kind == "subclassed_symbolic" else X[:2])
    return model


@pytest.mark.parametrize(
    "kind",
    ["functional", "sequential", "subclassed_symbolic", "subclassed_eager"],
)
def test_nested_sublayers_build_and_match_keras(keras, kind):
    _, outer_k, net_k = make_classes(keras)
    _, outer_x, net_x = make_classes(kerax)
    theirs = build(keras, kind, outer_k, net_k)
    ours = build(kerax, kind, outer_x, net_x)
    assert [v.path for v in ours.weights] == [v.path for v in theirs.weights]
    assert_concrete_state(ours)
    copy_weights(theirs, ours)
    assert_close(ours.predict(X, verbose=0), theirs.predict(X, verbose=0))
    assert_concrete_state(ours)


def test_nested_model_trains_like_keras(keras):
    _, _, net_k = make_classes(keras)
    _, _, net_x = make_classes(kerax)
    theirs, ours = net_k(name="net"), net_x(name="net")
    theirs(X[:2])
    ours(kerax.Input((4,)))
    copy_weights(theirs, ours)
    for model, lib in ((theirs, keras), (ours, kerax)):
        model.compile(lib.optimizers.SGD(0.1), "mse")
    history_k = theirs.fit(X, Y, batch_size=3, epochs=2, shuffle=False,
                           verbose=0)
    history_x = ours.fit(X, Y, batch_size=3, epochs=2, shuffle=False,
                         verbose=0)
    assert_concrete_state(ours)
    history_close(history_x.history, history_k.history)
    assert_close(ours.evaluate(X, Y, verbose=0),
                 theirs.evaluate(X, Y, verbose=0))
    assert_concrete_state(ours)
    loss = ours.train_on_batch(X, Y)
    assert_close(loss, theirs.train_on_batch(X, Y))
    assert_concrete_state(ours)


def test_sublayers_in_nested_containers_are_tracked():
    Block, _, _ = make_classes(kerax)
    block = Block(3)
    block(np.ones((2, 4), "float32"))
    names = [layer.name for layer in block._flatten_layers(False)]
    assert names == ["s0", "s1", "ha", "hb"]
    assert len(block.trainable_weights) == 8
    block.trainable = False
    assert block.trainable_weights == [] and len(block.weights) == 8
