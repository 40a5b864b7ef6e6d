"""`PyDataset` lives with the adapters; every old import path still works."""

import numpy as np

import kerax
from kerax.trainers.data_adapters import py_dataset


def test_one_class_under_every_name():
    from kerax.utils import py_dataset as old_module
    from kerax.utils.data_utils import Sequence

    assert kerax.utils.PyDataset is py_dataset.PyDataset
    assert kerax.utils.Sequence is py_dataset.PyDataset
    assert old_module.PyDataset is py_dataset.PyDataset
    assert Sequence is py_dataset.PyDataset


class _Rows(py_dataset.PyDataset):
    def __len__(self):
        return 5

    def __getitem__(self, i):
        return np.full((2, 1), float(i))


def test_parallel_items_keep_the_order():
    data = _Rows(workers=2)
    order = [3, 0, 4, 1, 2]
    items = list(py_dataset.parallel_items(data, order))
    assert [float(item[0, 0]) for item in items] == order
