"""kerax.constraints against Keras 3."""

import numpy as np
import pytest

from kerax import constraints

W = np.random.default_rng(0).normal(size=(5, 4)).astype("float32") * 2


@pytest.mark.parametrize("name,kwargs", [
    ("MaxNorm", {}), ("MaxNorm", {"max_value": 1.5, "axis": 1}),
    ("MinMaxNorm", {}), ("MinMaxNorm", {"min_value": 1.0, "max_value": 2.0,
                                        "rate": 0.5, "axis": [0, 1]}),
    ("NonNeg", {}), ("UnitNorm", {}), ("UnitNorm", {"axis": 1}),
])
def test_parity(keras, name, kwargs):
    ours = getattr(constraints, name)(**kwargs)
    theirs = getattr(keras.constraints, name)(**kwargs)
    np.testing.assert_allclose(ours(W), theirs(W), rtol=1e-6, atol=1e-7)
    assert ours.get_config() == theirs.get_config()
    assert constraints.serialize(ours) == keras.constraints.serialize(theirs)
    clone = constraints.deserialize(keras.constraints.serialize(theirs))
    assert clone.get_config() == ours.get_config()


def test_get_forms_and_errors():
    assert isinstance(constraints.get("max_norm"), constraints.MaxNorm)
    assert isinstance(constraints.get("non_neg"), constraints.NonNeg)
    assert isinstance(constraints.get("nonneg"), constraints.NonNeg)
    assert constraints.get(None) is None
    assert constraints.unit_norm is constraints.UnitNorm
    with pytest.raises(ValueError, match="Could not interpret constraint "
                       "identifier: foo"):
        constraints.get("foo")
