"""`UnitNormalization`: contract, Keras parity, errors."""

import numpy as np
import pytest

from kerax import layers
from kerax.testing import run_layer_test


def test_contract():
    run_layer_test(
        layers.UnitNormalization,
        {"axis": [1, 2]},
        input_shape=(2, 3, 4),
        expected_output_shape=(2, 3, 4),
        expected_num_trainable_weights=0,
        supports_masking=True,
    )


@pytest.mark.parametrize("axis", [-1, 1, [1, 2], (0, 2)])
def test_parity(parity, keras, rng, axis):
    x = rng.normal(size=(2, 3, 4)).astype("float32")
    parity.check(
        layers.UnitNormalization(axis=axis),
        keras.layers.UnitNormalization(axis=axis),
        x,
    )


def test_unit_norm_and_zero_input():
    out = np.asarray(layers.UnitNormalization()(np.arange(6.0).reshape(2, 3)))
    np.testing.assert_allclose((out**2).sum(-1), 1.0, rtol=1e-6)
    zeros = layers.UnitNormalization()(np.zeros((1, 3), "float32"))
    assert np.isfinite(np.asarray(zeros)).all()


@pytest.mark.parametrize("axis", ["x", 1.5, [1, "a"]])
def test_bad_axis(axis):
    with pytest.raises(TypeError, match="Received: axis="):
        layers.UnitNormalization(axis=axis)


def test_axis_out_of_range():
    with pytest.raises(ValueError, match="out of bounds"):
        layers.UnitNormalization(axis=2).compute_output_shape((2, 3))
