"""MNIST handwritten digits: 60,000 training and 10,000 test images.

>>> from kerax.datasets import mnist
>>> (x_train, y_train), (x_test, y_test) = mnist.load_data()  # doctest: +SKIP
>>> x_train.shape, x_train.dtype, y_train.shape  # doctest: +SKIP
((60000, 28, 28), dtype('uint8'), (60000,))
"""

import os

import numpy as np

from kerax.datasets import dataset_files, idx_format

FILE_HASH = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"
_SUBDIRS = ("mnist",)


def _idx_folder(path):
    """A folder holding the four IDX files, from `path` or the usual
    places (KERAX_DATA_DIR/mnist, the kerax and Keras caches)."""
    if path is not None and os.path.isdir(path):
        return path if idx_format.has_idx_files(path) else None
    if path is not None and os.path.isfile(path):
        folder = os.path.dirname(path)
        return folder if idx_format.has_idx_files(folder) else None
    candidates = dataset_files.data_dirs(_SUBDIRS, include_root=False)
    for cache in dataset_files.cache_dirs():
        candidates += [cache, os.path.join(cache, "mnist")]
    for folder in candidates:
        if idx_format.has_idx_files(folder):
            return folder
    return None


def load_data(path="mnist.npz"):
    """Loads the MNIST dataset (Keras's `mnist.npz`, or the original IDX
    files when those are what you have).

    Args:
        path: File name in the cache (`~/.kerax/datasets`), or a path to
            `mnist.npz`, to one of the original IDX `.gz` files, or to the
            folder holding all four. Folders listed in `$KERAX_DATA_DIR`
            (directly or in `mnist/`) are searched too.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 arrays of shapes
        `(60000, 28, 28)`, `(60000,)`, `(10000, 28, 28)`, `(10000,)`.
    """
    direct = dataset_files.user_path(path)
    if direct is not None and not direct.endswith(".npz"):
        folder = _idx_folder(direct)
        if folder is None:
            raise ValueError(
                "`path` must be mnist.npz, an IDX file or a folder with the "
                f"four IDX files {idx_format.IDX_FILES}. Received: path={path}"
            )
        return idx_format.load_idx_folder(folder)
    npz = direct
    if npz is None:
        npz = dataset_files.find_local(path, _SUBDIRS, file_hash=FILE_HASH)
    if npz is None:
        folder = _idx_folder(None)
        if folder is not None:
            return idx_format.load_idx_folder(folder)
        npz = dataset_files.fetch(
            path, "mnist.npz", FILE_HASH, _SUBDIRS,
            hint="Alternatively, put the four original IDX files "
            "(train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
            "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) in "
            "~/.kerax/datasets/mnist or in a folder named by KERAX_DATA_DIR.",
        )
    with np.load(npz, allow_pickle=False) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
