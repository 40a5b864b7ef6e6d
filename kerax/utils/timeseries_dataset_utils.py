"""`timeseries_dataset_from_array`: sliding windows over an array.

>>> import numpy as np
>>> ds = timeseries_dataset_from_array(np.arange(6), None, sequence_length=3,
...                                    batch_size=2)
>>> [b.tolist() for b in ds]
[[[0, 1, 2], [1, 2, 3]], [[2, 3, 4], [3, 4, 5]]]
"""

import numbers

import numpy as np

from kerax.utils.batch_dataset import BatchDataset
from kerax.utils.dataset_utils import check_format_arg


def _positive_int(name, value):
    if not isinstance(value, numbers.Integral) or value <= 0:
        raise ValueError(
            f"`{name}` must be a positive integer. Received: {name}={value}"
        )


def timeseries_dataset_from_array(
    data,
    targets,
    sequence_length,
    sequence_stride=1,
    sampling_rate=1,
    batch_size=128,
    shuffle=False,
    seed=None,
    start_index=None,
    end_index=None,
    format="tf",
):
    """Makes a `BatchDataset` of windows taken from a timeseries.

    Window `i` holds `data[s + j * sampling_rate]` for `j < sequence_length`
    where `s = start_index + i * sequence_stride`; its target (if any) is
    `targets[s]`. Only windows that fit before `end_index` are made.

    Args:
        data: Array-like of timesteps (first axis = time).
        targets: Array-like of targets aligned with `data`, or None.
        sequence_length: Timesteps per window.
        sequence_stride: Offset between consecutive windows.
        sampling_rate: Offset between timesteps inside a window.
        batch_size: Windows per batch (None: single windows).
        shuffle: Shuffle the window order (the start positions are shuffled
            once with `seed`, then the order is reshuffled each epoch).
        seed: Seed for shuffling.
        start_index: First timestep used (default 0).
        end_index: Timesteps from here on are not used (default: all).
        format: `"tf"` or `"grain"` (Keras 3.15); both give a kerax
            `BatchDataset`.

    Returns:
        A `BatchDataset` yielding `(windows, targets)` or `windows`.

    >>> x = np.arange(10); ds = timeseries_dataset_from_array(
    ...     x, x * 10, sequence_length=2, sampling_rate=2, batch_size=8,
    ...     start_index=1, end_index=8)
    >>> [(a.tolist(), b.tolist()) for a, b in ds]
    [([[1, 3], [2, 4], [3, 5], [4, 6], [5, 7]], [10, 20, 30, 40, 50])]
    """
    check_format_arg(format)
    data = np.asarray(data)
    if targets is not None:
        targets = np.asarray(targets)
    _positive_int("sequence_length", sequence_length)
    _positive_int("sequence_stride", sequence_stride)
    _positive_int("sampling_rate", sampling_rate)
    start = 0 if start_index is None else start_index
    end = len(data) if end_index is None else end_index
    if start_index is not None and not 0 <= start < len(data):
        raise ValueError(
            "`start_index` must be 0 or greater and lower than the length "
            f"of the data ({len(data)}). Received: start_index={start_index}"
        )
    if end_index is not None and not start < end < len(data):
        raise ValueError(
            "`end_index` must be higher than `start_index` and lower than "
            f"the length of the data ({len(data)}), as in Keras. "
            f"Received: end_index={end_index}"
        )
    num_windows = end - start - (sequence_length - 1) * sampling_rate
    if targets is not None:
        num_windows = min(num_windows, len(targets))
    starts = np.arange(0, max(num_windows, 0), sequence_stride,
                       dtype=np.int64)
    if shuffle:
        if seed is None:
            seed = np.random.randint(1e6)
        np.random.RandomState(seed).shuffle(starts)
    offsets = np.arange(sequence_length, dtype=np.int64) * sampling_rate
    window_data = data[start:end]
    window_targets = None if targets is None else targets[start:end]

    def load(indices):
        first = starts[indices]
        x = window_data[first[:, None] + offsets[None, :]]
        return x if window_targets is None else (x, window_targets[first])

    return BatchDataset(len(starts), load, batch_size=batch_size,
                        shuffle=shuffle, seed=seed)
