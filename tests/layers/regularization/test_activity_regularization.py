"""`ActivityRegularization`: contract, loss values vs Keras, errors."""

import numpy as np
import pytest

from kerax import layers
from kerax.testing import run_layer_test


def test_contract():
    run_layer_test(
        layers.ActivityRegularization, {"l1": 0.1, "l2": 0.2},
        input_shape=(2, 3), expected_output_shape=(2, 3),
        expected_num_trainable_weights=0, expected_num_losses=1,
        supports_masking=True,
    )


def test_loss_parity(keras, rng):
    x = rng.normal(size=(2, 3)).astype("float32")
    ours = layers.ActivityRegularization(l1=0.1, l2=0.2)
    theirs = keras.layers.ActivityRegularization(l1=0.1, l2=0.2)
    np.testing.assert_allclose(np.asarray(ours(x)), x)
    theirs(x)
    np.testing.assert_allclose(
        float(ours.losses[0]), float(theirs.losses[0]), rtol=1e-6
    )


def test_losses_reset_each_call(rng):
    layer = layers.ActivityRegularization(l1=1.0)
    layer(np.ones((1, 2), "float32"))
    layer(np.ones((1, 2), "float32"))
    assert len(layer.losses) == 1


def test_config_matches_keras(keras):
    ours = layers.ActivityRegularization(l1=0.5).get_config()
    theirs = keras.layers.ActivityRegularization(l1=0.5).get_config()
    assert set(ours) == set(theirs)
    assert "activity_regularizer" not in ours


@pytest.mark.parametrize("kwargs", [{"l1": -1.0}, {"l2": "x"}])
def test_bad_factor(kwargs):
    with pytest.raises(ValueError, match="Received: l[12]="):
        layers.ActivityRegularization(**kwargs)
