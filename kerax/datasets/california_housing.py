"""California housing prices (1990 census): 20,640 block groups, 8 features.

The target is the median house value in dollars.

>>> from kerax.datasets import california_housing
>>> (x_train, y_train), _ = california_housing.load_data(version="small")
... # doctest: +SKIP
>>> x_train.shape  # doctest: +SKIP
(480, 8)
"""

import numpy as np

from kerax.datasets import dataset_files

FILE_HASH = "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f"
_SUBDIRS = ("california_housing", "california-housing")


def load_data(
    version="large", path="california_housing.npz", test_split=0.2, seed=113
):
    """Loads the California housing dataset, shuffled and split as Keras does.

    Args:
        version: `"large"` (all 20,640 samples) or `"small"` (the first 600,
            a stand-in for Boston housing).
        path: File name in the cache, or a path to a local copy.
        test_split: Fraction of the data used as test set (in [0, 1)).
        seed: Seed of the `np.random.RandomState` shuffle.

    Returns:
        `(x_train, y_train), (x_test, y_test)`, float arrays with 8 features.
    """
    dataset_files.check_test_split(test_split)
    if version not in ("small", "large"):
        raise ValueError(
            "Argument `version` must be one of 'small', 'large'. "
            f"Received: version={version}"
        )
    path = dataset_files.fetch(
        path, "california_housing.npz", FILE_HASH, _SUBDIRS
    )
    with np.load(path, allow_pickle=False) as f:
        x, y = f["x"], f["y"]
    if version == "small":
        x, y = x[:600], y[:600]
    return dataset_files.shuffled_split(x, y, test_split, seed)
