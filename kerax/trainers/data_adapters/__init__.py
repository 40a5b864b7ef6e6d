"""Picks the data adapter for what the user passed to `fit`/`evaluate`.

Every adapter is a `DataAdapter` (`protocol.py`): the loops read that
interface only.
"""

from typing import Any

from kerax import config
from kerax.trainers.data_adapters.array_adapter import (
    ArrayDataAdapter,
    is_array_data,
)
from kerax.trainers.data_adapters.iterator_adapter import IteratorDataAdapter
from kerax.trainers.data_adapters.protocol import DataAdapter, RowSource
from kerax.trainers.data_adapters.py_dataset import PyDataset
from kerax.trainers.data_adapters.tf_dataset_adapter import (
    TFDatasetAdapter,
    check_tf_dataset_args,
    is_tf_dataset,
)


def get_data_adapter(
    x: Any,
    y: Any = None,
    sample_weight: Any = None,
    batch_size: int | None = None,
    steps: int | None = None,
    shuffle: bool | str = False,
    class_weight: dict[int, float] | None = None,
) -> DataAdapter:
    """The `DataAdapter` for `x`: an ArrayDataAdapter or an
    IteratorDataAdapter (of which TFDatasetAdapter is one)."""
    if x is None:
        raise ValueError(
            "Unrecognized data type: x=None. Expected NumPy arrays, JAX "
            "arrays, a dict or list of arrays, a generator, a "
            "kerax.utils.PyDataset, a torch DataLoader or a tf.data.Dataset."
        )
    steps = config.cap("max_steps_per_epoch", steps)
    if is_tf_dataset(x):
        check_tf_dataset_args(y, sample_weight, batch_size)
        return TFDatasetAdapter(x, steps=steps, class_weight=class_weight)
    if is_array_data(x):
        return ArrayDataAdapter(
            x, y, sample_weight, batch_size=batch_size, steps=steps,
            shuffle=shuffle, class_weight=class_weight,
        )
    if hasattr(x, "__iter__") or hasattr(x, "__getitem__"):
        for name, value in (("y", y), ("sample_weight", sample_weight)):
            if value is not None:
                raise ValueError(
                    f"When providing `x` as a {type(x).__name__}, `{name}` "
                    "should not be passed. Instead, the data should be "
                    f"included in the {type(x).__name__} (yielding "
                    f"`(x, y, sample_weight)` batches). Received: {name}="
                    f"{type(value).__name__}"
                )
        if batch_size is not None and hasattr(x, "__next__"):
            raise ValueError(
                "The `batch_size` argument must not be specified for the "
                "given input type, which yields batches. Received: "
                f"batch_size={batch_size}"
            )
        return IteratorDataAdapter(
            x, steps=steps, class_weight=class_weight, shuffle=shuffle
        )
    raise ValueError(
        f"Unrecognized data type: x={x} (of type {type(x)})"
    )


__all__ = [
    "ArrayDataAdapter", "DataAdapter", "IteratorDataAdapter", "PyDataset",
    "RowSource", "TFDatasetAdapter", "get_data_adapter",
]
