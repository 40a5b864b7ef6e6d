"""Keras 2's `TimeseriesGenerator`: a `Sequence` of `(windows, targets)`
batches cut from a time series.

>>> import numpy as np
>>> data = np.arange(10)
>>> gen = TimeseriesGenerator(data, data, length=3, batch_size=2)
>>> len(gen)
4
>>> x, y = gen[0]
>>> x.tolist(), y.tolist()
([[0, 1, 2], [1, 2, 3]], [3, 4])
"""

import json

import numpy as np

from kerax.utils.py_dataset import PyDataset


def _count(value, name, minimum):
    if not isinstance(value, (int, np.integer)) or isinstance(value, bool) \
            or value < minimum:
        raise ValueError(
            f"TimeseriesGenerator: `{name}` must be an integer >= "
            f"{minimum}. Received: {name}={value!r}")
    return int(value)


class TimeseriesGenerator(PyDataset):
    """Windows of `length` steps (every `sampling_rate`-th step) ending
    just before step `t`, with `targets[t]`, for `t` from
    `start_index + length` to `end_index`, every `stride` steps.

    Args:
        data: array-like indexable along its first axis (time).
        targets: as many targets as `data` has steps.
        length: window length, in steps before sampling.
        sampling_rate (1), stride (1): as above.
        start_index (0), end_index (last step): the steps used.
        shuffle: draw `batch_size` random `t` per batch (with
            replacement) instead of consecutive ones.
        reverse: windows in reverse time order.
        batch_size: windows per batch (default 128).
    """

    def __init__(self, data, targets, length, sampling_rate=1, stride=1,
                 start_index=0, end_index=None, shuffle=False, reverse=False,
                 batch_size=128):
        super().__init__()
        if len(data) != len(targets):
            raise ValueError(
                "TimeseriesGenerator: `data` and `targets` must have the "
                f"same length. Received: len(data)={len(data)}, "
                f"len(targets)={len(targets)}")
        self.data, self.targets = data, targets
        self.length = _count(length, "length", 1)
        self.sampling_rate = _count(sampling_rate, "sampling_rate", 1)
        self.stride = _count(stride, "stride", 1)
        self.batch_size = _count(batch_size, "batch_size", 1)
        self.start_index = _count(start_index, "start_index", 0) + (
            self.length)
        self.end_index = len(data) - 1 if end_index is None else _count(
            end_index, "end_index", 0)
        self.shuffle, self.reverse = shuffle, reverse
        if self.start_index > self.end_index:
            raise ValueError(
                "TimeseriesGenerator: start_index + length "
                f"({self.start_index}) is after end_index "
                f"({self.end_index}); no window would be left.")

    def __len__(self):
        span = self.batch_size * self.stride
        return (self.end_index - self.start_index + span) // span

    def _rows(self, index):
        if self.shuffle:
            return np.random.randint(self.start_index, self.end_index + 1,
                                     size=self.batch_size)
        first = self.start_index + self.batch_size * self.stride * index
        last = min(first + self.batch_size * self.stride,
                   self.end_index + 1)
        return np.arange(first, last, self.stride)

    def __getitem__(self, index):
        rows = self._rows(index)
        samples = np.array([self.data[row - self.length:row:
                                      self.sampling_rate] for row in rows])
        targets = np.array([self.targets[row] for row in rows])
        if self.reverse:
            return samples[:, ::-1, ...], targets
        return samples, targets

    def get_config(self):
        """The generator's arguments, data and targets as lists."""
        return {
            "data": np.asarray(self.data).tolist(),
            "targets": np.asarray(self.targets).tolist(),
            "length": self.length, "sampling_rate": self.sampling_rate,
            "stride": self.stride,
            "start_index": self.start_index - self.length,
            "end_index": self.end_index, "shuffle": self.shuffle,
            "reverse": self.reverse, "batch_size": self.batch_size,
        }

    def to_json(self, **kwargs):
        """`{"class_name": "TimeseriesGenerator", "config": ...}` as JSON."""
        return json.dumps({"class_name": type(self).__name__,
                           "config": self.get_config()}, **kwargs)
