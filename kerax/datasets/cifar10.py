"""CIFAR-10: 60,000 32x32 colour images in 10 classes.

Labels: 0 airplane, 1 automobile, 2 bird, 3 cat, 4 deer, 5 dog, 6 frog,
7 horse, 8 ship, 9 truck.

>>> from kerax.datasets import cifar10
>>> (x_train, y_train), (x_test, y_test) = cifar10.load_data()
... # doctest: +SKIP
>>> x_train.shape, y_train.shape  # doctest: +SKIP
((50000, 32, 32, 3), (50000, 1))
"""

import os

import numpy as np

from kerax.datasets import cifar_format

SPEC = {
    "base": "https://www.cs.toronto.edu/~kriz/",
    "tarball": "cifar-10-python.tar.gz",
    "target": "cifar-10-batches-py-target",
    "inner": "cifar-10-batches-py",
    "hash": "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce",
    "members": tuple(f"data_batch_{i}" for i in range(1, 6)) + ("test_batch",),
    "subdirs": ("cifar10", "cifar-10"),
}


def load_data(path=None):
    """Loads CIFAR-10 (the official python-version batches).

    Args:
        path: Optional path to `cifar-10-python.tar.gz` or to the extracted
            `cifar-10-batches-py` folder. By default: `$KERAX_DATA_DIR`,
            then the kerax and Keras caches, then a download. A copy in
            `$KERAX_DATA_DIR` may also be `.npz` batches
            (`data_batch_<i>.npz`, `test_batch.npz` or a partial
            `test_batch_first<N>.npz`, each with `data` and `labels`);
            when only some batches are there, only those rows are served.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 images of shape
        `(50000, 32, 32, 3)` / `(10000, 32, 32, 3)` (channels first when
        the image data format is `"channels_first"`) and uint8 labels of
        shape `(50000, 1)` / `(10000, 1)`.
    """
    folder = cifar_format.find_folder(SPEC, path)
    npz = None
    if folder is None and path is None:
        npz = cifar_format.find_npz_copy(SPEC)
    if folder is None and npz is None:
        folder = cifar_format.download_folder(SPEC)
    if npz is not None:
        train_files, test_file = npz
        read = cifar_format.load_npz_batch
    else:
        train_files = [os.path.join(folder, m) for m in SPEC["members"][:-1]]
        test_file = os.path.join(folder, "test_batch")
        read = cifar_format.load_batch
    xs, ys = [], []
    for name in train_files:
        x, y = read(name)
        xs.append(x)
        ys.append(np.asarray(y, dtype="uint8"))
    x_train = np.concatenate(xs).astype("uint8")
    y_train = np.concatenate(ys).reshape(-1, 1)
    x_test, y_test = read(test_file)
    x_test = np.asarray(x_test).astype("uint8")
    y_test = np.asarray(y_test).astype("uint8").reshape(-1, 1)
    x_train = cifar_format.to_data_format(x_train)
    x_test = cifar_format.to_data_format(x_test)
    return (x_train, y_train), (x_test, y_test)
