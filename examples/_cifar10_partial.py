"""CIFAR-10 from the partial offline copy in `$KERAX_DATA_DIR/cifar10/`.

The examples' offline data folder (see `/work/shared/data/SOURCES.md`) holds
only `data_batch_1.npz` and `data_batch_2.npz` (the first 20000 training
images, content-identical to the official pickles) and
`test_batch_first1000.npz` (the first 1000 test images), not the official
`cifar-10-batches-py` pickles that `kerax.datasets.cifar10.load_data()`
reads, so that loader cannot use it. This helper returns the same
`(x_train, y_train), (x_test, y_test)` layout from those files (uint8
images in the current image data format, uint8 labels of shape (N, 1)).
"""

import os

import numpy as np

from kerax import backend

FILES = ("data_batch_1.npz", "data_batch_2.npz")
TEST_FILE = "test_batch_first1000.npz"


def find_folder():
    for root in os.environ.get("KERAX_DATA_DIR", "").split(os.pathsep):
        folder = os.path.join(root, "cifar10") if root else ""
        names = FILES + (TEST_FILE,)
        if folder and all(
            os.path.isfile(os.path.join(folder, f)) for f in names
        ):
            return folder
    return None


def _read(path):
    with np.load(path) as d:
        x = d["data"].reshape(-1, 3, 32, 32)
        y = d["labels"].astype("uint8").reshape(-1, 1)
    if backend.image_data_format() == "channels_last":
        x = x.transpose(0, 2, 3, 1)
    return x, y


def load_data():
    folder = find_folder()
    if folder is None:
        raise OSError(
            "No full CIFAR-10 copy and no partial offline copy "
            "(cifar10/data_batch_{1,2}.npz, test_batch_first1000.npz) "
            "under $KERAX_DATA_DIR."
        )
    xs, ys = zip(*(_read(os.path.join(folder, f)) for f in FILES))
    x_test, y_test = _read(os.path.join(folder, TEST_FILE))
    return ((np.concatenate(xs), np.concatenate(ys)), (x_test, y_test))
