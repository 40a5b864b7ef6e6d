"""Small standard datasets (Keras's `keras.datasets`), as NumPy arrays.

Files are cached under `$KERAX_HOME/datasets` (default `~/.kerax`); copies
already in Keras's cache (`~/.keras/datasets`) or in folders listed in
`$KERAX_DATA_DIR` are used without downloading. See `docs/datasets.md`.

>>> from kerax import datasets
>>> sorted(m for m in dir(datasets) if not m.startswith("_"))[:3]
['boston_housing', 'california_housing', 'cifar10']
"""

from kerax.datasets import (
    boston_housing,
    california_housing,
    cifar10,
    cifar100,
    fashion_mnist,
    imdb,
    mnist,
    reuters,
)

__all__ = [
    "boston_housing",
    "california_housing",
    "cifar10",
    "cifar100",
    "fashion_mnist",
    "imdb",
    "mnist",
    "reuters",
]
