"""Keras 2's Layer members and NumPy numbers as layer arguments."""

import numpy as np
import pytest

import kerax
from kerax import layers


def test_numpy_numbers_as_layer_arguments():
    y = np.array([3, 45])
    dense = layers.Dense(np.max(y) + 1, input_dim=np.int32(4))
    assert dense.units == 46 and type(dense.units) is int
    conv = layers.Conv2D(np.int64(4), (np.int64(3), 3),
                         strides=np.int32(1))
    assert conv.filters == 4 and conv.kernel_size == (3, 3)
    assert layers.Dropout(np.float32(0.5)).rate == 0.5
    assert layers.Embedding(np.int64(10), np.int64(3)).output_dim == 3
    assert layers.LSTM(np.int64(5)).units == 5
    model = kerax.Sequential([kerax.Input((np.int64(4),)), dense])
    assert model.output_shape == (None, 46)
    with pytest.raises(ValueError, match="units=0"):
        layers.Dense(np.int64(0))


def test_node_accessors():
    dense = layers.Dense(3)
    a, b = kerax.Input((2,)), kerax.Input((2,))
    out_a, out_b = dense(a), dense(b)
    assert dense.get_input_at(0) is a and dense.get_output_at(1) is out_b
    assert dense.get_input_shape_at(1) == (None, 2)
    assert dense.get_output_shape_at(0) == (None, 3)
    assert len(dense.inbound_nodes) == 2
    with pytest.raises(AttributeError, match="multiple inbound nodes"):
        _ = dense.input_shape
    with pytest.raises(ValueError, match="only 2 inbound nodes"):
        dense.get_input_at(2)
    single = layers.Dense(1)
    single(out_a)
    assert single.input_shape == (None, 3) and single.output_shape == (
        None, 1)
    with pytest.raises(AttributeError, match="never been called"):
        _ = layers.Dense(1).output_shape


def test_masks_and_batch_input_shape():
    x = kerax.Input((4,))
    embedded = layers.Embedding(10, 2, mask_zero=True)
    lstm = layers.LSTM(3)
    lstm(embedded(x))
    assert embedded.input_mask is None
    assert embedded.output_mask is not None
    assert lstm.get_input_mask_at(0) is embedded.output_mask
    assert layers.Dense(2, input_shape=(5,)).batch_input_shape == (None, 5)
    assert layers.Dense(2).batch_input_shape is None


def test_updates_losses_metrics_and_input_checks():
    dense = layers.Dense(2, kernel_regularizer="l2")
    dense.build((None, 3))
    assert dense.updates == [] and dense.get_updates_for(None) == []
    assert len(dense.get_losses_for(None)) == 1
    assert dense.get_losses_for(object()) == []
    dense.add_update((dense.bias, np.ones(2, "float32")))
    np.testing.assert_array_equal(dense.bias.numpy(), [1, 1])
    dense.add_metric(2.0, name="m")
    dense.add_metric(4.0, name="m")
    assert float(dense.metrics[0].result()) == 3.0
    with pytest.raises(ValueError, match="concrete values"):
        dense.add_metric(kerax.Input((1,)), name="s")
    dense.assert_input_compatibility(np.zeros((1, 3)))
    with pytest.raises(ValueError, match="incompatible"):
        dense.assert_input_compatibility(np.zeros((1, 4)))
    assert not dense.stateful and layers.LSTM(2, stateful=True).stateful
    dense.updates = ["kept"]  # a Keras 2 subclass may assign it
    assert dense.updates == ["kept"]
