"""`BatchDataset`: kerax's small dataset object.

What `image_dataset_from_directory`, `text_dataset_from_directory`,
`timeseries_dataset_from_array` and `split_dataset` return: an iterable of
NumPy batches (`(x, y)` tuples, or `x` alone when there are no labels)
that can be iterated again each epoch, with `len()` (number of batches),
`class_names` and `file_paths` where they apply. Batches are produced
lazily by a `load(indices)` function, so images are read from disk only
when their batch is needed.

>>> import numpy as np
>>> x, y = np.arange(10), np.arange(10) % 2
>>> ds = BatchDataset(10, lambda idx: (x[idx], y[idx]), batch_size=4)
>>> len(ds), [b[0].tolist() for b in ds]
(3, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
"""

import math

import numpy as np


def map_structure(fn, structure):
    """Applies `fn` to every array leaf of nested tuples/lists/dicts."""
    if isinstance(structure, dict):
        return {k: map_structure(fn, v) for k, v in structure.items()}
    if isinstance(structure, (tuple, list)):
        return type(structure)(map_structure(fn, v) for v in structure)
    return fn(structure)


class BatchDataset:
    """Re-iterable batches drawn from `num_samples` indexed samples.

    Args:
        num_samples: Number of samples.
        load: Function `load(indices) -> batch` (indices: int64 array).
        batch_size: Samples per batch; `None` yields single samples (the
            leading batch axis removed).
        shuffle: Reshuffle the sample order at each iteration (epoch).
        seed: Seed of the shuffling (reproducible epochs).
        class_names: Optional list of class names.
        file_paths: Optional list of the sample files, in sample order.
    """

    def __init__(self, num_samples, load, batch_size=32, shuffle=False,
                 seed=None, class_names=None, file_paths=None):
        if batch_size is not None and (
            not isinstance(batch_size, (int, np.integer)) or batch_size < 1
        ):
            raise ValueError(
                "`batch_size` must be a positive integer or None. "
                f"Received: batch_size={batch_size}"
            )
        self.num_samples = int(num_samples)
        self._load = load
        self.batch_size = batch_size
        self.shuffle = shuffle
        self.seed = seed
        self._rng = np.random.RandomState(seed)
        self.class_names = class_names
        self.file_paths = file_paths

    def __len__(self):
        if self.batch_size is None:
            return self.num_samples
        return math.ceil(self.num_samples / self.batch_size)

    def sample_order(self):
        """The sample indices for one epoch (a fresh shuffle if enabled)."""
        if self.shuffle:
            return self._rng.permutation(self.num_samples)
        return np.arange(self.num_samples)

    def load(self, indices):
        """The batch made of the samples at `indices` (in that order)."""
        return self._load(np.asarray(indices, dtype=np.int64))

    def __iter__(self):
        order = self.sample_order()
        if self.batch_size is None:
            for i in order:
                yield map_structure(lambda a: a[0], self.load([i]))
            return
        for start in range(0, self.num_samples, self.batch_size):
            yield self.load(order[start : start + self.batch_size])

    def as_numpy_iterator(self):
        """An iterator over one epoch (as `tf.data`'s method of that name)."""
        return iter(self)

    def take(self, count):
        """A dataset of the first `count` batches of each epoch.

        >>> ds = BatchDataset(10, lambda i: i, batch_size=3)
        >>> [b.tolist() for b in ds.take(2)]
        [[0, 1, 2], [3, 4, 5]]
        """
        return _DerivedDataset(self, lambda it: _islice(it, count),
                               min(count, len(self)))

    def map(self, fn):
        """A dataset applying `fn` to every batch (tuples are unpacked into
        arguments, as `tf.data.Dataset.map` does).

        >>> ds = BatchDataset(4, lambda i: (i, i * 2), batch_size=2)
        >>> [b.tolist() for b in ds.map(lambda x, y: x + y)]
        [[0, 3], [6, 9]]
        """
        def apply(batch):
            return fn(*batch) if isinstance(batch, tuple) else fn(batch)

        return _DerivedDataset(self, lambda it: map(apply, it), len(self))

    def __repr__(self):
        return (
            f"<BatchDataset samples={self.num_samples} "
            f"batch_size={self.batch_size} batches={len(self)}>"
        )


def _islice(iterator, count):
    for i, item in enumerate(iterator):
        if i >= count:
            break
        yield item


class _DerivedDataset(BatchDataset):
    """A dataset transforming each epoch of a parent dataset."""

    def __init__(self, parent, transform, length):
        self._parent = parent
        self._transform = transform
        self._length = length
        self.num_samples = parent.num_samples
        self.batch_size = parent.batch_size
        self.shuffle = parent.shuffle
        self.seed = parent.seed
        self.class_names = parent.class_names
        self.file_paths = parent.file_paths

    def __len__(self):
        return self._length

    def load(self, indices):
        return self._parent.load(indices)

    def __iter__(self):
        return iter(self._transform(iter(self._parent)))


def from_arrays(arrays, batch_size=32, shuffle=False, seed=None, **kwargs):
    """A `BatchDataset` over in-memory arrays (any nested structure).

    >>> ds = from_arrays((np.zeros((5, 2)), np.ones(5)), batch_size=2)
    >>> [x.shape for x, y in ds]
    [(2, 2), (2, 2), (1, 2)]
    """
    arrays = map_structure(np.asarray, arrays)
    leaves = []
    map_structure(leaves.append, arrays)
    if not leaves:
        raise ValueError(f"No arrays given. Received: arrays={arrays!r}")
    lengths = {len(a) for a in leaves}
    if len(lengths) != 1:
        raise ValueError(
            "All arrays must have the same length (number of samples). "
            f"Received lengths: {sorted(lengths)}"
        )
    return BatchDataset(
        lengths.pop(),
        lambda idx: map_structure(lambda a: a[idx], arrays),
        batch_size=batch_size, shuffle=shuffle, seed=seed, **kwargs,
    )
