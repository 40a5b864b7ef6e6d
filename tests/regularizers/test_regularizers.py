"""kerax.regularizers against Keras 3."""

import numpy as np
import pytest

from kerax import regularizers

W = np.random.default_rng(0).normal(size=(5, 4)).astype("float32")


@pytest.mark.parametrize("name,kwargs", [
    ("L1", {}), ("L1", {"l1": 0.3}), ("L2", {}), ("L2", {"l2": 0.2}),
    ("L1L2", {}), ("L1L2", {"l1": 0.1, "l2": 0.2}),
    ("OrthogonalRegularizer", {}),
    ("OrthogonalRegularizer", {"factor": 0.5, "mode": "columns"}),
])
def test_parity(keras, name, kwargs):
    ours = getattr(regularizers, name)(**kwargs)
    theirs = getattr(keras.regularizers, name)(**kwargs)
    # A backend tensor: Keras 3.15 mis-normalizes NumPy inputs on axis 0.
    expected = theirs(keras.ops.convert_to_tensor(W))
    np.testing.assert_allclose(ours(W), expected, rtol=1e-6)
    assert ours.get_config() == theirs.get_config()
    assert regularizers.serialize(ours) == keras.regularizers.serialize(
        theirs)
    clone = regularizers.deserialize(keras.regularizers.serialize(theirs))
    assert clone.get_config() == ours.get_config()


def test_get_forms_and_errors():
    assert regularizers.get("l2").get_config() == {"l2": 0.01}
    assert isinstance(regularizers.get("l1_l2"), regularizers.L1L2)
    assert isinstance(regularizers.get({"class_name": "L1L2", "config": {
        "l1": 0.1, "l2": 0.0}}), regularizers.L1L2)
    assert regularizers.l1_l2 is regularizers.L1L2
    assert regularizers.get(None) is None
    with pytest.raises(ValueError, match="Could not interpret regularizer "
                       "identifier: foo"):
        regularizers.get("foo")
    with pytest.raises(ValueError, match="l2"):
        regularizers.L2(-1.0)
    with pytest.raises(ValueError, match="mode"):
        regularizers.OrthogonalRegularizer(mode="diag")


def test_keras2_l_argument():
    from kerax import regularizers

    assert regularizers.l2(l=0.1).l2 == pytest.approx(0.1)
    assert regularizers.l1(l=0.2).l1 == pytest.approx(0.2)
    assert regularizers.l2(l2=0.3).l2 == pytest.approx(0.3)
    assert isinstance(regularizers.l2(), regularizers.L2)
