"""Readers for the original MNIST / Fashion-MNIST distribution: IDX files,
gzipped or not (`train-images-idx3-ubyte.gz`, ...).

IDX layout: two zero bytes, a type code (0x08 = uint8), the number of
dimensions, then each dimension as a big-endian uint32, then the data.

>>> import gzip, io, numpy as np
>>> raw = bytes([0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9])
>>> read_idx(io.BytesIO(raw))
array([7, 8, 9], dtype=uint8)
"""

import gzip
import os

import numpy as np

IDX_FILES = (
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
)
_DTYPES = {
    0x08: np.uint8,
    0x09: np.int8,
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}


def read_idx(fileobj, name="<stream>"):
    """Reads one IDX array from an open binary file object."""
    data = fileobj.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] not in _DTYPES:
        raise ValueError(
            f"{name} is not an IDX file (bad magic number "
            f"{data[:4].hex() if data else 'empty'})."
        )
    dtype = np.dtype(_DTYPES[data[2]])
    ndim = data[3]
    header = 4 + 4 * ndim
    shape = tuple(
        int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim)
    )
    count = int(np.prod(shape)) if shape else 1
    if len(data) - header != count * dtype.itemsize:
        raise ValueError(
            f"{name}: IDX header announces shape {shape} but the file holds "
            f"{len(data) - header} data bytes."
        )
    array = np.frombuffer(data, dtype=dtype, offset=header).reshape(shape)
    return array.astype(dtype.newbyteorder("="), copy=False)


def idx_path(folder, stem):
    """`<folder>/<stem>.gz`, `<folder>/<stem>` or the `.`-spelled variant
    (`train-images.idx3-ubyte`), whichever exists; else None."""
    dotted = stem.replace("-idx", ".idx")
    for name in (stem + ".gz", stem, dotted + ".gz", dotted):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            return path
    return None


def has_idx_files(folder):
    return all(idx_path(folder, stem) for stem in IDX_FILES)


def load_idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        return read_idx(f, name=path)


def load_idx_folder(folder):
    """`((x_train, y_train), (x_test, y_test))` from the four IDX files."""
    arrays = [load_idx(idx_path(folder, stem)) for stem in IDX_FILES]
    x_train, y_train, x_test, y_test = arrays
    for images, labels, split in ((x_train, y_train, "train"),
                                  (x_test, y_test, "t10k")):
        if len(images) != len(labels):
            raise ValueError(
                f"{folder}: {split} images ({len(images)}) and labels "
                f"({len(labels)}) differ in length."
            )
    return (x_train, y_train), (x_test, y_test)
