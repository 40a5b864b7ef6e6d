"""RandomElasticTransform: Keras parity with the same noise key (an int
seed in Keras is the key `[seed, 0]`), fixed distortion."""

import numpy as np
import pytest

from kerax import layers
from tests.layers.preprocessing.augmentation_parity import (
    assert_matches_keras,
)

# Keras's JAX elastic transform loops over images and channels eagerly:
# a small batch keeps the test fast.
X = np.random.default_rng(2).uniform(0, 255, (3, 12, 10, 2)).astype(
    "float32")


@pytest.mark.parametrize("kwargs", [
    {"scale": (0.8, 0.8)},
    {"scale": (0.5, 0.5), "fill_mode": "constant", "fill_value": 3.0,
     "interpolation": "nearest"},
])
def test_matches_keras(keras, kwargs):
    apply = np.array([True, False, True])
    theirs = keras.layers.RandomElasticTransform(**kwargs).transform_images(
        X, {"apply_transform": apply, "distortion_factor": kwargs["scale"][0],
            "seed": 5})
    ours = layers.RandomElasticTransform(**kwargs).transform_images(
        X, {"apply_transform": apply, "distortion_factor": kwargs["scale"][0],
            "seed": np.array([5, 0], "uint32")})
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs),
                               atol=1e-3)


def test_zero_scale_is_identity_and_constant_images_stay():
    np.testing.assert_array_equal(
        layers.RandomElasticTransform(scale=0.0, seed=1)(X), X)
    flat = np.full((2, 8, 8, 1), 7.0, "float32")
    np.testing.assert_allclose(
        layers.RandomElasticTransform(seed=1)(flat), flat, atol=1e-4)


def test_parity_helper_on_a_keras_draw(keras):
    # The transformation keys Keras draws are the ones the layer reads.
    assert_matches_keras(keras, "RandomElasticTransform", {"factor": 0.0})
