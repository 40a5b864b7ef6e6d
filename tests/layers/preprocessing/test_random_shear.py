"""RandomShear: arguments, randomness and inference (Keras comparisons on
the same draw are in test_geometric_layer.py)."""

import numpy as np
import pytest

from kerax.layers import RandomShear

IMAGES = np.random.default_rng(0).uniform(0, 1, (8, 9, 9, 2)).astype(
    "float32")


def test_arguments_and_config():
    layer = RandomShear(x_factor=(0.1, 0.3), y_factor=0.2, fill_mode="nearest",
                        interpolation="nearest", seed=3)
    assert layer.x_factor == (0.1, 0.3) and layer.y_factor == (-0.2, 0.2)
    twin = RandomShear.from_config(layer.get_config())
    np.testing.assert_array_equal(layer(IMAGES), twin(IMAGES))
    keras_config = dict(layer.get_config(), x_factor=[-0.3, 0.3])
    assert RandomShear.from_config(keras_config).x_factor == (-0.3, 0.3)
    for bad in ({"x_factor": 1.5}, {"y_factor": -0.1},
                {"x_factor": (-0.1, 0.2)},
                {"x_factor": (0.1, 0.2, 0.3)}, {"x_factor": "big"}):
        with pytest.raises(ValueError, match="factor"):
            RandomShear(**bad)
    with pytest.raises(NotImplementedError, match="fill_mode"):
        RandomShear(fill_mode="mirror")


def test_shears_only_when_training_and_within_range():
    layer = RandomShear(x_factor=(0.2, 0.3), seed=1)
    np.testing.assert_array_equal(layer(IMAGES, training=False), IMAGES)
    transformation = layer.get_random_transformation(IMAGES.shape)
    shear = np.asarray(transformation["shear_factor"])
    assert shear.shape == (8, 2)
    assert ((np.abs(shear[:, 0]) >= 0.2) & (np.abs(shear[:, 0]) <= 0.3)).all()
    np.testing.assert_array_equal(shear[:, 1], 0.0)
    out = layer(IMAGES[0])
    assert out.shape == (9, 9, 2)
    assert not np.allclose(out, IMAGES[0])
    # No shear: the identity even in training.
    np.testing.assert_allclose(RandomShear(seed=2)(IMAGES), IMAGES, atol=1e-6)
