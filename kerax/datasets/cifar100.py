"""CIFAR-100: 60,000 32x32 colour images in 100 fine classes (grouped in
20 coarse superclasses).

>>> from kerax.datasets import cifar100
>>> (x_train, y_train), _ = cifar100.load_data(label_mode="coarse")
... # doctest: +SKIP
>>> x_train.shape, int(y_train.max())  # doctest: +SKIP
((50000, 32, 32, 3), 19)
"""

import os

import numpy as np

from kerax.datasets import cifar_format

SPEC = {
    "base": "https://www.cs.toronto.edu/~kriz/",
    "tarball": "cifar-100-python.tar.gz",
    "target": "cifar-100-python-target",
    "inner": "cifar-100-python",
    "hash": "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7",
    "members": ("train", "test"),
    "subdirs": ("cifar100", "cifar-100"),
}


def load_data(label_mode="fine", path=None):
    """Loads CIFAR-100 (the official python-version files).

    Args:
        label_mode: `"fine"` (100 classes) or `"coarse"` (20 superclasses).
        path: Optional path to `cifar-100-python.tar.gz` or to the extracted
            `cifar-100-python` folder (default: search, then download).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 images of shape
        `(50000, 32, 32, 3)` / `(10000, 32, 32, 3)` and int64 labels of
        shape `(50000, 1)` / `(10000, 1)`.
    """
    if label_mode not in ("fine", "coarse"):
        raise ValueError(
            '`label_mode` must be one of "fine", "coarse". '
            f"Received: label_mode={label_mode}"
        )
    folder = cifar_format.find_folder(SPEC, path)
    if folder is None:
        folder = cifar_format.download_folder(SPEC)
    key = f"{label_mode}_labels"
    x_train, y_train = cifar_format.load_batch(os.path.join(folder, "train"),
                                               key)
    x_test, y_test = cifar_format.load_batch(os.path.join(folder, "test"), key)
    y_train = np.reshape(y_train, (len(y_train), 1))
    y_test = np.reshape(y_test, (len(y_test), 1))
    return (cifar_format.to_data_format(x_train), y_train), (
        cifar_format.to_data_format(x_test),
        y_test,
    )
