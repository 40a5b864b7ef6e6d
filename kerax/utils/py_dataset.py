"""`kerax.utils.PyDataset` and Keras 2's `Sequence`, kept at this path.

The class lives with the data adapters that read it
(`kerax.trainers.data_adapters.py_dataset`); this module re-exports it so
every existing import keeps working.

>>> from kerax.trainers.data_adapters import py_dataset
>>> PyDataset is py_dataset.PyDataset and Sequence is PyDataset
True
"""

from kerax.trainers.data_adapters.py_dataset import (
    PyDataset,
    Sequence,
    parallel_items,
)

__all__ = ["PyDataset", "Sequence", "parallel_items"]
