"""RandomErasing: Keras parity on a Keras-drawn transformation, and the
erased area's statistics."""

import numpy as np

from kerax import layers
from tests.layers.preprocessing.augmentation_parity import (
    assert_matches_keras,
)


def test_matches_keras(keras):
    assert_matches_keras(keras, "RandomErasing", {"factor": 0.7})
    assert_matches_keras(keras, "RandomErasing", {"fill_value": 7.0})


def test_erased_fraction_within_scale():
    x = np.full((64, 20, 20, 3), 100.0, "float32")
    out = np.asarray(layers.RandomErasing((1.0, 1.0), scale=(0.1, 0.3),
                                          fill_value=0.0, seed=2)(x))
    erased = np.mean(out[..., 0] == 0.0, axis=(1, 2))
    # Sides sqrt(s) of the image's, s in [0.1, 0.3]: area in [0.1, 0.3]
    # up to the pixel grid.
    assert erased.min() > 0.05 and erased.max() < 0.36
    np.testing.assert_array_equal(out[..., 0] == 0.0, out[..., 2] == 0.0)


def test_fill_per_channel():
    x = np.zeros((2, 6, 6, 3), "float32")
    out = np.asarray(layers.RandomErasing((1.0, 1.0), scale=(0.5, 0.5),
                                          fill_value=[1.0, 2.0, 3.0],
                                          seed=1)(x))
    mask = out[..., 0] > 0
    assert mask.any()
    np.testing.assert_array_equal(out[mask], np.tile([1.0, 2.0, 3.0],
                                                     (mask.sum(), 1)))
