"""Small helpers for `(x, y, sample_weight)` data."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from jax import tree_util


def foreign_to_numpy(value: Any) -> Any:
    """A torch/tf tensor or pandas object as NumPy; anything else as is.

    torch tensors are detached (a tensor that requires grad cannot be read
    through `.numpy()`) and moved to the CPU first.
    """
    if isinstance(value, np.ndarray):
        return value
    if hasattr(value, "detach") and hasattr(value, "cpu"):
        return value.detach().cpu().numpy()
    if hasattr(value, "numpy"):
        return value.numpy()
    if hasattr(value, "to_numpy"):
        return value.to_numpy()
    return value


def unpack_x_y_sample_weight(data: Any) -> tuple[Any, Any, Any]:
    """Splits a batch `(x,)`, `(x, y)` or `(x, y, sample_weight)`."""
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data[0], data[1], data[2]
    raise ValueError(
        "Data is expected to be in format `x`, `(x,)`, `(x, y)`, or "
        f"`(x, y, sample_weight)`, found: {data}"
    )


def pack_x_y_sample_weight(x: Any, y: Any = None,
                           sample_weight: Any = None) -> tuple[Any, ...]:
    """Inverse of `unpack_x_y_sample_weight`."""
    if y is None:
        return (x,)
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def num_samples(structure: Any) -> int:
    """Number of rows shared by every array of `structure`."""
    leaves = [a for a in tree_util.tree_leaves(structure) if a is not None]
    sizes = {int(np.shape(a)[0]) if np.ndim(a) else 1 for a in leaves}
    if len(sizes) > 1:
        details = [tuple(np.shape(a)) for a in leaves]
        raise ValueError(
            "Data cardinality is ambiguous. Make sure all arrays contain "
            f"the same number of samples. Received shapes: {details}"
        )
    return sizes.pop() if sizes else 0


def train_validation_split(arrays: Any,
                           validation_split: float) -> tuple[Any, Any]:
    """Splits off the last `validation_split` fraction (before shuffling)."""
    if not 0.0 < validation_split < 1.0:
        raise ValueError(
            "`validation_split` must be between 0 and 1 (exclusive). "
            f"Received: validation_split={validation_split}"
        )
    total = num_samples(arrays)
    split_at = math.floor(total * (1.0 - validation_split))
    if split_at == 0 or split_at == total:
        raise ValueError(
            f"Training data contains {total} samples, which is not "
            "sufficient to split it into a validation and training set as "
            f"specified by `validation_split={validation_split}`. Either "
            "provide more data, or a different value for the "
            "`validation_split` argument."
        )

    def head(a: Any) -> Any:
        return None if a is None else a[:split_at]

    def tail(a: Any) -> Any:
        return None if a is None else a[split_at:]

    return (
        tree_util.tree_map(head, arrays, is_leaf=lambda a: a is None),
        tree_util.tree_map(tail, arrays, is_leaf=lambda a: a is None),
    )


def class_weight_to_sample_weights(
        y: Any, class_weight: dict[Any, float]) -> np.ndarray:
    """Per-sample weights from `class_weight` (dict class -> weight)."""
    y = np.asarray(y)
    if y.ndim > 1 and y.shape[-1] > 1:
        classes = np.argmax(y, axis=-1)
    else:
        classes = np.round(y.reshape(y.shape[0], -1)[:, 0]).astype("int64")
    max_class = max(int(k) for k in class_weight)
    table = np.ones(max(max_class + 1, int(classes.max()) + 1),
                    dtype="float32")
    for key, weight in class_weight.items():
        table[int(key)] = weight
    return table[classes]
