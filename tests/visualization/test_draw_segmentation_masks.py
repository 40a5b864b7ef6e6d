"""draw_segmentation_masks against Keras's (pure NumPy there too)."""

import os

import numpy as np
import pytest

from kerax.visualization import draw_segmentation_masks

RNG = np.random.default_rng(0)
IMAGES = RNG.uniform(0, 255, (2, 5, 6, 3)).astype("float32")
MASKS = RNG.integers(-1, 4, (2, 5, 6, 1)).astype("int32")


@pytest.mark.parametrize("kwargs", [
    {"num_classes": 4},
    {"num_classes": 3, "alpha": 0.3},
    {},
    {"num_classes": 4, "color_mapping": {0: (1, 2, 3), 1: (250, 0, 0),
                                         2: (0, 250, 0), 3: (0, 0, 250)}},
    {"num_classes": 4, "blend": False},
])
def test_matches_keras(kwargs):
    os.environ["KERAS_BACKEND"] = "jax"
    keras = pytest.importorskip("keras")
    ours = draw_segmentation_masks(IMAGES, MASKS, **kwargs)
    theirs = np.asarray(keras.visualization.draw_segmentation_masks(
        IMAGES, MASKS, **kwargs))
    assert ours.dtype == theirs.dtype
    np.testing.assert_allclose(ours, theirs, atol=1)


def test_layouts_and_errors():
    first = draw_segmentation_masks(IMAGES, MASKS[..., 0], num_classes=4)
    np.testing.assert_array_equal(
        first, draw_segmentation_masks(IMAGES, MASKS, num_classes=4))
    channels_first = draw_segmentation_masks(
        IMAGES.transpose(0, 3, 1, 2), MASKS.transpose(0, 3, 1, 2),
        num_classes=4, data_format="channels_first")
    np.testing.assert_array_equal(channels_first.transpose(0, 2, 3, 1), first)
    with pytest.raises(TypeError, match="integer"):
        draw_segmentation_masks(IMAGES, MASKS.astype("float32"))
    with pytest.raises(ValueError, match="rank 4"):
        draw_segmentation_masks(IMAGES[0], MASKS[0])
