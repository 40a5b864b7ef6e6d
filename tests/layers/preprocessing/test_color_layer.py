"""`ColorLayer` (the colour layers' shared factor handling) and the
compiled cost of the per-pixel colour layers against Keras's."""

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from kerax import layers

# Keras's factor bounds: a number `f` becomes (max(-f, lower bound), f).
BOUNDS = [
    ("RandomBrightness", 0.3, (-0.3, 0.3)),
    ("RandomContrast", 0.3, (0, 0.3)),
    ("RandomHue", 0.3, (0, 0.3)),
    ("RandomSaturation", 0.3, (-0.3, 0.3)),
    ("RandomColorDegeneration", 0.3, (-0.3, 0.3)),
    ("RandomSharpness", 0.3, (0, 0.3)),
    ("RandomPosterization", 4, (1, 4)),
    ("RandomInvert", 0.3, (0, 0.3)),
]


@pytest.mark.parametrize("name,factor,expected", BOUNDS)
def test_factor_parsing_matches_keras(keras, name, factor, expected):
    ours = getattr(layers, name)(factor)
    theirs = getattr(keras.layers, name)(factor)
    assert tuple(ours.factor) == pytest.approx(expected)
    assert tuple(ours.factor) == pytest.approx(tuple(theirs.factor))
    assert list(ours.value_range) == [0, 255]
    assert {"factor", "value_range", "seed"} <= set(ours.get_config())


def test_bad_factor_and_value_range_name_the_layer():
    with pytest.raises(ValueError, match="RandomHue: .*factor.*\\[0, 1\\]"):
        layers.RandomHue(1.5)
    with pytest.raises(ValueError, match="RandomPosterization: .*factor"):
        layers.RandomPosterization((9, 10))
    with pytest.raises(ValueError, match="RandomContrast.*value_range"):
        layers.RandomContrast(0.2, value_range=(0, 1, 2))


def test_draw_factor_range_shape_and_seed():
    layer = layers.RandomSaturation((0.2, 0.6), seed=1)
    images = np.zeros((64, 2, 2, 3), "float32")
    a = layer.draw_factor(images, seed=5, shape=(1, 1))
    b = layer.draw_factor(images, seed=5, shape=(1, 1))
    assert a.shape == (64, 1, 1)
    np.testing.assert_array_equal(a, b)
    assert float(a.min()) >= 0.2 and float(a.max()) <= 0.6
    assert float(a.std()) > 0.05
    # Without a seed the layer's generator advances: new factors each call.
    assert not np.array_equal(layer.draw_factor(images),
                              layer.draw_factor(images))
    fixed = layers.RandomContrast(0.0).draw_factor(images, seed=2,
                                                   bounds=(1.0, 1.0))
    np.testing.assert_array_equal(fixed, 1.0)


FRONTS = {
    "RandomHue": {"factor": 0.2},
    "RandomSaturation": {"factor": 0.2},
    "RandomContrast": {"factor": 0.2},
    "RandomBrightness": {"factor": 0.2},
}


def _cost(layer, images):
    layer.build(images.shape)
    state = [v.value for v in layer.non_trainable_variables]

    def call(state, x):
        return layer.stateless_call([], state, x, training=True)[0]

    compiled = jax.jit(call).lower(state, images).compile()
    cost = compiled.cost_analysis()
    cost = cost[0] if isinstance(cost, list) else cost
    return cost["flops"], cost["bytes accessed"]


@pytest.mark.parametrize("name", sorted(FRONTS))
def test_compiled_cost_no_heavier_than_keras(keras, name):
    """The training call compiles to no more flops or memory traffic than
    Keras's (per-plane HSV conversion once wrote three extra image-sized
    buffers: RandomHue moved 2.1x Keras's bytes)."""
    images = jnp.asarray(np.random.default_rng(0).uniform(
        0, 255, (4, 32, 32, 3)).astype("float32"))
    ours = _cost(getattr(layers, name)(seed=1, **FRONTS[name]), images)
    theirs = _cost(getattr(keras.layers, name)(seed=1, **FRONTS[name]),
                   images)
    # A few scalar ops of the key derivation aside (under 2%).
    assert ours[0] <= theirs[0] * 1.02
    assert ours[1] <= theirs[1] * 1.02
