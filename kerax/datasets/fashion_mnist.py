"""Fashion-MNIST: 70,000 28x28 grayscale images of 10 clothing classes.

Labels: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal,
6 Shirt, 7 Sneaker, 8 Bag, 9 Ankle boot.

>>> from kerax.datasets import fashion_mnist
>>> (x_train, y_train), _ = fashion_mnist.load_data()  # doctest: +SKIP
>>> x_train.shape  # doctest: +SKIP
(60000, 28, 28)
"""

import os

from kerax.datasets import dataset_files, idx_format
from kerax.support import file_utils

CACHE_SUBDIR = os.path.join("datasets", "fashion-mnist")
_SUBDIRS = ("fashion_mnist", "fashion-mnist")


def _find_folder(path):
    if path is not None:
        path = os.path.expanduser(os.fspath(path))
        folder = path if os.path.isdir(path) else os.path.dirname(path)
        if not idx_format.has_idx_files(folder):
            raise ValueError(
                "`path` must be a folder holding the four Fashion-MNIST IDX "
                f"files {idx_format.IDX_FILES} (or one of them). "
                f"Received: path={path}"
            )
        return folder
    candidates = dataset_files.data_dirs(_SUBDIRS, include_root=False)
    candidates += dataset_files.cache_dirs(CACHE_SUBDIR)
    for folder in candidates:
        if idx_format.has_idx_files(folder):
            return folder
    return None


def load_data(path=None):
    """Loads the Fashion-MNIST dataset from its four IDX `.gz` files.

    Args:
        path: Optional folder (or one file in the folder) holding the four
            IDX files. By default `$KERAX_DATA_DIR/fashion_mnist`, then the
            kerax and Keras caches (`datasets/fashion-mnist`), then a
            download from Keras's origin.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: uint8 arrays of shapes
        `(60000, 28, 28)`, `(60000,)`, `(10000, 28, 28)`, `(10000,)`.
    """
    folder = _find_folder(path)
    if folder is None:
        paths = [
            file_utils.get_file(
                stem + ".gz",
                origin=dataset_files.dataset_origin(
                    dataset_files.KERAS_ORIGIN, stem + ".gz"
                ),
                cache_subdir=CACHE_SUBDIR,
            )
            for stem in idx_format.IDX_FILES
        ]
        folder = os.path.dirname(paths[0])
        if not idx_format.has_idx_files(folder):  # files found in two caches
            arrays = [idx_format.load_idx(p) for p in paths]
            return (arrays[0], arrays[1]), (arrays[2], arrays[3])
    return idx_format.load_idx_folder(folder)
