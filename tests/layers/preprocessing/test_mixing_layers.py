"""MixUp and CutMix: Keras parity on Keras-drawn transformations (images
and labels), and the mixing statistics."""

import numpy as np
import pytest

from kerax import layers
from tests.layers.preprocessing.augmentation_parity import (
    IMAGES,
    as_numpy,
    assert_matches_keras,
)

LABELS = np.eye(3, dtype="float32")


def _labels_match(keras, name, kwargs):
    theirs = getattr(keras.layers, name)(**kwargs)
    ours = getattr(layers, name)(**kwargs)
    t = theirs.get_random_transformation(
        {"images": IMAGES, "labels": LABELS}, training=True,
        seed=keras.random.SeedGenerator(2))
    expected = theirs.transform_labels(LABELS, t)
    got = ours.transform_labels(LABELS, as_numpy(t))
    np.testing.assert_allclose(np.asarray(got), np.asarray(expected),
                               atol=1e-5)


# Keras's MixUp asks for an int64 arange (truncated without x64).
@pytest.mark.filterwarnings("ignore:Explicitly requested dtype int64")
def test_mix_up_matches_keras(keras):
    assert_matches_keras(keras, "MixUp", {"alpha": 0.4})
    _labels_match(keras, "MixUp", {"alpha": 0.4})


def test_cut_mix_matches_keras(keras):
    assert_matches_keras(keras, "CutMix", {"factor": 0.8})
    _labels_match(keras, "CutMix", {"factor": 0.8})


def test_mixing_statistics():
    x = np.repeat(np.arange(8, dtype="float32"), 16).reshape(8, 4, 4, 1)
    y = np.eye(8, dtype="float32")
    out = layers.MixUp(alpha=0.5, seed=3)({"images": x, "labels": y})
    labels = np.asarray(out["labels"])
    np.testing.assert_allclose(labels.sum(axis=1), 1.0, atol=1e-5)
    # Each image is its label-weighted mix of the source images.
    np.testing.assert_allclose(np.asarray(out["images"])[:, 0, 0, 0],
                               labels @ np.arange(8), atol=1e-4)
    out = layers.CutMix(seed=3)({"images": x, "labels": y})
    labels = np.asarray(out["labels"])
    np.testing.assert_allclose(labels.sum(axis=1), 1.0, atol=1e-5)
    images = np.asarray(out["images"])[..., 0]
    for i in range(8):
        # Pixels come from the image itself or its one partner.
        sources = set(np.unique(images[i]).tolist())
        assert i in sources or labels[i, i] < 0.5
        assert len(sources) <= 2
    single = layers.CutMix(seed=1)(x[0])
    np.testing.assert_array_equal(single, x[0])
