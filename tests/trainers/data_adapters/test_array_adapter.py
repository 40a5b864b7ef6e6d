"""Python lists given as data: one array, as in Keras 2 (Keras 3 refuses
them with "Unrecognized data type")."""

import numpy as np
import pytest

from kerax.trainers.data_adapters.array_adapter import ArrayDataAdapter


def test_nested_lists_of_numbers_are_one_array():
    adapter = ArrayDataAdapter([[1, 2, 3], [4, 5, 6]], [[1.5], [2.5]],
                               sample_weight=(1, 2), batch_size=1)
    x, y, weights = adapter.data
    np.testing.assert_array_equal(x, [[1, 2, 3], [4, 5, 6]])
    assert y.dtype == np.float32 and y.shape == (2, 1)
    np.testing.assert_array_equal(weights, [1, 2])
    assert adapter.num_samples == 2 and adapter.num_batches == 2


def test_a_list_of_arrays_stays_a_list_of_inputs():
    adapter = ArrayDataAdapter([np.zeros((2, 3)), np.ones((2, 1))])
    (x,) = adapter.data
    assert isinstance(x, list) and [a.shape for a in x] == [(2, 3), (2, 1)]


def test_ragged_lists_are_refused_clearly():
    with pytest.raises(ValueError,
                       match=r"`y` .*rectangular.*y=\[\[1, 2\], \[3\]\]"):
        ArrayDataAdapter(np.zeros((2, 3)), [[1, 2], [3]])
