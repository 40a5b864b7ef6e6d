import numpy as np
import pytest

import kerax
from kerax.utils import layer_utils


def test_count_params_and_print_summary():
    model = kerax.Sequential([kerax.Input((3,)), kerax.layers.Dense(4)])
    assert layer_utils.count_params(model.weights) == 16
    lines = []
    layer_utils.print_summary(model, print_fn=lines.append)
    assert any("Total params" in line for line in lines)
    assert layer_utils.get_source_inputs is kerax.utils.get_source_inputs


def test_convert_all_kernels_flips_convolutions_only():
    model = kerax.Sequential([kerax.Input((5, 5, 2)),
                              kerax.layers.Conv2D(3, 3),
                              kerax.layers.Flatten(),
                              kerax.layers.Dense(2)])
    conv, dense = model.layers[0].kernel, model.layers[2].kernel
    before_conv, before_dense = conv.numpy().copy(), dense.numpy().copy()
    layer_utils.convert_all_kernels_in_model(model)
    np.testing.assert_array_equal(conv.numpy(), before_conv[::-1, ::-1])
    np.testing.assert_array_equal(dense.numpy(), before_dense)


@pytest.mark.parametrize("target", ["channels_first", "channels_last"])
def test_convert_dense_weights_data_format(target):
    rng = np.random.default_rng(0)
    maps = rng.normal(size=(1, 3, 4, 2)).astype("float32")  # h, w, c
    kernel = rng.normal(size=(24, 5)).astype("float32")
    dense = kerax.layers.Dense(5)
    dense.build((None, 24))
    dense.set_weights([kernel, np.zeros(5, "float32")])
    if target == "channels_first":
        source, moved, shape = maps, maps.transpose(0, 3, 1, 2), (2, 3, 4)
    else:
        source, moved = maps.transpose(0, 3, 1, 2), maps
        shape = (3, 4, 2)
    expected = source.reshape(1, -1) @ kernel
    layer_utils.convert_dense_weights_data_format(dense, shape, target)
    np.testing.assert_allclose(moved.reshape(1, -1) @ dense.get_weights()[0],
                               expected, rtol=1e-5)
    with pytest.raises(ValueError, match="target_data_format"):
        layer_utils.convert_dense_weights_data_format(dense, shape, "nhwc")
