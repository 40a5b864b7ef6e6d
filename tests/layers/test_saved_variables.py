import numpy as np
import pytest

from kerax.layers import Dense
from kerax.layers.saved_variables import assign_saved_variables


def _layer():
    layer = Dense(2, name="d")
    layer.build((None, 3))
    return layer


def test_assigns_in_order_cast_to_dtype():
    layer = _layer()
    assign_saved_variables(layer, [layer.kernel, layer.bias], {
        "0": np.full((3, 2), 2, "int32"), "1": np.ones(2)})
    assert layer.kernel.numpy().dtype == np.float32
    np.testing.assert_array_equal(layer.kernel.numpy(), 2.0)
    np.testing.assert_array_equal(layer.bias.numpy(), 1.0)


def test_count_and_shape_errors_change_nothing():
    layer = _layer()
    before = layer.kernel.numpy()
    with pytest.raises(ValueError, match=r"'d' \(Dense\) expects 2 .* 1 \(x\)"):
        assign_saved_variables(layer, [layer.kernel, layer.bias],
                               {"0": np.ones((3, 2))}, " (x)")
    with pytest.raises(ValueError, match=r"shape \(2,\), but .* \(3,\)"):
        assign_saved_variables(layer, [layer.kernel, layer.bias], {
            "0": np.zeros((3, 2)), "1": np.ones(3)})
    np.testing.assert_array_equal(layer.kernel.numpy(), before)
