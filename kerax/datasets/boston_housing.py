"""Boston housing prices (StatLib/UCI): 506 samples, 13 features.

The target is the median home value in thousands of dollars. Note: the
data includes a feature ("B") built on a racist assumption; use it only to
illustrate such problems, not as a benchmark.

>>> from kerax.datasets import boston_housing
>>> (x_train, y_train), (x_test, y_test) = boston_housing.load_data()
... # doctest: +SKIP
>>> x_train.shape, x_test.shape  # doctest: +SKIP
((404, 13), (102, 13))
"""

import os

import numpy as np

from kerax.datasets import dataset_files

FILE_HASH = "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5"
_SUBDIRS = ("boston_housing", "boston-housing")
_RAW_NAME = "housing.data"


def _read(path):
    if path.endswith(".npz"):
        with np.load(path, allow_pickle=False) as f:
            return f["x"], f["y"]
    table = np.loadtxt(path, dtype="float64")
    if table.ndim != 2 or table.shape[1] != 14:
        raise ValueError(
            f"{path} must have 14 whitespace-separated columns (13 features "
            f"and the price) like UCI's housing.data. Got shape {table.shape}."
        )
    return table[:, :13], table[:, 13]


def _resolve(path):
    direct = dataset_files.user_path(path)
    if direct is not None:
        return direct
    name = os.path.basename(path)
    found = dataset_files.find_local(name, _SUBDIRS, file_hash=FILE_HASH)
    if found is None:
        found = dataset_files.find_local(_RAW_NAME, _SUBDIRS)
    if found is not None:
        return found
    return dataset_files.fetch(
        path, "boston_housing.npz", FILE_HASH, _SUBDIRS,
        hint="Alternatively, put the original 506-row housing.data (UCI) in "
        "~/.kerax/datasets or in a folder named by KERAX_DATA_DIR.",
    )


def load_data(path="boston_housing.npz", test_split=0.2, seed=113):
    """Loads the Boston housing dataset, shuffled and split as Keras does.

    Args:
        path: File name in the cache, or a path to `boston_housing.npz` or
            to the original `housing.data` text file.
        test_split: Fraction of the data used as test set (in [0, 1)).
        seed: Seed of the `np.random.RandomState` shuffle.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: float64 arrays; 404 training
        and 102 test samples by default.
    """
    dataset_files.check_test_split(test_split)
    x, y = _read(_resolve(path))
    return dataset_files.shuffled_split(x, y, test_split, seed)
