"""Keras parity of the colour augmentations: the same transformation
(drawn by Keras) applied by both libraries, within 1e-4 (float32)."""

import numpy as np
import pytest

from kerax import layers
from tests.layers.preprocessing.augmentation_parity import (
    IMAGES,
    assert_matches_keras,
)


@pytest.mark.parametrize("name,kwargs", [
    ("RandomBrightness", {"factor": 0.4}),
    ("RandomContrast", {"factor": 0.6}),
    ("RandomColorDegeneration", {"factor": 0.7}),
    ("RandomHue", {"factor": 0.7}),
    ("RandomHue", {"factor": 0.4, "value_range": (0, 1)}),
    ("RandomSaturation", {"factor": 0.7}),
    ("RandomSharpness", {"factor": 0.7}),
    ("RandomPosterization", {"factor": 5}),
    ("RandomInvert", {"factor": 0.5}),
    ("RandomGrayscale", {"factor": 0.5}),
    ("RandomGaussianBlur", {"factor": 0.7, "kernel_size": 5,
                            "sigma": (0.3, 0.9)}),
    ("Solarization", {"addition_factor": 0.3,
                      "threshold_factor": (0.2, 0.7)}),
])
def test_color_transforms_match_keras(keras, name, kwargs):
    images = IMAGES / 255.0 if kwargs.get("value_range") == (0, 1) else IMAGES
    assert_matches_keras(keras, name, kwargs, images=images)


@pytest.mark.parametrize("name,kwargs", [
    ("RandomColorDegeneration", {"factor": (0.5, 0.5)}),
    ("RandomSharpness", {"factor": (0.9, 0.9)}),
    ("RandomPosterization", {"factor": (3, 3)}),
    ("RandomInvert", {"factor": (1.0, 1.0)}),
    ("Solarization", {}),  # thresholds 0: every pixel inverted
])
def test_fixed_factor_calls_match_keras(keras, name, kwargs):
    """Fixed factors: the whole call (seeded draws included) agrees."""
    ours = getattr(layers, name)(seed=1, **kwargs)(IMAGES)
    theirs = getattr(keras.layers, name)(seed=1, **kwargs)(IMAGES)
    np.testing.assert_allclose(np.asarray(ours), np.asarray(theirs),
                               atol=1e-4)


def test_color_jitter_order_and_ranges():
    x = np.full((64, 2, 2, 3), 100.0, "float32")
    x[..., 0] = 200.0
    jitter = layers.RandomColorJitter(brightness_factor=(0.1, 0.1), seed=2)
    np.testing.assert_allclose(jitter(x), np.clip(x + 25.5, 0, 255),
                               atol=1e-4)
    hue = layers.RandomColorJitter(hue_factor=0.5, seed=2)(x)
    # Hue shifts keep each pixel's max and min channel values.
    np.testing.assert_allclose(np.max(hue, -1), 200.0, atol=1e-3)
    np.testing.assert_allclose(np.min(hue, -1), 100.0, atol=1e-3)
    assert np.std(np.asarray(hue)[:, 0, 0, 0]) > 10  # hues differ per image


def test_random_invert_probability_statistics():
    out = np.asarray(layers.RandomInvert(factor=(0.3, 0.3), seed=4)(
        np.full((400, 1, 1, 1), 5.0)))
    inverted = np.mean(out[:, 0, 0, 0] == 250.0)
    assert 0.22 < inverted < 0.38
