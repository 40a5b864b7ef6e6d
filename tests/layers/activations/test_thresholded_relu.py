"""`ThresholdedReLU` (Keras 2): contract, semantics, errors."""

import numpy as np
import pytest

from kerax import layers
from kerax.testing import run_layer_test


def test_contract():
    run_layer_test(
        layers.ThresholdedReLU,
        {"theta": 0.5},
        input_shape=(2, 3),
        expected_output_shape=(2, 3),
        expected_num_trainable_weights=0,
        supports_masking=True,
    )


def test_values():
    x = np.array([-1.0, 0.5, 1.0, 1.5, 3.0], "float32")
    out = layers.ThresholdedReLU()(x)
    np.testing.assert_array_equal(out, np.where(x > 1.0, x, 0.0))
    out = layers.ThresholdedReLU(theta=0.0)(x)
    np.testing.assert_array_equal(out, np.maximum(x, 0.0))


@pytest.mark.parametrize("theta", [-1.0, None, "1"])
def test_bad_theta(theta):
    with pytest.raises(ValueError, match="Received: theta="):
        layers.ThresholdedReLU(theta=theta)
