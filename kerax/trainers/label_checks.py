"""Host-side checks of targets before a `fit`/`evaluate` runs.

`sparse_categorical_crossentropy` reads one entry of the output per label;
inside a jitted step an out-of-range label reads a clamped index, or NaN,
without any error (Keras gives a loss of 0 for label 10 of 10 classes).
One `min`/`max` over the labels on the host, once per call, catches it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from kerax.support.hints import PyTree
from kerax.trainers.compile_utils import flatten_outputs, match_targets


def _sparse_loss_options(
        fn: Callable[..., Any]) -> tuple[int, int | None] | None:
    """`(axis, ignore_class)` when `fn` is sparse categorical crossentropy,
    else None."""
    from kerax.losses.crossentropy import sparse_categorical_crossentropy

    if getattr(fn, "fn", None) is not sparse_categorical_crossentropy:
        return None
    options = getattr(fn, "_fn_kwargs", {})
    return options.get("axis", -1), options.get("ignore_class")


def check_sparse_labels(compile_loss: Any, y: PyTree,
                        y_pred_spec: PyTree) -> None:
    """Raises a `ValueError` when a target of a sparse categorical
    crossentropy output is not an integer in `[0, classes)` (labels equal
    to the loss's `ignore_class` excepted). Only NumPy targets are read."""
    if compile_loss is None or not compile_loss.built or y is None:
        return
    names, outputs = flatten_outputs(y_pred_spec, compile_loss.names)
    targets = match_targets(y, names, "y")
    for name, fn, target, output in zip(
            names, compile_loss.losses, targets, outputs):
        options = _sparse_loss_options(fn)
        if options is None or not isinstance(target, np.ndarray):
            continue
        if target.size == 0 or target.dtype.kind not in "iuf":
            continue
        axis, ignore_class = options
        classes = int(output.shape[axis])
        labels = target if ignore_class is None else target[
            target != ignore_class]
        if labels.size == 0:
            continue
        low, high = labels.min(), labels.max()
        whole = target.dtype.kind != "f" or np.all(labels == np.round(labels))
        if low >= 0 and high < classes and whole:
            continue
        raise ValueError(
            f"Output '{name}' uses sparse_categorical_crossentropy with "
            f"{classes} classes, so its labels must be integers from 0 to "
            f"{classes - 1}. Received labels from {low:g} to {high:g}"
            + (f" (label {high:g} needs an output of {int(high) + 1} units)"
               if high >= classes else "")
            + "."
        )
