"""A `tf.data.Dataset` fed to `fit`/`evaluate`/`predict`.

TensorFlow is never a kerax dependency and is never imported here: a
dataset is recognized by its class (a `DatasetV2` subclass defined in a
`tensorflow.` module, so TensorFlow is already loaded), and read through
its own `cardinality()` and `as_numpy_iterator()` methods. Each element is
one batch `x`, `(x,)`, `(x, y)` or `(x, y, sample_weight)`, any of which
may be a dict or list of arrays.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator
from typing import Any

from kerax.trainers.data_adapters.iterator_adapter import IteratorDataAdapter

# `tf.data.INFINITE_CARDINALITY`; `UNKNOWN_CARDINALITY` is -2.
_INFINITE = -1


def is_tf_dataset(x: Any) -> bool:
    """Whether `x` is a `tf.data.Dataset`, without importing TensorFlow."""
    cls = type(x)
    if not (cls.__module__ or "").startswith("tensorflow"):
        return False
    if "tensorflow" not in sys.modules:
        return False
    return any(
        base.__name__ == "DatasetV2"
        and (base.__module__ or "").startswith("tensorflow.")
        for base in cls.__mro__
    )


def check_tf_dataset_args(y: Any = None, sample_weight: Any = None,
                          batch_size: int | None = None) -> None:
    """Raises Keras's errors for arguments a dataset must carry itself."""
    for name, description, value in (
        ("y", "the targets", y),
        ("sample_weights", "the sample weights", sample_weight),
    ):
        if value is not None:
            raise ValueError(
                f"When providing `x` as a tf.data.Dataset, `{name}` should "
                f"not be passed. Instead, {description} should be included "
                "as part of the tf.data.Dataset."
            )
    if batch_size is not None:
        raise ValueError(
            "The `batch_size` argument must not be specified for the given "
            "input type: a tf.data.Dataset yields batches (batch it with "
            f"`dataset.batch(...)`). Received: batch_size={batch_size}"
        )


class TFDatasetAdapter(IteratorDataAdapter):
    """Batches of a `tf.data.Dataset`, converted to NumPy.

    Without `steps`, each epoch iterates the dataset anew. With `steps`
    (`steps_per_epoch`), like Keras, one iterator carries over from epoch
    to epoch (a `repeat()`ed or shuffled dataset keeps going) and restarts
    once the dataset is used up.
    """

    def __init__(self, dataset: Any, steps: int | None = None,
                 class_weight: dict[int, float] | None = None) -> None:
        super().__init__(dataset, steps=steps, class_weight=class_weight)
        self.cardinality = int(dataset.cardinality())
        if self.cardinality == _INFINITE and steps is None:
            raise ValueError(
                "When providing an infinite dataset, you must specify the "
                "number of steps to run (`steps_per_epoch`, "
                "`validation_steps` or `steps`). If you did not intend to "
                "create an infinite dataset, make sure to not call "
                "`repeat()` on the dataset."
            )
        self._iterator = None
        self._seen = 0
        if steps is not None:
            self.num_batches = steps
        else:
            self.num_batches = (
                self.cardinality if self.cardinality >= 0 else None)

    def _new_iterator(self) -> Iterator[Any]:
        if self.steps_limit is None:
            return self.source.as_numpy_iterator()
        return self._carried_over()

    def _carried_over(self) -> Iterator[Any]:
        """Up to `steps` batches from the iterator kept across epochs."""
        assert self.steps_limit is not None  # `_new_iterator` checked
        if self._iterator is None:
            self._iterator = self.source.as_numpy_iterator()
            self._seen = 0
        iterator = self._iterator
        for _ in range(self.steps_limit):
            batch = next(iterator, None) if self._iterator is not None else None
            if batch is None:
                self._iterator = None
                _ran_out_warning()
                return
            self._seen += 1
            if 0 <= self.cardinality <= self._seen:
                # Used up: the next epoch starts a fresh pass (decided
                # before yielding, as the consumer may stop at any batch).
                self._iterator = None
            yield batch


def _ran_out_warning() -> None:
    warnings.warn(
        "Your input ran out of data; interrupting the epoch. Make sure "
        "that your dataset can generate at least `steps_per_epoch * "
        "epochs` batches. You may need to use the `.repeat()` function "
        "when building your dataset.",
        stacklevel=3,
    )
