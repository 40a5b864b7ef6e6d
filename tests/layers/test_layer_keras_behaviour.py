"""Layer-base and trainer behaviours that once differed from Keras 3:
the compute_mask keyword, per-sample activity losses, and fit on a model
without trainable weights."""

import numpy as np
import pytest

import kerax
from kerax import layers


def test_compute_mask_keyword_is_mask():
    layer = layers.Identity()
    mask = np.array([True, False])
    np.testing.assert_array_equal(
        layers.Layer.compute_mask(layer, np.ones((2, 1)), mask=mask), mask
    )


def test_activity_loss_is_per_sample():
    layer = layers.ActivityRegularization(l1=1.0)
    layer(np.ones((4, 2), "float32"))
    assert float(layer.losses[0]) == pytest.approx(2.0)


def test_fit_without_trainable_weights():
    model = kerax.Sequential([kerax.Input((3,)), layers.Activation("relu")])
    model.compile(optimizer="sgd", loss="mse")
    history = model.fit(np.ones((4, 3)), np.ones((4, 3)), verbose=0)
    assert history.history["loss"][0] == pytest.approx(0.0)
