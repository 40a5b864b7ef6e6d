"""AutoContrast, Equalization and CLAHE against Keras (deterministic
layers: whole calls compared, within 1e-4)."""

import numpy as np
import pytest

from kerax import layers
from tests.layers.preprocessing.augmentation_parity import IMAGES


def _both(keras, name, kwargs, x, training=True):
    ours = getattr(layers, name)(**kwargs)(x, training=training)
    theirs = getattr(keras.layers, name)(**kwargs)(x, training=training)
    return np.asarray(ours), np.asarray(theirs)


@pytest.mark.parametrize("name,kwargs,x", [
    ("AutoContrast", {}, IMAGES * 0.5 + 20),
    ("AutoContrast", {"value_range": (0, 1)}, IMAGES / 510 + 0.1),
    ("Equalization", {}, IMAGES),
    ("Equalization", {"bins": 64, "value_range": (0, 1)}, IMAGES / 255),
    ("ContrastLimitedAdaptiveHistogramEqualization",
     {"tile_grid_size": (2, 3)}, IMAGES),
    ("ContrastLimitedAdaptiveHistogramEqualization",
     {"tile_grid_size": (4, 4), "clip_limit": 2.0}, IMAGES[0]),
])
def test_matches_keras(keras, name, kwargs, x):
    ours, theirs = _both(keras, name, kwargs, x)
    np.testing.assert_allclose(ours, theirs, atol=1e-4)


def test_inference_behaviour_follows_keras(keras):
    # AutoContrast and CLAHE transform at inference; Equalization does not.
    for name in ("AutoContrast", "Equalization"):
        ours, theirs = _both(keras, name, {}, IMAGES * 0.5, training=False)
        np.testing.assert_allclose(ours, theirs, atol=1e-4)


def test_constant_channels_are_left_unchanged():
    # The parity tests' shape: their compiled calls are reused.
    x = np.full(IMAGES.shape, 40.0, "float32")
    np.testing.assert_array_equal(layers.AutoContrast()(x), x)
    np.testing.assert_array_equal(layers.Equalization()(x), x)
