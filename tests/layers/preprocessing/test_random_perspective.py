"""RandomPerspective: arguments, probability, inference (Keras
comparisons on the same draw are in test_geometric_layer.py)."""

import numpy as np
import pytest

from kerax.layers import RandomPerspective

IMAGES = np.random.default_rng(0).uniform(0, 1, (32, 8, 8, 1)).astype(
    "float32")


def test_arguments_and_config():
    layer = RandomPerspective(factor=0.5, scale=0.3, seed=4,
                              interpolation="nearest", fill_value=1.0)
    assert layer.factor == (0, 0.5)
    twin = RandomPerspective.from_config(layer.get_config())
    np.testing.assert_array_equal(layer(IMAGES), twin(IMAGES))
    with pytest.raises(ValueError, match="scale"):
        RandomPerspective(scale=2.0)
    with pytest.raises(ValueError, match="factor"):
        RandomPerspective(factor=1.5)
    with pytest.raises(NotImplementedError, match="interpolation"):
        RandomPerspective(interpolation="bicubic")


def test_probability_and_inference():
    layer = RandomPerspective(factor=(0.5, 0.5), scale=0.5, seed=1)
    np.testing.assert_array_equal(layer(IMAGES, training=False), IMAGES)
    out = np.asarray(layer(IMAGES))
    changed = np.abs(out - IMAGES).reshape(32, -1).max(axis=1) > 1e-6
    assert 5 <= changed.sum() <= 27  # about half of 32
    never = RandomPerspective(factor=0.0, seed=1)(IMAGES)
    np.testing.assert_array_equal(never, IMAGES)
    assert layer(IMAGES[0]).shape == (8, 8, 1)
