"""Keras 2's `keras.utils.io_utils`: `HDF5Matrix` (an HDF5 dataset read
like a NumPy array), `H5Dict` (a dict view of an HDF5 file or group),
in-memory HDF5 round trips, and the overwrite prompt.

>>> import io, numpy as np
>>> stream = io.BytesIO()
>>> save_to_binary_h5py(lambda f: f.create_dataset("x", data=[1, 2]),
...                     stream)
>>> _ = stream.seek(0)
>>> load_from_binary_h5py(lambda f: f["x"][()].tolist(), stream)
[1, 2]
"""

import io
from typing import ClassVar

import numpy as np

HDF5_OBJECT_HEADER_LIMIT = 64512


def _h5py():
    import h5py

    return h5py


def ask_to_proceed_with_overwrite(filepath):
    """Asks on the terminal whether to overwrite `filepath`: True for
    yes, False for no (asks again on other answers)."""
    answer = input(f"[WARNING] {filepath} already exists - overwrite? "
                   "[y/n]").strip().lower()
    while answer not in ("y", "n"):
        answer = input('Enter "y" (overwrite) or "n" (cancel).').strip(
        ).lower()
    if answer == "n":
        return False
    print("[TIP] Next time specify overwrite=True!")
    return True


def save_to_binary_h5py(save_function, stream):
    """Runs `save_function(h5_file)` on an in-memory HDF5 file and writes
    the file's bytes to `stream`."""
    buffer = io.BytesIO()
    with _h5py().File(buffer, "w") as h5:
        save_function(h5)
    stream.write(buffer.getvalue())


def load_from_binary_h5py(load_function, stream):
    """`load_function(h5_file)` on the HDF5 file whose bytes `stream`
    holds."""
    with _h5py().File(io.BytesIO(stream.read()), "r") as h5:
        return load_function(h5)


class HDF5Matrix:
    """Rows `start:end` of an HDF5 dataset, read on indexing like a NumPy
    array (ints, slices, index lists), optionally passed through
    `normalizer`.

    Args:
        datapath: the `.h5` file.
        dataset: the dataset's name in the file.
        start, end: the rows used (default all).
        normalizer: optional function applied to what is read.
    """

    refs: ClassVar[dict] = {}  # open files, shared by path (as Keras 2)

    def __init__(self, datapath, dataset, start=0, end=None,
                 normalizer=None):
        if datapath not in HDF5Matrix.refs:
            HDF5Matrix.refs[datapath] = _h5py().File(datapath, "r")
        self.data = HDF5Matrix.refs[datapath][dataset]
        self.start = start
        self.end = self.data.shape[0] if end is None else end
        self.normalizer = normalizer
        sample = self._apply(self.data[:1])
        self._shape = (self.end - self.start,) + tuple(sample.shape[1:])
        self._dtype = sample.dtype

    def _apply(self, values):
        values = np.asarray(values)
        return values if self.normalizer is None else np.asarray(
            self.normalizer(values))

    def __len__(self):
        return self.end - self.start

    def __getitem__(self, key):
        n = len(self)
        if isinstance(key, slice):
            begin, stop, step = key.indices(n)
            rows = self.data[self.start + begin:self.start + stop][::step]
        elif isinstance(key, (int, np.integer)):
            if not -n <= key < n:
                raise IndexError(f"Index {key} is out of range for "
                                 f"HDF5Matrix of length {n}.")
            rows = self.data[self.start + int(key) % n]
        else:
            index = np.asarray(key)
            if index.dtype == bool:
                index = np.flatnonzero(index)
            index = index % n + self.start
            order = np.argsort(index)
            rows = np.empty((len(index),) + self._shape[1:],
                            self.data.dtype)
            rows[order] = self.data[np.sort(index).tolist()]
        return self._apply(rows)

    @property
    def shape(self):
        return self._shape

    @property
    def dtype(self):
        return self._dtype

    @property
    def ndim(self):
        return len(self._shape)

    @property
    def size(self):
        return int(np.prod(self._shape))


class H5Dict:
    """A dict view of an HDF5 file or group: arrays are datasets, other
    values (strings, numbers) attributes, nested dicts groups.

    Args:
        path: a filename, an open `h5py.File`/`h5py.Group`, or a dict
            (then the values are kept in that dict).
        mode: file mode when `path` is a filename (default `"a"`).
    """

    def __init__(self, path, mode="a"):
        h5py = _h5py()
        self._owned = False
        if isinstance(path, (h5py.File, h5py.Group, dict)):
            self.data = path
        else:
            self.data = h5py.File(path, mode)
            self._owned = True

    def _is_dict(self):
        return isinstance(self.data, dict)

    def __setitem__(self, key, value):
        if self._is_dict():
            self.data[key] = value
        elif isinstance(value, np.ndarray):
            self.data.create_dataset(key, data=value)
        else:
            self.data.attrs[key] = value

    def __getitem__(self, key):
        if self._is_dict():
            value = self.data.setdefault(key, {})  # a missing key: a group
            return H5Dict(value) if isinstance(value, dict) else value
        if key in self.data.attrs:
            value = self.data.attrs[key]
            return value.decode("utf-8") if isinstance(value, bytes) \
                else value
        if key not in self.data:
            return H5Dict(self.data.create_group(key))
        value = self.data[key]
        if isinstance(value, _h5py().Group):
            return H5Dict(value)
        return value[()]

    def __contains__(self, key):
        if self._is_dict():
            return key in self.data
        return key in self.data or key in self.data.attrs

    def __len__(self):
        if self._is_dict():
            return len(self.data)
        return len(self.data) + len(self.data.attrs)

    def __iter__(self):
        if self._is_dict():
            return iter(self.data)
        return iter(list(self.data.attrs) + list(self.data))

    def get(self, key, default=None):
        return self[key] if key in self else default  # noqa: SIM401

    def flush(self):
        if not self._is_dict():
            self.data.file.flush()

    def close(self):
        """Closes the file when this object opened it."""
        if self._owned:
            self.data.close()


h5dict = H5Dict
